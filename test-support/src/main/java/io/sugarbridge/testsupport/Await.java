package io.sugarbridge.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * "Await until" with a deadline instead of a sleep, on Awaitility: the condition is checked at once
 * and then every 20 ms, in the calling thread, until it holds or the time is up. A timeout is an
 * {@link AssertionError} naming what was awaited; an exception the condition throws (an assertion
 * among them) ends the wait at once and is thrown as it is.
 */
public final class Await {
  static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  /** Waits until {@code done} is true. */
  public static void until(String what, Duration timeout, BooleanSupplier done) {
    try {
      awaiting(what, timeout).until(done::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw timedOut(what, timeout, e);
    }
  }

  /**
   * Waits until {@code value} gives something other than {@code null}, and returns it. It may throw
   * any exception (an HTTP call's, say): that ends the wait and is thrown as it is.
   */
  public static <T> T value(String what, Duration timeout, Callable<T> value) {
    try {
      return awaiting(what, timeout).until(value, Objects::nonNull);
    } catch (ConditionTimeoutException e) {
      throw timedOut(what, timeout, e);
    }
  }

  private static ConditionFactory awaiting(String what, Duration timeout) {
    return Awaitility.await(what)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(POLL)
        .pollInSameThread();
  }

  private static AssertionError timedOut(
      String what, Duration timeout, ConditionTimeoutException e) {
    return new AssertionError("timed out after " + describe(timeout) + " waiting for " + what, e);
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
