package io.sugarbridge.events.delivery;

import io.sugarbridge.common.config.KnownSecrets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code /healthz} asks of the deliverer: whether one of its threads died, a run of permanent
 * failures, and the reason of the last attempt that will be retried.
 */
final class DeliveryHealth {
  private final AtomicInteger permanentStreak = new AtomicInteger();
  private volatile DeliveryOutcome lastPermanent;
  private volatile String lastRetry;
  private volatile long lastRetryNanos;
  private volatile String died;

  /** Records an event's final outcome. */
  void finished(DeliveryOutcome outcome) {
    switch (outcome.state()) {
      case CREATED, UPDATED -> {
        permanentStreak.set(0);
        // Sugar answers again: what held delivery up has passed (a lane still failing says so
        // again at its next attempt).
        lastRetry = null;
      }
      case DEAD_LETTERED -> {
        // A trait its sender never sent says nothing about the collector or Sugar.
        if (!outcome.missingTrait()) {
          lastPermanent = outcome;
          permanentStreak.incrementAndGet();
        }
      }
      default -> {}
    }
  }

  /** Records why an attempt failed that will be retried. */
  void retrying(String why) {
    lastRetry = why;
    lastRetryNanos = System.nanoTime();
  }

  /** Records that the thread {@code name} died of {@code t}. */
  void died(String name, Throwable t) {
    died = KnownSecrets.scrub("the thread " + name + " died: " + t);
    if (t instanceof OutOfMemoryError) {
      // Nothing more is allocated here than the message; the handler decides what follows.
      died = "the thread " + name + " ran out of memory";
    }
  }

  String died() {
    return died;
  }

  PermanentFailures permanentFailures(int atLeast) {
    int n = permanentStreak.get();
    DeliveryOutcome last = lastPermanent;
    return n >= atLeast && last != null ? new PermanentFailures(n, last) : null;
  }

  String recentRetryReason(Duration window) {
    String why = lastRetry;
    return why != null && System.nanoTime() - lastRetryNanos < window.toNanos() ? why : null;
  }
}
