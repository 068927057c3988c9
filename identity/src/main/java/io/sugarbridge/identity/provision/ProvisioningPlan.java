package io.sugarbridge.identity.provision;

import java.util.List;

/**
 * Everything {@code users apply} would do, in the order it does it (a manager is created before the
 * people who report to them), the license keys for new users, and how many active users the file
 * leaves out without being deactivated (when {@code --deactivate-missing} is not given).
 */
public record ProvisioningPlan(
    List<UserChange> changes,
    List<String> licenseTypes,
    int missingLeftAlone,
    String callerUserName) {

  public ProvisioningPlan {
    changes = List.copyOf(changes);
    licenseTypes = List.copyOf(licenseTypes);
  }

  public long count(UserChange.Kind kind) {
    return changes.stream().filter(c -> c.kind() == kind).count();
  }

  /** Whether applying it would write anything. */
  public boolean hasWork() {
    return changes.stream()
        .anyMatch(c -> c.kind() != UserChange.Kind.UNCHANGED && c.kind() != UserChange.Kind.ERROR);
  }
}
