package io.sugarbridge.client.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces request starts so that no more than {@code perSecond} begin in any second, shared by every
 * thread of one client. SugarCloud's edge is reported to block traffic above about 20 requests per
 * second, so a client that stays below it is never throttled there; on-prem instances can raise or
 * switch it off. Each caller reserves the next free slot under a short lock and then waits outside
 * it, so waiting threads never block one another's bookkeeping.
 */
public final class RequestPacer {
  private final Duration interval;
  private final Clock clock;
  private final Sleeper sleeper;
  private Instant nextFree;

  private RequestPacer(double perSecond, Clock clock, Sleeper sleeper) {
    this.interval = Duration.ofNanos((long) (1_000_000_000L / perSecond));
    this.clock = clock;
    this.sleeper = sleeper;
    this.nextFree = Instant.MIN;
  }

  /** A pacer for {@code perSecond} requests a second, or one that never waits for 0. */
  public static RequestPacer of(double perSecond, Clock clock, Sleeper sleeper) {
    if (perSecond < 0 || Double.isNaN(perSecond)) {
      throw new IllegalArgumentException(
          "max requests per second must be 0 (no limit) or more, got " + perSecond);
    }
    return perSecond == 0 ? null : new RequestPacer(perSecond, clock, sleeper);
  }

  /** Requests per second this pacer allows. */
  public double perSecond() {
    return 1e9 / interval.toNanos();
  }

  /** Blocks until this caller may start a request. */
  public void awaitTurn() throws InterruptedException {
    Duration wait;
    synchronized (this) {
      Instant now = clock.instant();
      Instant slot = nextFree.isAfter(now) ? nextFree : now;
      nextFree = slot.plus(interval);
      wait = Duration.between(now, slot);
    }
    if (!wait.isZero() && !wait.isNegative()) {
      sleeper.sleep(wait);
    }
  }
}
