package io.sugarbridge.events.ingest;

import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a write key, or a client address): each key may send {@code burst} events
 * at once and {@code ratePerSecond} events per second on average. Over the limit a request is
 * refused with the time until enough tokens are back, which becomes the {@code Retry-After} of a
 * 429. A request with more events than the whole bucket is charged a full bucket, so a large batch
 * is slowed, never refused forever. Small enough that a rate-limit library would add more than it
 * saves.
 *
 * <p>At most {@code maxTracked} buckets are kept, so keys that come and go (a sender rotating its
 * addresses) cannot grow the map without bound. When it is full, the buckets that have refilled
 * completely are dropped first: such a bucket is exactly what a new one would be, so nothing is
 * forgotten. Only if that frees too little are other buckets dropped too, which gives their keys a
 * fresh burst; a sender that can rotate through that many addresses gets one anyway.
 */
final class TokenBuckets<K> {
  private final double ratePerMilli;
  private final double burst;
  private final int maxTracked;
  private final Clock clock;
  private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(int ratePerSecond, int burst, int maxTracked, Clock clock) {
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.burst = burst;
    this.maxTracked = Math.max(1, maxTracked);
    this.clock = clock;
  }

  /** True when at least one event could pass now; lets a flood be refused before parsing. */
  boolean hasTokens(K key) {
    return bucket(key).available(clock.millis()) >= 1;
  }

  /**
   * Takes {@code events} tokens from the key's bucket and returns 0, or takes none and returns the
   * milliseconds until they would be there.
   */
  long tryAcquire(K key, int events) {
    double needed = Math.min(events, burst);
    return bucket(key).take(needed, clock.millis());
  }

  /** Gives back what {@link #tryAcquire} took, for a request a later limit refused. */
  void giveBack(K key, int events) {
    Bucket b = buckets.get(key);
    if (b != null) {
      b.giveBack(Math.min(events, burst));
    }
  }

  /** How many buckets are kept now. */
  int tracked() {
    return buckets.size();
  }

  private Bucket bucket(K key) {
    Bucket b = buckets.get(key);
    if (b != null) {
      return b;
    }
    if (buckets.size() >= maxTracked) {
      trim();
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, clock.millis()));
  }

  /** Drops full buckets, then (if still over three quarters of the bound) any, down to that. */
  private synchronized void trim() {
    if (buckets.size() < maxTracked) {
      return; // another thread trimmed meanwhile
    }
    long now = clock.millis();
    buckets.values().removeIf(b -> b.isFull(now));
    int target = maxTracked - maxTracked / 4;
    Iterator<K> keys = buckets.keySet().iterator();
    while (buckets.size() > target && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
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

    synchronized void giveBack(double events) {
      tokens = Math.min(burst, tokens + events);
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > updatedAt) {
        tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerMilli);
        updatedAt = now;
      }
    }
  }
}
