package io.sugarbridge.identity.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.sandbox.SandboxClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit's rules on users held in memory, with a hand-moved clock. */
class UserAuditTest {
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-06-01T00:00:00Z"));

  private SugarUser user(String name, boolean admin, String email, Duration age, String status) {
    return new SugarUser(
        name,
        name,
        null,
        name,
        email,
        null,
        null,
        status,
        admin,
        null,
        age == null ? null : clock.instant().minus(age),
        false,
        Map.of());
  }

  @Test
  void staleIsStrictlyOlderThanTheCutoffAndUndatedCountsAsStale() {
    UserList users =
        new UserList(
            List.of(
                user("exactly90", true, "a@x.io", Duration.ofDays(90), "Active"),
                user("older", false, "b@x.io", Duration.ofDays(90).plusSeconds(1), "Active"),
                user("undated", false, "c@x.io", null, "Active"),
                user("oldButInactive", false, "d@x.io", Duration.ofDays(400), "Inactive")),
            List.of());

    AuditReport r = new UserAudit(clock).audit(users, 90);

    assertThat(r.stale()).extracting(SugarUser::userName).containsExactly("older", "undated");
    assertThat(r.active()).isEqualTo(3);
    assertThat(r.inactive()).isEqualTo(1);
    assertThat(new UserAudit(clock).audit(users, 400).stale())
        .extracting(SugarUser::userName)
        .containsExactly("undated");
  }

  @Test
  void anInstanceWithoutAnActiveAdministratorIsFlagged() throws Exception {
    UserList users =
        new UserList(
            List.of(
                user("formerAdmin", true, "a@x.io", Duration.ZERO, "Inactive"),
                user("someone", false, " ", Duration.ZERO, "Active")),
            List.of());

    AuditReport r = new UserAudit(clock).audit(users, 90);

    assertThat(r.admins()).isEmpty();
    assertThat(r.hasFindings()).isTrue();
    assertThat(r.withoutEmail()).extracting(SugarUser::userName).containsExactly("someone");
    StringWriter text = new StringWriter();
    AuditPrinter.text(r, new PrintWriter(text), false);
    assertThat(text.toString())
        .contains("Users: 1 active, 1 inactive, 0 deleted")
        .contains("no active administrator!");
    StringWriter csv = new StringWriter();
    AuditPrinter.csv(r, new PrintWriter(csv));
    assertThat(csv.toString())
        .startsWith("check,user_name,name,detail\n")
        .contains("active_without_email,someone,someone,\n");
  }

  @Test
  void staleDaysBelowOneIsRefused() {
    assertThatThrownBy(() -> new UserAudit(clock).audit(new UserList(List.of(), List.of()), 0))
        .hasMessageContaining("--stale-days must be 1 or more");
  }
}
