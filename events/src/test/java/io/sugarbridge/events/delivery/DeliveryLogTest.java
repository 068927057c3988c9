package io.sugarbridge.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLogTest {
  @TempDir Path dir;

  @Test
  void outcomesSurviveAReopenAndOldOnesAreForgotten() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (DeliveryLog log = DeliveryLog.open(dir, Clock.fixed(t0, ZoneOffset.UTC))) {
      log.finished("old", 1, DeliveryState.CREATED, "id-1", "created");
    }
    Clock later = Clock.fixed(t0.plus(Duration.ofDays(40)), ZoneOffset.UTC);
    try (DeliveryLog log = DeliveryLog.open(dir, later)) {
      log.finished("new", 2, DeliveryState.NO_ACTION, null, "page");
      assertThat(log.find("old"))
          .hasValueSatisfying(f -> assertThat(f.recordId()).isEqualTo("id-1"));

      assertThat(log.forgetOlderThan(Duration.ofDays(30))).isEqualTo(1);

      assertThat(log.find("old")).isEmpty();
      assertThat(log.find("new").map(DeliveryLog.Finished::state))
          .contains(DeliveryState.NO_ACTION);
    }
  }
}
