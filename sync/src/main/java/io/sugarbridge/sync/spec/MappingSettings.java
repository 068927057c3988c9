package io.sugarbridge.sync.spec;

import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.config.Values;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings of a sync file's {@code mappings:}, declared once: each Sugar field's entry is one
 * of four shapes, told apart by its first key ({@code column}, {@code const}, {@code email}, {@code
 * lookup}; a single value is a column). Part of {@link SyncSettings#FILE}; {@link SyncSpecReader}
 * turns each entry into a {@link FieldMapping}.
 */
public final class MappingSettings {
  private static final String GROUP_MAPPINGS = "mappings";
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final String LOOKUP_EXAMPLE =
      "{lookup: {module: Accounts, field: name, column: company}}";
  private static final String NO_COLUMN =
      "has no column; write the source column's name, or {const: value} for a constant";

  /** A source column: written in any case, compared in lower case (as the source's are). */
  static final SettingType<String> COLUMN_TYPE =
      SettingType.of(
          "column", t -> t.strip().toLowerCase(Locale.ROOT), "is not a column name", t -> t);

  /** A Sugar field's name, as a key of {@code mappings}. */
  static final SettingType<String> FIELD_TYPE =
      SettingType.of(
          "field",
          t -> {
            if (!FIELD_NAME.matcher(t).matches()) {
              throw new IllegalArgumentException(t);
            }
            return t;
          },
          "is not a Sugar field name",
          t -> t);

  public static final Setting<String> COLUMN =
      Setting.of("column", COLUMN_TYPE)
          .required(NO_COLUMN)
          .check(c -> c.isEmpty() ? NO_COLUMN : null)
          .doc("the source column; `field: column` is short for `field: {column: column}`")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<FieldMapping.Transform> TRANSFORM =
      Setting.of("transform", SettingType.oneOf(FieldMapping.Transform.class))
          .defaultValue(FieldMapping.Transform.NONE)
          .invalid("is not a transform; write trim, lower or upper")
          .doc("applied to the column's text before sending")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> CONST =
      Setting.of("const", SettingType.string())
          .doc("the same value on every row")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> EMAIL =
      Setting.of("email", COLUMN_TYPE)
          .required("needs the column holding the address, e.g. {email: email}")
          .doc(
              "builds Sugar's `email` array with this column's address as the primary one (see"
                  + " [Email addresses](#email-addresses))")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> OPT_OUT =
      Setting.of("opt_out", COLUMN_TYPE)
          .doc("with `email`: the column holding the address's opt-out flag")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> LOOKUP_MODULE =
      Setting.of("module", SettingType.string())
          .required("is missing; write e.g. " + LOOKUP_EXAMPLE)
          .allowed(String.join(", ", ModuleDefaults.MODULES))
          .check(MappingSettings::checkLookupModule)
          .doc("the parent record's module")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> LOOKUP_FIELD =
      Setting.of("field", SettingType.string())
          .required("is missing; write e.g. " + LOOKUP_EXAMPLE)
          .doc("the parent's field that must equal the column")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<String> LOOKUP_COLUMN =
      Setting.of("column", COLUMN_TYPE)
          .required("is missing; write e.g. " + LOOKUP_EXAMPLE)
          .doc("the source column")
          .group(GROUP_MAPPINGS)
          .build();

  public static final Setting<Values> LOOKUP =
      Setting.section("lookup", Section.of(LOOKUP_MODULE, LOOKUP_FIELD, LOOKUP_COLUMN))
          .required("needs module, field and column, e.g. " + LOOKUP_EXAMPLE)
          .shape("must be {module, field, column}, e.g. " + LOOKUP_EXAMPLE)
          .doc("the id of the parent record whose `field` equals the row's `column`")
          .group(GROUP_MAPPINGS)
          .build();

  /** One mapping: a column, a constant, an email address list or a lookup. */
  static final Section MAPPING =
      Section.oneOf(
              Section.of(COLUMN, TRANSFORM),
              Section.of(CONST),
              Section.of(EMAIL, OPT_OUT),
              Section.of(LOOKUP))
          .withShorthand(COLUMN);

  public static final Setting<Map<String, Values>> MAPPINGS =
      Setting.sectionMap("mappings", FIELD_TYPE, MAPPING)
          .defaultText("the module's default fields from same-named columns")
          .allowed("Sugar field names")
          .shape("must be a mapping of Sugar field to source column")
          .doc("Sugar field to where its value comes from (see [Mappings](#mappings))")
          .group(GROUP_MAPPINGS)
          .build();

  private MappingSettings() {}

  private static String checkLookupModule(String module) {
    if (ModuleDefaults.MODULES.contains(module)) {
      return null;
    }
    return "'"
        + module
        + "' is not a module"
        + Suggestions.didYouMeanOrCompletion(module, ModuleDefaults.MODULES)
        + "; write one of "
        + String.join(", ", ModuleDefaults.MODULES);
  }
}
