package io.sugarbridge.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sync.mapping.CanonicalRow;
import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.state.RowState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DifferTest {
  private static final MappedRow ROW =
      new MappedRow(
          7, "k1", new CanonicalRow(Map.of("last_name", "Ng"), "fp1"), null, List.of(), List.of());

  private static RowState state(String fingerprint, String id, String status, String reason) {
    return new RowState("k1", fingerprint, id, status, "{}", reason);
  }

  private static Decision decide(SyncMode mode, boolean full, RowState prev) {
    return new Differ(mode, full).decide(ROW, prev);
  }

  @Test
  void aRowNeverSeenIsSentWithoutAPreviousState() {
    assertThat(decide(SyncMode.UPSERT, false, null))
        .isEqualTo(new Decision.Send(new Candidate(ROW, null)));
  }

  @Test
  void aSyncedRowWithTheSameFingerprintIsUnchangedInItsRecord() {
    Decision d = decide(SyncMode.UPSERT, false, state("fp1", "id-1", RowState.SYNCED, null));

    assertThat(d).isEqualTo(new Decision.Unchanged("id-1"));
    assertThat(((Decision.Settled) d).outcome(ROW))
        .isEqualTo(RowOutcome.of(7, "k1", Outcome.UNCHANGED, "id-1"));
  }

  @Test
  void aChangedFingerprintOrFullSendsTheRowWithItsState() {
    RowState changed = state("fp0", "id-1", RowState.SYNCED, null);
    RowState same = state("fp1", "id-1", RowState.SYNCED, null);

    assertThat(decide(SyncMode.UPSERT, false, changed))
        .isEqualTo(new Decision.Send(new Candidate(ROW, changed)));
    assertThat(decide(SyncMode.UPDATE, true, same))
        .isEqualTo(new Decision.Send(new Candidate(ROW, same)));
  }

  @Test
  void insertModeNeverSendsARowWhoseRecordAnEarlierRunCreatedEvenWithFull() {
    RowState created = state("fp0", "id-9", RowState.SYNCED, null);

    for (boolean full : new boolean[] {false, true}) {
      Decision d = decide(SyncMode.INSERT, full, created);
      assertThat(d).isEqualTo(new Decision.AlreadyInserted("id-9"));
      RowOutcome o = ((Decision.Settled) d).outcome(ROW);
      assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(o.reason()).isEqualTo("already_inserted");
      assertThat(o.sugarId()).isEqualTo("id-9");
      assertThat(o.message()).contains("id-9").contains("mode upsert");
    }
    // Synced without an id (nothing was created): sent like any changed row.
    RowState noId = state("fp0", null, RowState.SYNCED, null);
    assertThat(decide(SyncMode.INSERT, false, noId))
        .isEqualTo(new Decision.Send(new Candidate(ROW, noId)));
  }

  @Test
  void aRowSkippedLastTimeIsSkippedAgainForTheSameReasonUntilItChanges() {
    RowState skipped = state("fp1", null, RowState.SKIPPED, "not_found");

    Decision d = decide(SyncMode.UPDATE, false, skipped);
    assertThat(d).isEqualTo(new Decision.SkippedAgain(null, "not_found"));
    RowOutcome o = ((Decision.Settled) d).outcome(ROW);
    assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(o.reason()).isEqualTo("not_found");
    assertThat(o.message()).isEqualTo("unchanged since the last run, which skipped it: not_found");

    RowState skippedChanged = state("fp0", null, RowState.SKIPPED, "not_found");
    assertThat(decide(SyncMode.UPDATE, false, skippedChanged))
        .isEqualTo(new Decision.Send(new Candidate(ROW, skippedChanged)));
    assertThat(decide(SyncMode.UPDATE, true, skipped))
        .isEqualTo(new Decision.Send(new Candidate(ROW, skipped)));
  }

  @Test
  void aFailedRowIsAlwaysSentAgainEvenUnchanged() {
    RowState failed = state("fp1", "id-1", RowState.FAILED, "sugar_error");

    assertThat(decide(SyncMode.UPSERT, false, failed))
        .isEqualTo(new Decision.Send(new Candidate(ROW, failed)));
    assertThat(decide(SyncMode.INSERT, false, failed))
        .isEqualTo(new Decision.Send(new Candidate(ROW, failed)));
  }
}
