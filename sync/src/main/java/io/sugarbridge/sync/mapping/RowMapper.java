package io.sugarbridge.sync.mapping;

import io.sugarbridge.sync.source.SourceRow;
import io.sugarbridge.sync.spec.FieldMapping;
import io.sugarbridge.sync.spec.SyncSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns source rows into Sugar field values by the sync file's mappings: columns (with their
 * transform), constants, Sugar's {@code email} array and parent lookups (left as {@link LookupRef}
 * until sent). Values become what Sugar's JSON expects: dates as {@code yyyy-MM-dd}, timestamps as
 * ISO-8601 with offset, decimals as plain text. Also computes the row key, and builds each row's
 * {@link CanonicalRow} (its fingerprint and canonical JSON) once. Stateless and thread-safe.
 */
public final class RowMapper {
  private static final DateTimeFormatter SUGAR_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private final SyncSpec spec;
  private final String target;

  public RowMapper(SyncSpec spec) {
    this.spec = spec;
    this.target = spec.module() + "/" + spec.mode();
  }

  public MappedRow map(SourceRow row) {
    List<String> problems = new ArrayList<>();
    String key = key(row, problems);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, FieldMapping> e : spec.mappings().entrySet()) {
      String field = e.getKey();
      FieldMapping m = e.getValue();
      if (m instanceof FieldMapping.Column c) {
        values.put(field, sugarValue(c.transform().apply(row.get(c.column()))));
      } else if (m instanceof FieldMapping.Const c) {
        values.put(field, c.value());
      } else if (m instanceof FieldMapping.Email em) {
        Object address = em.transform().apply(row.get(em.emailColumn()));
        if (address != null && !address.toString().isBlank()) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("email_address", address.toString().strip());
          item.put("primary_address", true);
          if (em.optOutColumn() != null) {
            item.put("opt_out", truthy(row.get(em.optOutColumn())));
          }
          values.put(field, List.of(item));
        }
      } else if (m instanceof FieldMapping.Lookup lk) {
        Object v = row.get(lk.column());
        values.put(
            field,
            v == null || v.toString().isBlank()
                ? null
                : new LookupRef(lk.module(), lk.field(), sugarValue(v).toString()));
      }
    }
    String matchValue = null;
    if (spec.match() != null) {
      Object v = row.get(spec.match().column());
      matchValue = v == null || v.toString().isBlank() ? null : sugarValue(v).toString().strip();
    }
    String match = matchValue == null ? null : spec.match().field() + "=" + matchValue;
    return new MappedRow(
        row.number(), key, CanonicalRow.of(values, target, match), matchValue, problems, List.of());
  }

  private String key(SourceRow row, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    for (String col : spec.key()) {
      Object v = row.get(col);
      if (v == null || v.toString().isBlank()) {
        problems.add("key column '" + col + "' is empty, so the row cannot be tracked across runs");
        return null;
      }
      if (sb.length() > 0) {
        // A separator that never occurs in ordinary keys keeps composite keys unambiguous.
        sb.append('\u001f');
      }
      sb.append(sugarValue(v));
    }
    return sb.toString();
  }

  static Object sugarValue(Object v) {
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof Instant i) {
      return SUGAR_DATETIME.format(i);
    }
    if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return (long) d.doubleValue();
    }
    return v;
  }

  static boolean truthy(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v == null) {
      return false;
    }
    String s = v.toString().strip().toLowerCase(Locale.ROOT);
    return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("y") || s.equals("t");
  }
}
