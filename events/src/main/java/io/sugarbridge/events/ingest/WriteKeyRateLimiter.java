package io.sugarbridge.events.ingest;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per write key: each key may send {@code burst} events at once and {@code
 * ratePerSecond} events per second on average. Over the limit a request is refused with the time
 * until enough tokens are back, which becomes the {@code Retry-After} of a 429. A request with more
 * events than the whole bucket is charged a full bucket, so a large batch is slowed, never refused
 * forever. Small enough that a rate-limit library would add more than it saves.
 */
final class WriteKeyRateLimiter {
  private final double ratePerMilli;
  private final double burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  WriteKeyRateLimiter(int ratePerSecond, int burst, Clock clock) {
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.burst = burst;
    this.clock = clock;
  }

  /** True when at least one event could pass now; lets a flood be refused before parsing. */
  boolean hasTokens(String key) {
    return bucket(key).available(clock.millis()) >= 1;
  }

  /**
   * Takes {@code events} tokens from the key's bucket and returns 0, or takes none and returns the
   * milliseconds until they would be there.
   */
  long tryAcquire(String key, int events) {
    double needed = Math.min(events, burst);
    return bucket(key).take(needed, clock.millis());
  }

  private Bucket bucket(String key) {
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, clock.millis()));
  }

  private final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }

    synchronized double available(long now) {
      refill(now);
      return tokens;
    }

    synchronized long take(double needed, long now) {
      refill(now);
      if (tokens >= needed) {
        tokens -= needed;
        return 0;
      }
      return (long) Math.ceil((needed - tokens) / ratePerMilli);
    }

    private void refill(long now) {
      if (now > updatedAt) {
        tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerMilli);
        updatedAt = now;
      }
    }
  }
}
