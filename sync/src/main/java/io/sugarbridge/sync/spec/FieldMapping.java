package io.sugarbridge.sync.spec;

import java.util.List;

/**
 * How one Sugar field gets its value from a source row: a column (optionally transformed), a
 * constant, Sugar's {@code email} array built from columns, or the id of a parent record looked up
 * by one of its fields. Each mapping remembers the line it was written on for error messages.
 */
public sealed interface FieldMapping
    permits FieldMapping.Column, FieldMapping.Const, FieldMapping.Email, FieldMapping.Lookup {

  /** The line of the sync file this mapping was read from (0 when seeded by default). */
  int line();

  /** Source columns this mapping reads. */
  List<String> columns();

  /** {@code field: column} or {@code field: {column: c, transform: trim|lower|upper}}. */
  record Column(String column, Transform transform, int line) implements FieldMapping {
    @Override
    public List<String> columns() {
      return List.of(column);
    }
  }

  /** {@code field: {const: value}}: the same value on every row. */
  record Const(String value, int line) implements FieldMapping {
    @Override
    public List<String> columns() {
      return List.of();
    }
  }

  /**
   * {@code email: {email: col, opt_out: col}}: Sugar's {@code email} array with one primary
   * address; {@code optOutColumn} may be null. A plain {@code email: col} (or {@code {column: col,
   * transform: …}}) on Sugar's {@code email} field reads as this too, with its transform.
   */
  record Email(String emailColumn, String optOutColumn, Transform transform, int line)
      implements FieldMapping {
    public Email(String emailColumn, String optOutColumn, int line) {
      this(emailColumn, optOutColumn, Transform.NONE, line);
    }

    @Override
    public List<String> columns() {
      return optOutColumn == null ? List.of(emailColumn) : List.of(emailColumn, optOutColumn);
    }
  }

  /**
   * {@code field: {lookup: {module, field, column}}}: the id of the {@code module} record whose
   * {@code field} equals the row's {@code column}.
   */
  record Lookup(String module, String field, String column, int line) implements FieldMapping {
    @Override
    public List<String> columns() {
      return List.of(column);
    }
  }

  /** Cheap text transforms applied to a column's value before sending. */
  enum Transform {
    NONE,
    TRIM,
    LOWER,
    UPPER;

    public Object apply(Object v) {
      if (!(v instanceof String s) || this == NONE) {
        return v;
      }
      return switch (this) {
        case TRIM -> s.strip();
        case LOWER -> s.strip().toLowerCase(java.util.Locale.ROOT);
        case UPPER -> s.strip().toUpperCase(java.util.Locale.ROOT);
        default -> s;
      };
    }
  }
}
