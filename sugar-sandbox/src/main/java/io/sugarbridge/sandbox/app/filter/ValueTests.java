package io.sugarbridge.sandbox.app.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.module.FieldTypes;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The value side of the filter language: for one field operator and its argument, the test of a
 * stored value's text, by how the field's values compare (text case-insensitively, numbers as
 * numbers, dates and date-times in their stored form, a bare date against a date-time meaning that
 * whole day).
 */
final class ValueTests {
  /** How a field's values compare. */
  enum Kind {
    TEXT,
    NUMBER,
    DATE,
    DATETIME,
    BOOL
  }

  private final Supplier<LocalDate> today;

  /**
   * @param today today's date (UTC), for the relative date operators
   */
  ValueTests(Supplier<LocalDate> today) {
    this.today = today;
  }

  /** The test one operator makes of a field's stored text. */
  Predicate<String> test(Kind kind, String op, JsonNode arg) {
    switch (op) {
      case "$equals":
      case "$not_equals":
        return eq(kind, arg);
      case "$starts":
        {
          String p = arg.asText("");
          return s -> s.regionMatches(true, 0, p, 0, p.length());
        }
      case "$ends":
        {
          String p = arg.asText("");
          return s ->
              s.length() >= p.length()
                  && s.regionMatches(true, s.length() - p.length(), p, 0, p.length());
        }
      case "$contains":
      case "$not_contains":
        {
          String p = arg.asText("").toLowerCase(Locale.ROOT);
          return s -> s.toLowerCase(Locale.ROOT).contains(p);
        }
      case "$in":
      case "$not_in":
        {
          if (!arg.isArray()) {
            throw SugarApiException.invalidParameter(op + " requires an array");
          }
          List<Predicate<String>> any = new ArrayList<>();
          arg.forEach(a -> any.add(eq(kind, a)));
          return s -> any.stream().anyMatch(t -> t.test(s));
        }
      case "$between":
      case "$dateBetween":
        {
          if (!arg.isArray() || arg.size() != 2) {
            throw SugarApiException.invalidParameter(op + " requires an array with two values.");
          }
          return compare(kind, "$gte", arg.get(0)).and(compare(kind, "$lte", arg.get(1)));
        }
      case "$lt":
      case "$lte":
      case "$gt":
      case "$gte":
        return compare(kind, op, arg);
      case "$dateRange":
        return days(kind, DateRanges.of(arg.asText(""), today.get()));
      case "$last_x_days":
        return days(kind, new DateRanges.Days(today.get().minusDays(count(op, arg)), today.get()));
      case "$next_x_days":
        return days(kind, new DateRanges.Days(today.get(), today.get().plusDays(count(op, arg))));
      case "$more_x_days_ago":
        return compare(kind, "$lt", dateNode(today.get().minusDays(count(op, arg))));
      case "$more_x_days_ahead":
        return compare(kind, "$gt", dateNode(today.get().plusDays(count(op, arg))));
      default:
        throw SugarApiException.invalidParameter("Did not recognize the operand: " + op);
    }
  }

  private Predicate<String> eq(Kind kind, JsonNode arg) {
    String a = arg.isNull() ? "" : arg.asText("");
    switch (kind) {
      case NUMBER:
        {
          BigDecimal n = number(a);
          return n == null
              ? s -> s.equalsIgnoreCase(a)
              : s -> {
                BigDecimal v = number(s);
                return v != null && v.compareTo(n) == 0;
              };
        }
      case BOOL:
        {
          boolean b = Args.truthy(arg);
          return s -> Args.truthy(TextNode.valueOf(s)) == b;
        }
      case DATE:
        {
          LocalDate d = Timestamps.parseDate(a);
          return d == null ? s -> s.equals(a) : s -> s.startsWith(d.toString());
        }
      case DATETIME:
        if (Timestamps.isDateOnly(a)) {
          return days(kind, new DateRanges.Days(Timestamps.parseDate(a), Timestamps.parseDate(a)));
        } else {
          Instant t = Timestamps.parseDateTime(a);
          String c = t == null ? a : Timestamps.format(t);
          return s -> s.equals(c);
        }
      default:
        return s -> s.equalsIgnoreCase(a);
    }
  }

  private Predicate<String> compare(Kind kind, String op, JsonNode arg) {
    String a = arg.asText("");
    switch (kind) {
      case NUMBER:
        {
          BigDecimal n = number(a);
          if (n == null) {
            return s -> false;
          }
          return s -> {
            BigDecimal v = number(s);
            return v != null && holds(op, v.compareTo(n));
          };
        }
      case DATE:
        {
          LocalDate d = Timestamps.parseDate(a);
          String c = d == null ? a : d.toString();
          return s -> !s.isEmpty() && holds(op, s.compareTo(c));
        }
      case DATETIME:
        {
          String bound;
          String effective = op;
          if (Timestamps.isDateOnly(a)) {
            LocalDate d = Timestamps.parseDate(a);
            // A bare date means the whole day: > d and <= d reach past its last second.
            if (op.equals("$gt") || op.equals("$lte")) {
              d = d.plusDays(1);
              effective = op.equals("$gt") ? "$gte" : "$lt";
            }
            bound = Timestamps.format(Timestamps.startOfDay(d));
          } else {
            Instant t = Timestamps.parseDateTime(a);
            bound = t == null ? a : Timestamps.format(t);
          }
          String finalOp = effective;
          return s -> !s.isEmpty() && holds(finalOp, s.compareTo(bound));
        }
      default:
        return s -> holds(op, s.compareToIgnoreCase(a));
    }
  }

  private Predicate<String> days(Kind kind, DateRanges.Days range) {
    if (kind == Kind.DATETIME) {
      String from = Timestamps.format(Timestamps.startOfDay(range.from()));
      String to = Timestamps.format(Timestamps.startOfDay(range.to().plusDays(1)));
      return s -> !s.isEmpty() && s.compareTo(from) >= 0 && s.compareTo(to) < 0;
    }
    String from = range.from().toString();
    String to = range.to().toString();
    return s -> {
      if (s.length() < 10) {
        return false;
      }
      String d = s.substring(0, 10);
      return d.compareTo(from) >= 0 && d.compareTo(to) <= 0;
    };
  }

  private static boolean holds(String op, int c) {
    switch (op) {
      case "$lt":
        return c < 0;
      case "$lte":
        return c <= 0;
      case "$gt":
        return c > 0;
      default:
        return c >= 0;
    }
  }

  private static long count(String op, JsonNode arg) {
    String t = arg.asText("").trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw SugarApiException.invalidParameter(op + " requires a number of days");
    }
  }

  private static JsonNode dateNode(LocalDate d) {
    return TextNode.valueOf(d.toString());
  }

  private static BigDecimal number(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** How values of this field compare. */
  static Kind kind(ModuleDef module, String field) {
    String type = module.type(field);
    String db = module.dbType(field);
    if ("bool".equals(type)) {
      return Kind.BOOL;
    }
    if ("date".equals(type) || "date".equals(db)) {
      return Kind.DATE;
    }
    if ("datetime".equals(db) || "datetimecombo".equals(type) || "datetime".equals(type)) {
      return Kind.DATETIME;
    }
    if (FieldTypes.isNumeric(db)) {
      return Kind.NUMBER;
    }
    return Kind.TEXT;
  }
}
