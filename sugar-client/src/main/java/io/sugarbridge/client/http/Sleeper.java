package io.sugarbridge.client.http;

import java.time.Duration;

/**
 * Waits between retries. Injected so that tests replace real sleeping with a recorder, as
 * google-http-java-client's {@code Sleeper} does.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  /** Sleeps the calling thread. */
  static Sleeper system() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) {
        Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
      }
    };
  }
}
