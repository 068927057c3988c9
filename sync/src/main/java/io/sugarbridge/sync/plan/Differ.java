package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.MappedRow;
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

  /** The decision for {@code row}, whose state is {@code prev} (null when never seen). */
  public Decision decide(MappedRow row, RowState prev) {
    Decision send = new Decision.Send(new Candidate(row, prev));
    if (prev == null) {
      return send;
    }
    boolean same = row.fingerprint().equals(prev.fingerprint());
    boolean synced = RowState.SYNCED.equals(prev.status());
    if (!full && synced && same) {
      return new Decision.Unchanged(prev.sugarId());
    }
    if (synced) {
      // Insert mode never writes a record twice, --full or not: a second create is a duplicate.
      return mode == SyncMode.INSERT && prev.sugarId() != null
          ? new Decision.AlreadyInserted(prev.sugarId())
          : send;
    }
    if (!full && RowState.SKIPPED.equals(prev.status()) && same) {
      return new Decision.SkippedAgain(prev.sugarId(), prev.reason());
    }
    return send;
  }
}
