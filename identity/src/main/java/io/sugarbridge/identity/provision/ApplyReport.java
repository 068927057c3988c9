package io.sugarbridge.identity.provision;

import java.util.List;

/**
 * What {@code users apply} did: one outcome per planned change (created, updated, deactivated,
 * unchanged, or failed with the reason), in the order they were applied.
 */
public record ApplyReport(List<Outcome> outcomes) {

  /** One user's result. */
  public record Outcome(String userName, String result, String reason) {}

  public ApplyReport {
    outcomes = List.copyOf(outcomes);
  }

  public long count(String result) {
    return outcomes.stream().filter(o -> o.result().equals(result)).count();
  }

  /** 0 when every change succeeded, 3 when some failed. */
  public int exitCode() {
    return count("failed") > 0 ? 3 : 0;
  }
}
