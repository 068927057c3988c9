package io.sugarbridge.events.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The pauses between attempts that may pass: doubled per attempt from the first pause, up to the
 * longest for Sugar's failures and up to {@link #LOCAL_RETRY} for this machine's (a store on a full
 * disk), each taken with jitter, in short steps so a stop is not held up.
 */
final class Backoff {
  /** The longest pause after a failure of this machine, so delivery resumes soon after it. */
  static final Duration LOCAL_RETRY = Duration.ofSeconds(2);

  private final Duration first;
  private final Duration max;

  Backoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
  }

  /** The pause after a first failure. */
  Duration first() {
    return first;
  }

  /** The pause after {@code wait}, for a failure of Sugar's ({@code sugar}) or this machine's. */
  Duration next(Duration wait, boolean sugar) {
    Duration most = sugar ? max : min(max, LOCAL_RETRY);
    return wait.multipliedBy(2).compareTo(most) > 0 ? most : wait.multipliedBy(2);
  }

  /**
   * The pause after {@code wait} when a local store fails: doubled, at most {@link #LOCAL_RETRY}.
   */
  static Duration nextLocal(Duration wait) {
    return min(LOCAL_RETRY, wait.multipliedBy(2));
  }

  /** Between half of {@code d} and all of it. */
  static Duration jitter(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
  }

  /** Sleeps {@code d}, or until {@code running} turns false or the thread is interrupted. */
  static void pause(Duration d, BooleanSupplier running) {
    long until = System.nanoTime() + d.toNanos();
    // Short steps so that close() is not held up by a long pause.
    while (running.getAsBoolean() && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
