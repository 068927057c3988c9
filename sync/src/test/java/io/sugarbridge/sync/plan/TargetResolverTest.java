package io.sugarbridge.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sync.mapping.CanonicalRow;
import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.spec.MatchRule;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.state.RowState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decisions that need no lookup in Sugar (insert mode, no match rule, {@code /integrate}), so
 * the resolver runs without a record finder; matching by a field is covered against the sandbox in
 * {@code RowTargetsSandboxTest}.
 */
class TargetResolverTest {
  private final Map<String, String> claimed = new HashMap<>();

  private static Candidate candidate(long n, String key, String matchValue, RowState prev) {
    MappedRow row =
        new MappedRow(
            n,
            key,
            new CanonicalRow(Map.of("name", key), "fp-" + key),
            matchValue,
            List.of(),
            List.of());
    return new Candidate(row, prev);
  }

  private static RowState state(String key, String id, String status) {
    return new RowState(key, "old", id, status, "{}", null);
  }

  private TargetResolver resolver(SyncMode mode, MatchRule match, boolean integrate) {
    return new TargetResolver("Accounts", mode, match, null, integrate, claimed);
  }

  @Test
  void insertModeCreatesExceptToFinishACreateThatWasNeverConfirmed() {
    Candidate fresh = candidate(1, "a", null, null);
    Candidate unconfirmed = candidate(2, "b", null, state("b", "id-b", RowState.FAILED));

    TargetResolver.Resolved r =
        resolver(SyncMode.INSERT, null, false).resolve(List.of(fresh, unconfirmed));

    assertThat(r.writes())
        .containsExactly(
            new PlannedWrite(fresh, Action.CREATE, null),
            new PlannedWrite(unconfirmed, Action.UPDATE, "id-b"));
    assertThat(r.settled()).isEmpty();
  }

  @Test
  void withoutAMatchRuleARowUpdatesTheRecordAnEarlierRunWroteElseCreates() {
    Candidate known = candidate(1, "a", null, state("a", "id-a", RowState.SYNCED));
    Candidate fresh = candidate(2, "b", null, null);

    TargetResolver.Resolved r =
        resolver(SyncMode.UPSERT, null, false).resolve(List.of(known, fresh));

    assertThat(r.writes())
        .containsExactly(
            new PlannedWrite(known, Action.UPDATE, "id-a"),
            new PlannedWrite(fresh, Action.CREATE, null));
    assertThat(claimed).containsEntry("id-a", "a");
  }

  @Test
  void integrateWritesByTheMatchValueAndFallsBackWhenTheRowHasNone() {
    MatchRule rule = new MatchRule("external_key_c", "ext", 3);
    Candidate matched = candidate(1, "a", "X-1", null);
    Candidate noValue = candidate(2, "b", null, state("b", "id-b", RowState.SYNCED));

    TargetResolver.Resolved r =
        resolver(SyncMode.UPSERT, rule, true).resolve(List.of(matched, noValue));

    assertThat(r.writes())
        .containsExactly(
            new PlannedWrite(matched, Action.INTEGRATE, null),
            new PlannedWrite(noValue, Action.UPDATE, "id-b"));
  }

  @Test
  void rowsResolvingToOneRecordAreRefusedAsDuplicateMatchAndNoneIsWritten() {
    Candidate a = candidate(1, "a", null, state("a", "ID-1", RowState.SYNCED));
    Candidate b = candidate(2, "b", null, state("b", "id-1", RowState.SYNCED));
    Candidate c = candidate(3, "c", null, null);

    TargetResolver.Resolved r = resolver(SyncMode.UPSERT, null, false).resolve(List.of(a, b, c));

    assertThat(r.writes()).containsExactly(new PlannedWrite(c, Action.CREATE, null));
    assertThat(r.settled()).extracting(RowOutcome::reason).containsOnly("duplicate_match");
    assertThat(r.settled()).extracting(RowOutcome::key).containsExactlyInAnyOrder("a", "b");
    assertThat(r.settled().get(0).message()).contains("Accounts record").contains("not sent");
    assertThat(claimed).doesNotContainKey("id-1");
  }

  @Test
  void aRecordHeldEarlierInTheRunRefusesAnotherKeyButNotTheSameKeyAgain() {
    assertThat(TargetResolver.hold(claimed, "ID-7", "held")).isNull();
    assertThat(TargetResolver.hold(claimed, "id-7", "held")).isNull();
    assertThat(TargetResolver.hold(claimed, "id-7", "other")).isEqualTo("held");

    Candidate other = candidate(1, "other", null, state("other", "id-7", RowState.SYNCED));
    Candidate same = candidate(2, "held", null, state("held", "id-7", RowState.SYNCED));
    TargetResolver r = resolver(SyncMode.UPSERT, null, false);

    TargetResolver.Resolved refused = r.resolve(List.of(other));
    assertThat(refused.writes()).isEmpty();
    assertThat(refused.settled().get(0).message()).contains("key held was written to it");
    assertThat(r.resolve(List.of(same)).writes())
        .containsExactly(new PlannedWrite(same, Action.UPDATE, "id-7"));
  }
}
