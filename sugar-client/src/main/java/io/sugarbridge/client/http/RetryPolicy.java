package io.sugarbridge.client.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one written-out retry rule.
 *
 * <ul>
 *   <li>Every request (except one sent once on purpose, such as a single-use refresh grant) is
 *       retried on HTTP 429 and 503 and when no connection could be made (refused, connect
 *       timeout): an edge refused it, or Sugar did not take it, so nothing was done.
 *   <li>An idempotent request ({@link #isIdempotent}) is also retried on HTTP 500, 502 and 504 and
 *       on a timeout or a connection dropped after the request went out, with the same backoff:
 *       each may come after the server did part or all of the work, so only a request whose
 *       repetition does no harm is sent again. Idempotent are reads ({@code GET}, {@code HEAD},
 *       {@code OPTIONS}, and the read-by-POST routes {@code /…/filter} and {@code
 *       /…/filter/count}), a {@code PUT} that is not conditional (no {@code X-Timestamp}: it sets
 *       the same values again), and any request its caller declares so ({@link
 *       SugarRequest#asIdempotent()}: the password grant, a sync's {@code /bulk} without plain
 *       creates). Not retried on those: creates ({@code POST}), {@code DELETE}, {@code PATCH},
 *       links, logout, an undeclared {@code /bulk}; they fail, and their caller decides (a sync
 *       keeps the write intents, so its next run's recovery finds what landed).
 *   <li>Never retried: any other status (4xx, 501, 505…).
 * </ul>
 *
 * Waits grow exponentially with full jitter ({@code random(0, min(maxDelay, initialDelay *
 * multiplier^(n-1)))}), except that a {@code Retry-After} from the server is honoured as the wait.
 * Stops after {@code maxAttempts} attempts or when the next wait would end after {@code maxElapsed}
 * since the first attempt, so a {@code Retry-After} longer than the remaining budget ends retrying
 * at once instead of stalling.
 *
 * @param maxAttempts attempts in all, including the first; 1 disables retrying
 * @param maxElapsed the total time budget for one call including waits
 * @param initialDelay the cap of the first wait
 * @param maxDelay the cap of any computed wait (a server's Retry-After may exceed it)
 * @param multiplier growth factor of the cap per attempt
 */
public record RetryPolicy(
    int maxAttempts,
    Duration maxElapsed,
    Duration initialDelay,
    Duration maxDelay,
    double multiplier) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    Objects.requireNonNull(maxElapsed, "maxElapsed");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
  }

  /** 6 attempts within 2 minutes, waits from up to 0.5 s growing to at most 30 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        6, Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(30), 2);
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1);
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, maxElapsed, initialDelay, maxDelay, multiplier);
  }

  public RetryPolicy withMaxElapsed(Duration d) {
    return new RetryPolicy(maxAttempts, d, initialDelay, maxDelay, multiplier);
  }

  public RetryPolicy withDelays(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, maxElapsed, initial, max, multiplier);
  }

  /**
   * Whether an answer with this status may be retried for any request: it says the work was not
   * done (429 from the edge, 503 from a server that did not take the request).
   */
  public static boolean isRetryableStatus(int status) {
    return status == 429 || status == 503;
  }

  /**
   * Whether an answer with this status may be retried for a request of this kind: also 500, 502 and
   * 504, which may follow work done, for an idempotent request.
   */
  public static boolean isRetryableStatus(int status, boolean idempotent) {
    return isRetryableStatus(status)
        || idempotent && (status == 500 || status == 502 || status == 504);
  }

  /**
   * Whether a request is idempotent by its shape alone: reads ({@code GET}, {@code HEAD}, {@code
   * OPTIONS}, {@code POST …/filter}, {@code POST …/filter/count}) and a {@code PUT} without {@code
   * X-Timestamp} (a conditional update repeated after it succeeded would fail as an edit conflict).
   *
   * @param path the path below the version segment or the full path, without query string
   */
  public static boolean isIdempotent(String method, String path, Map<String, String> headers) {
    String m = method.toUpperCase(Locale.ROOT);
    switch (m) {
      case "GET":
      case "HEAD":
      case "OPTIONS":
        return true;
      case "POST":
        return path.endsWith("/filter") || path.endsWith("/filter/count");
      case "PUT":
        return headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("X-Timestamp"));
      default:
        return false;
    }
  }

  /**
   * The wait before attempt {@code failedAttempts + 1}: the server's Retry-After when given, else
   * exponential backoff with full jitter.
   */
  public Duration delayAfter(int failedAttempts, Duration retryAfter, RandomGenerator random) {
    if (retryAfter != null) {
      return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }
    double cap = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
    long capNanos = (long) Math.min(cap, (double) maxDelay.toNanos());
    if (capNanos <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) (random.nextDouble() * capNanos));
  }

  /**
   * Whether another attempt is allowed after {@code failedAttempts}, given the time already spent
   * and the wait it would need.
   */
  public boolean allowsAnother(int failedAttempts, Duration elapsed, Duration nextDelay) {
    // Compared against what is left rather than summed: a hostile Retry-After near Long.MAX_VALUE
    // seconds would overflow the sum. A wait longer than the remaining budget ends retrying at
    // once, so no header can stall a call beyond maxElapsed.
    return failedAttempts < maxAttempts && nextDelay.compareTo(maxElapsed.minus(elapsed)) <= 0;
  }
}
