package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;

/**
 * What the {@link Differ} decides for a row from its state alone: {@link Send} it, or settle it
 * without an API call as {@link Unchanged}, {@link AlreadyInserted} or {@link SkippedAgain}.
 */
public sealed interface Decision {

  /** The row must be sent: new, changed, failed before, or {@code --full}. */
  record Send(Candidate candidate) implements Decision {}

  /** A decision that needs no call: the row's outcome is known now. */
  sealed interface Settled extends Decision {
    RowOutcome outcome(MappedRow row);
  }

  /** Same fingerprint as last confirmed in record {@code sugarId}. */
  record Unchanged(String sugarId) implements Settled {
    @Override
    public RowOutcome outcome(MappedRow row) {
      return RowOutcome.of(row.number(), row.key(), Outcome.UNCHANGED, sugarId);
    }
  }

  /** Insert mode, and an earlier run created record {@code sugarId} for the key. */
  record AlreadyInserted(String sugarId) implements Settled {
    @Override
    public RowOutcome outcome(MappedRow row) {
      return new RowOutcome(
          row.number(),
          row.key(),
          Outcome.SKIPPED,
          sugarId,
          "already_inserted",
          null,
          "an earlier run created record "
              + sugarId
              + " for this key and insert mode never updates; use mode upsert to send changes");
    }
  }

  /** Skipped by the last run for {@code reason}, and its values have not changed since. */
  record SkippedAgain(String sugarId, String reason) implements Settled {
    @Override
    public RowOutcome outcome(MappedRow row) {
      return new RowOutcome(
          row.number(),
          row.key(),
          Outcome.SKIPPED,
          sugarId,
          reason,
          null,
          "unchanged since the last run, which skipped it: " + reason);
    }
  }
}
