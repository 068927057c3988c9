package io.sugarbridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that a test moves by hand, for {@link SugarSandbox#start(SandboxConfig, Clock)} and for
 * any code that takes an injected {@link Clock}: token expiry, dates and the rate cap then follow
 * the test, and nothing needs to sleep. Thread-safe; always UTC.
 */
public final class SandboxClock extends Clock {
  private volatile Instant now;

  public SandboxClock(Instant start) {
    this.now = start;
  }

  /** Moves time forward (or back, for a negative duration). */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Jumps to an instant. */
  public void set(Instant t) {
    now = t;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
