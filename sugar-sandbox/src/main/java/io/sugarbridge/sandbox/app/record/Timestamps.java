package io.sugarbridge.sandbox.app.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Sugar's date formats: date-times as ISO-8601 with a numeric offset and whole seconds ({@code
 * 2013-02-27T19:56:00+00:00}), dates as {@code yyyy-MM-dd}. The sandbox's users all work in UTC.
 */
public final class Timestamps {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant t) {
    return OUT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Reads a date-time as clients send it: ISO with offset or {@code Z}, ISO without offset, or
   * Sugar's DB form {@code yyyy-MM-dd HH:mm:ss} (both read as UTC); null when it is none of these.
   */
  public static Instant parseDateTime(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A {@code yyyy-MM-dd} date (also the date part of a date-time), or null. */
  public static LocalDate parseDate(String s) {
    if (s == null || s.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(s.substring(0, 10));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Whether the text is a bare date without a time part. */
  public static boolean isDateOnly(String s) {
    return s != null && s.trim().length() == 10 && parseDate(s.trim()) != null;
  }

  public static Instant startOfDay(LocalDate d) {
    return d.atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
