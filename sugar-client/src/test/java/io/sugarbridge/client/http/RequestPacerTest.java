package io.sugarbridge.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.sandbox.SandboxClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPacerTest {

  @Test
  void spacesRequestStartsEvenlyAtTheConfiguredRate() throws InterruptedException {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<Duration> waits = new ArrayList<>();
    RequestPacer pacer = RequestPacer.of(20, clock, waits::add);

    for (int i = 0; i < 5; i++) {
      pacer.awaitTurn();
    }

    // All five asked at the same instant: the first goes at once, each next one 50 ms later.
    assertThat(waits)
        .containsExactly(
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(150),
            Duration.ofMillis(200));
  }

  @Test
  void doesNotWaitWhenRequestsAreAlreadySlowerThanTheRate() throws InterruptedException {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<Duration> waits = new ArrayList<>();
    RequestPacer pacer = RequestPacer.of(10, clock, waits::add);

    for (int i = 0; i < 3; i++) {
      pacer.awaitTurn();
      clock.advance(Duration.ofMillis(250));
    }

    assertThat(waits).isEmpty();
  }

  @Test
  void zeroMeansNoPacerAndNegativeIsRefused() {
    assertThat(RequestPacer.of(0, Clock.systemUTC(), d -> {})).isNull();
    assertThatThrownBy(() -> RequestPacer.of(-1, Clock.systemUTC(), d -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 (no limit)");
  }
}
