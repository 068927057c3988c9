package io.sugarbridge.sandbox.app.module;

import java.util.Set;

/** What the sandbox's code needs to know about Sugar's field storage types. */
public final class FieldTypes {
  /** The storage types ({@code dbType}) whose values are numbers. */
  private static final Set<String> NUMERIC =
      Set.of("int", "double", "float", "decimal", "currency");

  private FieldTypes() {}

  /** Whether values of this storage type ({@code dbType}, may be null) are numbers. */
  public static boolean isNumeric(String dbType) {
    return dbType != null && NUMERIC.contains(dbType);
  }
}
