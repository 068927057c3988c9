package io.sugarbridge.identity.audit;

import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.identity.orgchart.ReportingGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audits the user list read from Sugar (see {@link io.sugarbridge.identity.directory
 * .UserDirectory}): the checks an IT administrator runs before a licence review or after a
 * re-organisation. Time comes from the injected clock, so "stale" is testable.
 */
public final class UserAudit {
  /** Users not modified for this many days count as stale unless told otherwise. */
  public static final int DEFAULT_STALE_DAYS = 90;

  private final Clock clock;

  public UserAudit(Clock clock) {
    this.clock = clock;
  }

  public AuditReport audit(UserList users, int staleDays) {
    if (staleDays < 1) {
      throw new IllegalArgumentException("--stale-days must be 1 or more, got " + staleDays);
    }
    Instant now = clock.instant();
    Instant cutoff = now.minus(Duration.ofDays(staleDays));
    int active = 0;
    int inactive = 0;
    List<SugarUser> admins = new ArrayList<>();
    List<SugarUser> stale = new ArrayList<>();
    List<SugarUser> withoutEmail = new ArrayList<>();
    for (SugarUser u : users.live()) {
      if (!u.active()) {
        inactive++;
        continue;
      }
      active++;
      if (u.admin()) {
        admins.add(u);
      }
      if (u.dateModified() == null || u.dateModified().isBefore(cutoff)) {
        stale.add(u);
      }
      if (u.email() == null || u.email().isBlank()) {
        withoutEmail.add(u);
      }
    }
    List<AuditReport.ManagerFinding> managerProblems = new ArrayList<>();
    for (ReportingGraph.DanglingManager d : ReportingGraph.of(users, false).danglingManagers()) {
      String managerName = users.byId(d.managerId()).map(SugarUser::userName).orElse(null);
      managerProblems.add(
          new AuditReport.ManagerFinding(
              d.user(), d.managerId(), managerName, d.problem().words()));
    }
    List<List<SugarUser>> cycles = ReportingGraph.of(users, true).cycles();
    return new AuditReport(
        now,
        staleDays,
        active,
        inactive,
        users.deleted().size(),
        List.copyOf(admins),
        List.copyOf(stale),
        List.copyOf(withoutEmail),
        List.copyOf(managerProblems),
        cycles);
  }
}
