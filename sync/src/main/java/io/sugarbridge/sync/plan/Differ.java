package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.state.RowState;

/**
 * Compares a mapped row with what the state store remembers for its key and decides without any API
 * call: unchanged (same fingerprint as last confirmed), skipped again for the same reason as last
 * time (e.g. {@code not_found} in update mode, values unchanged since), skipped in insert mode when
 * an earlier run already created the record, or a {@link Candidate} to send. Failed rows are always
 * candidates, so they are retried; {@code --full} makes every row a candidate, except in insert
 * mode a row whose record an earlier run created (insert mode never sends a row twice).
 */
public final class Differ {
  private final SyncMode mode;
  private final boolean full;

  public Differ(SyncMode mode, boolean full) {
    this.mode = mode;
    this.full = full;
  }

  /** Either an outcome (no call needed) or null, meaning: send it. */
  public RowOutcome decide(MappedRow row, RowState prev) {
    if (prev == null) {
      return null;
    }
    boolean same = row.fingerprint().equals(prev.fingerprint());
    boolean synced = RowState.SYNCED.equals(prev.status());
    if (!full && synced && same) {
      return RowOutcome.of(row.number(), row.key(), Outcome.UNCHANGED, prev.sugarId());
    }
    if (synced) {
      // Insert mode never writes a record twice, --full or not: a second create is a duplicate.
      if (mode == SyncMode.INSERT && prev.sugarId() != null) {
        return new RowOutcome(
            row.number(),
            row.key(),
            Outcome.SKIPPED,
            prev.sugarId(),
            "already_inserted",
            null,
            "an earlier run created record "
                + prev.sugarId()
                + " for this key and insert mode never updates; use mode upsert to send changes");
      }
      return null;
    }
    if (full) {
      return null;
    }
    if (RowState.SKIPPED.equals(prev.status()) && same) {
      return new RowOutcome(
          row.number(),
          row.key(),
          Outcome.SKIPPED,
          prev.sugarId(),
          prev.reason(),
          null,
          "unchanged since the last run, which skipped it: " + prev.reason());
    }
    return null;
  }
}
