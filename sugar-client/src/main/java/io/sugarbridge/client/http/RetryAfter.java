package io.sugarbridge.client.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header in either of its forms: delay seconds ({@code 120}) or an HTTP
 * date ({@code Wed, 21 Oct 2015 07:28:00 GMT}). Unreadable values are ignored (null), so the client
 * falls back to its own backoff.
 */
public final class RetryAfter {
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private RetryAfter() {}

  /**
   * The wait the header asks for, measured from {@code clock}'s now; null when absent/unreadable.
   */
  public static Duration parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    if (DIGITS.matcher(v).matches()) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException beyondLong) {
        // Still a request to wait, just an absurdly long one: the retry budget will refuse it.
        return Duration.ofSeconds(Long.MAX_VALUE);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
