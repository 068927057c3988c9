package io.sugarbridge.cli.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.cli.CliRun;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sugarbridge users ...} in-process against a sandbox over HTTP: apply a three-level
 * hierarchy from a file, apply again (nothing to do), deactivate a leaver, refuse a non-admin
 * before any write, deactivate and delete by user name, and write the org chart.
 */
class UsersCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The test's own client logs in on another platform, so the command's logins do not end it.
  @RegisterExtension final TestSandbox sugar = TestSandbox.configured(b -> b.platform("tests"));

  private SugarClient admin;

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    admin = client("admin", sugar.adminPassword());
    admin.records().create("ACLRoles", Map.of("name", "Sales Rep"));
    admin.records().create("ACLRoles", Map.of("name", "Sales Manager"));
    connection("sugarbridge.yaml", "admin", sugar.adminPassword());
  }

  private SugarClient client(String user, String password) {
    return SugarClient.builder(sugar.connection(user, password).platform("tests").build()).build();
  }

  private String connection(String name, String user, String password) {
    return TestSandbox.writeConnectionFile(
            dir.resolve(name), sugar.connection(user, password).build())
        .toString();
  }

  private CliRun users(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "users";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = dir.resolve("sugarbridge.yaml").toString();
    return CliRun.of(all);
  }

  private Map<String, JsonNode> sugarUsers() {
    return admin.users().stream(RecordQuery.all().withPageSize(1000))
        .collect(Collectors.toMap(u -> u.path("user_name").asText(), u -> (JsonNode) u));
  }

  private static final String HEADER =
      "user_name,first_name,last_name,email,title,department,manager,status,roles\n";
  private static final String CEO = "ceo,Ada,Boss,ada@example.com,CEO,Executive,,Active,\n";
  private static final String VP =
      "vp.sales,Ben,Seller,ben@example.com,VP Sales,Sales,ceo,Active,Sales Manager\n";
  private static final String REP1 =
      "rep.one,Cy,One,cy@example.com,Account Executive,Sales,vp.sales,,Sales Rep\n";
  private static final String REP2 =
      "rep.two,Di,Two,di@example.com,Account Executive,Sales,vp.sales,Active,Sales Rep\n";

  @Test
  void appliesAThreeLevelHierarchyThenNothingThenDeactivatesALeaver() throws IOException {
    // Reports come before their managers in the file: apply must still create managers first.
    Path file = dir.resolve("people.csv");
    Files.writeString(file, HEADER + REP1 + REP2 + VP + CEO);

    CliRun plan = users("plan", file.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("+ create      ceo", "+ create      vp.sales", "roles       +Sales Rep")
        .contains("Plan: 4 to create, 0 to update, 0 to deactivate")
        .contains("No password is sent");
    assertThat(sugarUsers()).doesNotContainKey("ceo");

    CliRun withoutYes = users("apply", file.toString());
    assertThat(withoutYes.code()).isZero();
    assertThat(withoutYes.out()).contains("Run again with --yes");
    assertThat(sugarUsers()).doesNotContainKey("ceo");

    CliRun first = users("apply", file.toString(), "--yes");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("Applied: 4 created, 0 updated, 0 deactivated");
    Map<String, JsonNode> u = sugarUsers();
    assertThat(u.get("ceo").path("reports_to_id").asText("")).isEmpty();
    assertThat(u.get("vp.sales").path("reports_to_id").asText())
        .isEqualTo(u.get("ceo").path("id").asText());
    assertThat(u.get("rep.one").path("reports_to_id").asText())
        .isEqualTo(u.get("vp.sales").path("id").asText());
    assertThat(u.get("rep.two").path("reports_to_id").asText())
        .isEqualTo(u.get("vp.sales").path("id").asText());
    assertThat(u.get("rep.one").path("user_hash").isNull()).as("no password sent").isTrue();
    assertThat(u.get("rep.one").path("title").asText()).isEqualTo("Account Executive");
    assertThat(roles("rep.one")).containsExactly("Sales Rep");
    assertThat(roles("vp.sales")).containsExactly("Sales Manager");

    int before = sugar.requestLog().size();
    CliRun second = users("apply", file.toString(), "--yes", "--json");
    assertThat(second.code()).as(second.err()).isZero();
    JsonNode report = JSON.readTree(second.out());
    assertThat(report.at("/counts/unchanged").asInt()).isEqualTo(4);
    assertThat(report.at("/plan/counts/created").asInt()).isZero();
    assertThat(report.at("/plan/counts/updated").asInt()).isZero();
    // the count keys of every command
    for (String counts : new String[] {"/counts", "/plan/counts"}) {
      List<String> keys = new java.util.ArrayList<>();
      report.at(counts).fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .as(counts)
          .containsExactly("created", "updated", "unchanged", "skipped", "failed", "deactivated");
    }
    assertThat(writesToUsers(before)).as("a second apply writes nothing").isEmpty();

    // rep.two leaves: absent from the file; without --deactivate-missing they stay active.
    Files.writeString(
        file,
        HEADER
            + CEO
            + VP.replace("Sales Manager", "Sales Rep")
            + REP1.replace("Account Executive", "Senior AE")
                .replace("cy@example.com", "cy@new.io"));
    CliRun keep = users("plan", file.toString());
    assertThat(keep.out())
        .contains("~ update      rep.one", "title       \"Account Executive\" -> \"Senior AE\"")
        .contains("email       \"cy@example.com\" -> \"cy@new.io\"")
        .contains("roles       +Sales Rep -Sales Manager")
        .contains("are not in the file and stay as they are");
    CliRun third = users("apply", file.toString(), "--yes", "--deactivate-missing");
    assertThat(third.code()).as(third.out() + third.err()).isZero();
    assertThat(third.out())
        .contains("- deactivate  rep.two")
        .contains("Applied: 0 created, 2 updated, 1 deactivated, 1 unchanged, 0 failed.");
    u = sugarUsers();
    assertThat(u.get("rep.two").path("status").asText()).isEqualTo("Inactive");
    assertThat(u.get("admin").path("status").asText()).as("own user kept").isEqualTo("Active");
    assertThat(u.get("rep.one").path("title").asText()).isEqualTo("Senior AE");
    assertThat(u.get("rep.one").path("email1").asText()).isEqualTo("cy@new.io");
    assertThat(u.get("rep.one").path("email").toString())
        .as("the old address is kept, not primary")
        .contains("cy@example.com");
    assertThat(roles("vp.sales")).containsExactly("Sales Rep");
  }

  @Test
  void planningRolesReadsEachRoleOnceNotEachUser() throws IOException {
    StringBuilder file = new StringBuilder(HEADER);
    for (int i = 0; i < 30; i++) {
      String id = sugar.createUser("u" + i, "Pw-123456789", false, List.of());
      if (i == 0) {
        admin.records().link("Users", id, "aclroles", roleId("Sales Rep"));
      } else if (i == 1) {
        admin.records().link("Users", id, "aclroles", roleId("Sales Manager"));
      }
      file.append("u").append(i).append(",,,,,,,,Sales Rep\n");
    }
    Path f = dir.resolve("people.csv");
    Files.writeString(f, file.toString());
    int before = sugar.requestLog().size();

    CliRun plan = users("plan", f.toString());

    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("Plan: 0 to create, 29 to update, 0 to deactivate, 1 unchanged")
        .contains("roles       +Sales Rep -Sales Manager");
    List<RequestLogEntry> log = sugar.requestLog();
    assertThat(log.subList(before, log.size()).stream().filter(e -> e.path().contains("/link/")))
        .as("one read per role (2 roles), not one per user (30)")
        .hasSize(2);
  }

  private String roleId(String name) {
    return admin
        .records()
        .list("ACLRoles", RecordQuery.where(Filter.field("name").equalTo(name)))
        .records()
        .get(0)
        .path("id")
        .asText();
  }

  @Test
  void aNonAdminIsRefusedBeforeAnyWrite() throws IOException {
    sugar.createUser("plain", "Plain-pw-12345", false, List.of());
    connection("sugarbridge.yaml", "plain", "Plain-pw-12345");
    Path file = dir.resolve("people.csv");
    // The admin row manages roles of an existing user, whose role links a non-admin cannot read.
    Files.writeString(file, HEADER + CEO + "admin,,,,,,,,Sales Rep\n");
    int before = sugar.requestLog().size();

    CliRun plan = users("plan", file.toString());
    CliRun apply = users("apply", file.toString(), "--yes");
    CliRun deactivate = users("deactivate", "admin");
    CliRun delete = users("delete", "admin", "--yes");

    for (CliRun r : List.of(plan, apply, deactivate, delete)) {
      // The connection file names a user who cannot do the job: configuration, exit 2.
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("'plain'", "not a Sugar administrator", "nothing was changed");
      assertThat(r.err()).doesNotContain("403").doesNotContain("Exception");
    }
    assertThat(writesToUsers(before)).isEmpty();
    assertThat(sugarUsers()).doesNotContainKey("ceo");
  }

  @Test
  void anEmptyFileWithDeactivateMissingIsRefusedAndDeactivatesNobody() throws IOException {
    sugar.createUser("stays", "Stays-pw-12345", false, List.of());
    Path headerOnly = dir.resolve("people.csv");
    Files.writeString(headerOnly, HEADER);
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    int before = sugar.requestLog().size();

    for (Path f : List.of(headerOnly, empty)) {
      CliRun r = users("apply", f.toString(), "--yes", "--deactivate-missing");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("lists no users", "--deactivate-missing", "nothing was planned");
    }
    assertThat(writesToUsers(before)).isEmpty();
    assertThat(sugarUsers().get("stays").path("status").asText()).isEqualTo("Active");
  }

  @Test
  void aCycleInTheFileIsAnErrorNamingTheUsers() throws IOException {
    Path file = dir.resolve("people.yaml");
    Files.writeString(
        file,
        "users:\n"
            + "  - {user_name: a, last_name: A, manager: b}\n"
            + "  - {user_name: b, last_name: B, manager: c}\n"
            + "  - {user_name: c, last_name: C, manager: a}\n"
            + "  - {user_name: d, last_name: D, status: Gone, colour: red}\n");

    CliRun r = users("apply", file.toString(), "--yes");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("reporting cycle in the file: a -> b -> c -> a");
    assertThat(r.err()).contains("status 'Gone' must be Active or Inactive");
    assertThat(r.err()).contains("unknown key 'colour'");
  }

  @Test
  void anEmailSugarWouldRefuseIsCannotBeDoneInThePlanAndNeverSent() throws IOException {
    Path file = dir.resolve("people.csv");
    Files.writeString(
        file,
        HEADER
            + CEO
            + "jose,José,Núñez,josé@example.com,,,ceo,Active,\n"
            + "dots,Dot,Dash,dot@-example.com,,,,Active,\n"
            + "plain,Plain,Text,not-an-email,,,,Active,\n"
            + "fine,Fine,Person,fine.person+tag@example.co.uk,,,ceo,Active,\n");
    int before = sugar.requestLog().size();

    CliRun plan = users("plan", file.toString());

    assertThat(plan.code()).as(plan.out() + plan.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(plan.out())
        .contains("Sugar refuses the email address 'josé@example.com'", "only ASCII", "row 3")
        .contains("Sugar refuses the email address 'dot@-example.com'")
        .contains("Sugar refuses the email address 'not-an-email'", "no @")
        .contains("2 to create")
        .contains("3 cannot be done");
    assertThat(writesToUsers(before)).isEmpty();

    CliRun apply = users("apply", file.toString(), "--yes");

    assertThat(apply.code()).as(apply.out() + apply.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(apply.out()).contains("2 created");
    assertThat(sugarUsers())
        .containsKeys("ceo", "fine")
        .doesNotContainKeys("jose", "dots", "plain");
    // Only the two good users were written: no create was sent for the others to fail.
    assertThat(writesToUsers(before))
        .filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/Users"))
        .hasSize(2);
  }

  @Test
  void failedUsersAreListedWithTheirReasonAndExitThree() throws IOException {
    Path file = dir.resolve("people.csv");
    Files.writeString(
        file,
        HEADER
            + CEO
            + "x,X,Ray,x@example.com,,,nobody,Active,\n"
            + "y,Y,Why,y@example.com,,,ceo,Active,Astronaut\n"
            + "z,Z,Zed,z@example.com,,,x,Active,\n");

    CliRun plan = users("plan", file.toString());
    assertThat(plan.code()).as("a plan with users that cannot be done").isEqualTo(3);
    assertThat(plan.out()).contains("2 cannot be done");
    assertThat(users("apply", file.toString()).code()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(sugarUsers()).doesNotContainKey("ceo");

    CliRun r = users("apply", file.toString(), "--yes");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(r.out())
        .contains("failed       x: manager 'nobody' is neither in the file nor a Sugar user")
        .contains("failed       y: role(s) Astronaut do not exist in Sugar")
        .contains("failed       z: not written: its manager 'x' was not created (manager 'nobody'")
        .contains("1 created");
  }

  @Test
  void deactivateAndDeleteByUserName() {
    sugar.createUser("leaver", "Leaver-pw-12345", false, List.of());
    sugar.createUser("gone", "Gone-pw-12345", false, List.of());

    CliRun d = users("deactivate", "leaver");
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out()).contains("Deactivated leaver");
    assertThat(sugarUsers().get("leaver").path("status").asText()).isEqualTo("Inactive");
    assertThat(users("deactivate", "leaver").out()).contains("already inactive");

    CliRun del = users("delete", "gone", "--yes");
    assertThat(del.code()).as(del.err()).isZero();
    assertThat(del.out()).contains("Deleted gone").contains("does not revoke a session");
    assertThat(sugarUsers()).doesNotContainKey("gone");

    CliRun missing = users("delete", "nobody", "--yes");
    assertThat(missing.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.err()).contains("no Sugar user with user_name 'nobody'");
  }

  private String[] withConfig(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "users";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = dir.resolve("sugarbridge.yaml").toString();
    return all;
  }

  @Test
  void deleteAsksOnTheTerminalAndRefusesWithoutOneUnlessYes() {
    sugar.createUser("maybe", "Maybe-pw-12345", false, List.of());
    int before = sugar.requestLog().size();

    CliRun script = users("delete", "maybe");
    assertThat(script.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(script.err()).contains("--yes", "no terminal", "Nothing was deleted");
    assertThat(script.err().lines().count()).isEqualTo(1);
    assertThat(sugar.requestLog().size()).as("Sugar not even contacted").isEqualTo(before);
    assertThat(sugarUsers()).containsKey("maybe");

    CliRun no = CliRun.typing("n\n", withConfig("delete", "maybe"));
    assertThat(no.out()).contains("Delete maybe (", "id ", "? [y/N]").contains("Nothing deleted");
    assertThat(no.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(sugarUsers()).containsKey("maybe");

    CliRun enter = CliRun.typing("\n", withConfig("delete", "maybe"));
    assertThat(enter.code()).as("the default answer is no").isEqualTo(ExitCodes.FAILURE);
    assertThat(sugarUsers()).containsKey("maybe");

    CliRun yes = CliRun.typing("y\n", withConfig("delete", "maybe"));
    assertThat(yes.code()).as(yes.err()).isZero();
    assertThat(yes.out()).contains("? [y/N]", "Deleted maybe");
    assertThat(sugarUsers()).doesNotContainKey("maybe");
  }

  @Test
  void listAuditAndOrgChartFormats() throws IOException {
    Path file = dir.resolve("people.csv");
    Files.writeString(file, HEADER + CEO + VP + REP1 + REP2);
    assertThat(users("apply", file.toString(), "--yes").code()).isZero();

    CliRun list = users("list", "--csv", "--fields", "phone_work");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "user_name,name,status,admin,email,title,department,manager,date_modified,phone_work");
    assertThat(list.out()).contains("rep.one,Cy One,Active,no,cy@example.com");

    CliRun audit = users("audit", "--json");
    assertThat(audit.code()).as(audit.err()).isZero();
    JsonNode a = JSON.readTree(audit.out());
    assertThat(a.at("/counts/active").asInt()).isEqualTo(5);
    assertThat(a.at("/counts/admins").asInt()).isEqualTo(1);
    assertThat(users("audit").out()).contains("Users: 5 active, 0 inactive");

    CliRun csv = users("org-chart", "--format", "csv");
    assertThat(csv.out()).contains("rep.one,Cy One,vp.sales,2,ceo > vp.sales > rep.one,Sales,");
    CliRun mermaid = users("org-chart", "--format", "mermaid");
    assertThat(mermaid.out()).startsWith("flowchart TD").contains("Ben Seller<br/>VP Sales");
    Path html = dir.resolve("chart.html");
    CliRun page = users("org-chart", "--format", "html", "--out", html.toString());
    assertThat(page.code()).as(page.err()).isZero();
    assertThat(page.err()).contains("Wrote the org chart of 5 people");
    assertThat(Files.readString(html))
        .contains("\"user_name\":\"rep.two\"")
        .doesNotContain("src=\"http");
    CliRun nowhere =
        users("org-chart", "--out", dir.resolve("no-such-folder/chart.json").toString());
    assertThat(nowhere.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(nowhere.err())
        .contains("cannot write the org chart to", "no-such-folder", "check that the folder exists")
        .doesNotContain("\tat ");
    CliRun bad = users("org-chart", "--format", "png");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("use json, csv, dot, mermaid or html");
  }

  private List<String> roles(String userName) {
    String id =
        admin
            .users()
            .list(RecordQuery.where(Filter.field("user_name").equalTo(userName)))
            .records()
            .get(0)
            .path("id")
            .asText();
    return admin.records().related("Users", id, "aclroles", RecordQuery.all()).records().stream()
        .map(r -> r.path("name").asText())
        .toList();
  }

  private List<RequestLogEntry> writesToUsers(int from) {
    List<RequestLogEntry> log = sugar.requestLog();
    return log.subList(from, log.size()).stream()
        .filter(e -> !e.method().equals("GET"))
        .filter(e -> !e.path().endsWith("/filter") && !e.path().contains("oauth2"))
        .toList();
  }
}
