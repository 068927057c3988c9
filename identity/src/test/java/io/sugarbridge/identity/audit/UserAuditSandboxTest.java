package io.sugarbridge.identity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.identity.GeneratedCompany;
import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.testsupport.TestSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit of a 2 500-user instance (three pages of 1000) read from the sandbox over HTTP: 300
 * stale users, 25 active users without an email, 2 admins besides {@code admin}, managers made
 * inactive, deleted and missing, and two reporting cycles written through the sandbox's
 * loop-allowing switch.
 */
class UserAuditSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // A hand-moved clock, so that "stale" can be built; reporting loops allowed, as imports leave
  // them in real instances.
  private static final SandboxClock CLOCK = new SandboxClock(Instant.parse("2026-06-01T09:00:00Z"));

  @RegisterExtension
  static final TestSandbox sugar =
      TestSandbox.configured(b -> b.allowReportingLoops(true)).clock(CLOCK);

  private static GeneratedCompany company;
  private static List<String> ids;

  @BeforeAll
  static void buildInstance() {
    company = new GeneratedCompany(2500, 7);
    // Everyone is written 200 days ago; all but the last 300 are touched again today.
    CLOCK.advance(Duration.ofDays(-200));
    ids = company.createIn(sugar.admin());
    CLOCK.advance(Duration.ofDays(200));
    List<BulkRequest> batch = new ArrayList<>();
    for (int i = 0; i < 2200; i++) {
      ObjectNode b = JSON.createObjectNode();
      b.put("phone_work", "+1 555 0100");
      if (i >= 100 && i < 125) {
        b.putArray("email"); // 25 active users lose their only address
      }
      if (i == 1 || i == 2) {
        b.put("is_admin", true);
      }
      batch.add(BulkRequest.put("/Users/" + ids.get(i), b));
      if (batch.size() == 200) {
        flush(batch);
      }
    }
    flush(batch);
  }

  private static void flush(List<BulkRequest> batch) {
    sugar
        .admin()
        .bulk()
        .execute(batch)
        .forEach(r -> assertThat(r.isSuccess()).as("%s", r).isTrue());
    batch.clear();
  }

  @Test
  void auditsEveryUserAcrossThreePagesAndFindsEachProblem() {
    // A manager (index 20 is a team manager with reports) made inactive, one deleted, one report
    // pointed at an id that never existed, and two cycles: a 3-cycle and a self-loop.
    int inactiveManager = firstManagerWithReports(20);
    int deletedManager = firstManagerWithReports(inactiveManager + 1);
    sugar.admin().users().deactivate(ids.get(inactiveManager));
    sugar.admin().records().delete("Users", ids.get(deletedManager));
    String ghost = UUID.randomUUID().toString();
    sugar.admin().users().update(ids.get(2100), obj("reports_to_id", ghost));
    sugar.admin().users().update(ids.get(2101), obj("reports_to_id", ids.get(2102)));
    sugar.admin().users().update(ids.get(2102), obj("reports_to_id", ids.get(2103)));
    sugar.admin().users().update(ids.get(2103), obj("reports_to_id", ids.get(2101)));
    sugar.admin().users().update(ids.get(2104), obj("reports_to_id", ids.get(2104)));
    int before = sugar.requestLog().size();

    UserList users = new UserDirectory(sugar.admin()).readAll(List.of());
    AuditReport r = new UserAudit(CLOCK).audit(users, 90);

    List<RequestLogEntry> pages =
        sugar.requestLog().subList(before, sugar.requestLog().size()).stream()
            .filter(e -> e.path().endsWith("/Users/filter"))
            .toList();
    assertThat(pages).as("2 501 live users and 1 deleted are three pages of 1000").hasSize(3);
    // 2 500 generated + admin (+ nobody else), one deleted, one inactive.
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(r.inactive()).isEqualTo(1);
    assertThat(r.active()).isEqualTo(2499);
    assertThat(r.admins())
        .extracting(SugarUser::userName)
        .containsExactlyInAnyOrder(
            "admin", company.people.get(1).userName(), company.people.get(2).userName());
    // The last 300 were not touched for 200 days; the deactivated manager was, and is inactive.
    List<String> expectedStale = new ArrayList<>();
    for (int i = 2200; i < 2500; i++) {
      expectedStale.add(company.people.get(i).userName());
    }
    assertThat(r.stale())
        .extracting(SugarUser::userName)
        .containsExactlyInAnyOrderElementsOf(expectedStale);
    // The 25 emptied ones, and the sandbox's own admin, which has no address.
    assertThat(r.withoutEmail()).hasSize(26);
    assertThat(r.withoutEmail())
        .extracting(SugarUser::userName)
        .contains("admin", company.people.get(100).userName(), company.people.get(124).userName());

    long reportsOfInactive =
        company.people.stream().filter(p -> p.manager() == inactiveManager).count();
    long reportsOfDeleted =
        company.people.stream().filter(p -> p.manager() == deletedManager).count();
    assertThat(r.managerProblems())
        .filteredOn(f -> f.problem().equals("manager is inactive"))
        .hasSize((int) reportsOfInactive)
        .allSatisfy(
            f ->
                assertThat(f.managerUserName())
                    .isEqualTo(company.people.get(inactiveManager).userName()));
    assertThat(r.managerProblems())
        .filteredOn(f -> f.problem().equals("manager is deleted"))
        .hasSize((int) reportsOfDeleted);
    assertThat(r.managerProblems())
        .filteredOn(f -> f.problem().equals("manager does not exist"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.user().userName()).isEqualTo(company.people.get(2100).userName());
              assertThat(f.managerId()).isEqualTo(ghost);
            });
    assertThat(r.cycles()).hasSize(2);
    assertThat(r.cycles())
        .anySatisfy(
            c ->
                assertThat(c)
                    .extracting(SugarUser::userName)
                    .containsExactlyInAnyOrder(
                        company.people.get(2101).userName(),
                        company.people.get(2102).userName(),
                        company.people.get(2103).userName()));
    assertThat(r.cycles())
        .anySatisfy(
            c ->
                assertThat(c)
                    .extracting(SugarUser::userName)
                    .containsExactly(company.people.get(2104).userName()));
  }

  private int firstManagerWithReports(int from) {
    for (int i = from; i < company.people.size(); i++) {
      int m = i;
      if (company.people.stream().filter(p -> p.manager() == m).count() >= 2) {
        return i;
      }
    }
    throw new AssertionError("no manager with reports");
  }

  private static ObjectNode obj(String k, String v) {
    ObjectNode o = JSON.createObjectNode();
    o.put(k, v);
    return o;
  }
}
