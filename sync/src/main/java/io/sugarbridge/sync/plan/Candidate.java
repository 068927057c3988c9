package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.state.RowState;

/** A row that must be sent (new, changed, failed before, or {@code --full}) and its last state. */
public record Candidate(MappedRow row, RowState previous) {
  public String previousId() {
    return previous == null ? null : previous.sugarId();
  }
}
