package io.sugarbridge.sync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncStateTest {
  @TempDir Path dir;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void intentsSurviveReopeningUntilConfirmedAndKeepTheLastConfirmedState() {
    Path file = dir.resolve(".sugarbridge/s.state.db");
    try (SyncState s = SyncState.open(file, clock)) {
      s.record(List.of(new RowState("a", "fp1", "id-a", RowState.SYNCED, "{}", null)));
      s.recordIntents(
          List.of(
              new WriteIntent("a", "update", "fp2", "{\"x\":1}", null, null),
              new WriteIntent("b", "create", "fpb", "{}", "sync_key", "b")));
    }
    try (SyncState s = SyncState.open(file, clock)) {
      assertThat(s.pendingIntents())
          .extracting(WriteIntent::key)
          .containsExactlyInAnyOrder("a", "b");
      // an intent never replaces what was last confirmed
      assertThat(s.get("a").fingerprint()).isEqualTo("fp1");
      assertThat(s.get("a").sugarId()).isEqualTo("id-a");
      assertThat(s.get("b").fingerprint()).isNull();
      s.record(List.of(new RowState("b", "fpb", "id-b", RowState.SYNCED, "{}", null)));
      s.clearIntents(List.of("a"));
      assertThat(s.pendingIntents()).isEmpty();
      assertThat(s.get("b").sugarId()).isEqualTo("id-b");
      // a failure keeps the known id, so the record is updated rather than created next time
      s.record(List.of(new RowState("b", null, null, RowState.FAILED, null, "sugar_error")));
      assertThat(s.get("b").sugarId()).isEqualTo("id-b");
      assertThat(s.get("b").status()).isEqualTo(RowState.FAILED);
      s.forgetId("b");
      assertThat(s.get("b").sugarId()).isNull();
      assertThat(s.size()).isEqualTo(2);
    }
  }

  @Test
  void runHistoryShowsUnfinishedRuns() {
    try (SyncState s = SyncState.open(dir.resolve("h.db"), clock)) {
      long first = s.startRun(false);
      s.finishRun(first, "succeeded", "{\"created\":3}");
      s.startRun(true);
      List<RunRecord> runs = s.runs(10);
      assertThat(runs).hasSize(2);
      assertThat(runs.get(0).status()).isEqualTo("running");
      assertThat(runs.get(0).endedAt()).isNull();
      assertThat(runs.get(0).full()).isTrue();
      assertThat(runs.get(1).countsJson()).isEqualTo("{\"created\":3}");
      assertThat(runs.get(1).startedAt()).isEqualTo(clock.instant());
    }
  }
}
