package io.sugarbridge.sync.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the source result. {@code number} counts from 1 in result order, so error reports can
 * point at the row. {@code values} maps each column (lower-case, in query order) to a value of one
 * of these types only: {@link String}, {@link Long}, {@link Double}, {@link java.math.BigDecimal},
 * {@link Boolean}, {@link java.time.LocalDate}, {@link java.time.Instant} (timestamps, in UTC) or
 * {@code null}; whatever the database's own types, later stages see only these.
 */
public record SourceRow(long number, Map<String, Object> values) {

  public SourceRow {
    // Map.copyOf refuses null values, and SQL NULL is an ordinary value here.
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of a column, matched without regard to case; null when absent or SQL NULL. */
  public Object get(String column) {
    Object value = values.get(column);
    if (value == null && column != null) {
      value = values.get(column.toLowerCase(Locale.ROOT));
    }
    return value;
  }

  /** True when the result has this column (matched without regard to case). */
  public boolean has(String column) {
    return column != null
        && (values.containsKey(column) || values.containsKey(column.toLowerCase(Locale.ROOT)));
  }
}
