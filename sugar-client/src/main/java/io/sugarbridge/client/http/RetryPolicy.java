package io.sugarbridge.client.http;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one written-out retry rule. Retried: HTTP 429, 502, 503, 504, and I/O failures (a dropped
 * connection, a refused connection, a timeout), never any other 4xx. Waits grow exponentially with
 * full jitter ({@code random(0, min(maxDelay, initialDelay * multiplier^(n-1)))}), except that a
 * {@code Retry-After} from the server is honoured as the wait. Stops after {@code maxAttempts}
 * attempts or when the next wait would end after {@code maxElapsed} since the first attempt, so a
 * {@code Retry-After} longer than the remaining budget ends retrying at once instead of stalling.
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

  /** Whether an answer with this status may be retried at all. */
  public static boolean isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
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
