package io.sugarbridge.identity.audit;

import io.sugarbridge.identity.directory.SugarUser;
import java.time.Instant;
import java.util.List;

/**
 * What a users audit found: counts of active, inactive and soft-deleted users, the active
 * administrators, active users not modified for {@code staleDays} days (or never dated), active
 * users without an email, active users whose manager is inactive, deleted or missing, and reporting
 * cycles (each as its members in reporting order).
 */
public record AuditReport(
    Instant checkedAt,
    int staleDays,
    int active,
    int inactive,
    int deleted,
    List<SugarUser> admins,
    List<SugarUser> stale,
    List<SugarUser> withoutEmail,
    List<ManagerFinding> managerProblems,
    List<List<SugarUser>> cycles) {

  /** An active user whose {@code reports_to_id} leads to no active user, and why. */
  public record ManagerFinding(
      SugarUser user, String managerId, String managerUserName, String problem) {}

  /** Whether anything needs an administrator's attention. */
  public boolean hasFindings() {
    return !stale.isEmpty()
        || !withoutEmail.isEmpty()
        || !managerProblems.isEmpty()
        || !cycles.isEmpty()
        || admins.isEmpty();
  }
}
