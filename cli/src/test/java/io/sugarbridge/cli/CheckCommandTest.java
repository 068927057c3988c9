package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@code sugarbridge check} in-process against a sandbox over real HTTP. */
class CheckCommandTest {
  @RegisterExtension static final TestSandbox sugar = TestSandbox.create();

  @TempDir Path dir;

  @BeforeAll
  static void createUsers() {
    sugar.createUser("reader", "reader-pass-1", false, List.of("Accounts", "Leads"));
  }

  private Path connectionFile(String user, String password) throws IOException {
    Path file = dir.resolve("sugarbridge.yaml");
    Files.writeString(
        file,
        "sugar:\n"
            + "  instance_url: "
            + sugar.url()
            + "\n"
            + "  username: "
            + user
            + "\n"
            + "  password: \""
            + password
            + "\"\n");
    return file;
  }

  @Test
  void usableConnectionExitsZeroAndListsTheSevenModules() throws IOException {
    Path file = connectionFile("admin", sugar.adminPassword());

    CliRun r = CliRun.of("check", "--config", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Result       usable")
        .contains("administrator")
        .containsPattern("Contacts\\s+yes\\s+yes\\s+yes")
        .contains("Leads", "Accounts", "Opportunities", "Cases", "Notes", "Tasks");
    assertThat(r.out() + r.err()).doesNotContain(sugar.adminPassword());
  }

  @Test
  void jsonOutputShowsReadOnlyModulesOfANonAdmin() throws IOException {
    Path file = connectionFile("reader", "reader-pass-1");

    CliRun r = CliRun.of("check", "--config", file.toString(), "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("usable").asBoolean()).isTrue();
    assertThat(json.at("/user/admin").asBoolean()).isFalse();
    assertThat(json.at("/server/product_name").asText()).isEqualTo("SugarCRM");
    for (JsonNode m : json.get("modules")) {
      boolean readOnly = List.of("Accounts", "Leads").contains(m.get("module").asText());
      assertThat(m.get("read").asBoolean()).isTrue();
      assertThat(m.get("create").asBoolean()).as(m.toString()).isEqualTo(!readOnly);
      assertThat(m.get("edit").asBoolean()).as(m.toString()).isEqualTo(!readOnly);
    }
  }

  @Test
  void wrongPasswordExitsTwoWithAnActionableMessageAndNoSecret() throws IOException {
    Path file = connectionFile("admin", "not-the-password-42");

    CliRun r = CliRun.of("check", "--config", file.toString());

    // A login Sugar refuses is the connection file's fault: exit 2, as in every command.
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).contains("NOT USABLE").containsIgnoringCase("password");
    assertThat(r.out() + r.err()).doesNotContain("not-the-password-42");
  }

  @Test
  void badConfigurationExitsTwoAndNamesEveryProblem() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "sugar:\n"
            + "  instance_url: http://crm.example.com/\n"
            + "  username: admin\n"
            + "  password: secret-value-123\n"
            + "  platform: base\n");

    CliRun r = CliRun.of("check", "--config", file.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("instance_url").contains("platform");
    assertThat(r.out() + r.err()).doesNotContain("secret-value-123").doesNotContain("Exception");
  }

  @Test
  void badConfigurationWithJsonListsTheProblemsAsJson() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "sugar:\n  instance_url: https://crm.example.com\n  username: admin\n");

    CliRun r = CliRun.of("check", "--config", file.toString(), "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("usable").asBoolean()).isFalse();
    assertThat(json.get("problems")).hasSize(1);
    assertThat(json.at("/problems/0/setting").asText()).isEqualTo("sugar.password");
    assertThat(json.at("/problems/0/location").asText()).contains("bad.yaml");
  }

  @Test
  void missingConfigFileExitsTwo() {
    CliRun r = CliRun.of("check", "--config", dir.resolve("nope.yaml").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("nope.yaml");
  }

  @Test
  void demoChecksThenSyncsTheSampleWarehouseTwiceTheSecondTimeSendingNothing() {
    CliRun r =
        CliRun.of(
            "demo",
            "--seed",
            "1",
            "--accounts",
            "10",
            "--contacts-per-account",
            "3",
            "--dir",
            dir.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("NOT a real SugarCRM")
        .contains("Result       usable")
        .contains("demo-accounts: 10 rows: 10 created")
        .contains("demo-contacts: 30 rows: 30 created")
        .contains("demo-accounts: 10 rows: 0 created, 0 updated, 10 unchanged")
        .contains("demo-contacts: 30 rows: 0 created, 0 updated, 30 unchanged");

    // The files it left are a working sync set: runs shows both runs of the contacts sync.
    CliRun runs = CliRun.of("runs", dir.resolve("contacts.yaml").toString(), "--json");
    assertThat(runs.code()).as(runs.err()).isZero();
    assertThat(runs.out()).contains("\"status\" : \"succeeded\"");

    // A second demo in the same folder starts from a fresh sandbox and fresh state.
    CliRun again =
        CliRun.of(
            "demo",
            "--seed",
            "1",
            "--accounts",
            "10",
            "--contacts-per-account",
            "3",
            "--dir",
            dir.toString());
    assertThat(again.out()).contains("demo-contacts: 30 rows: 30 created");
  }

  @Test
  void sandboxOnATakenPortExitsTwoWithTheFix() {
    CliRun r = CliRun.of("sandbox", "--port", String.valueOf(sugar.url().getPort()));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("Port " + sugar.url().getPort() + " on 127.0.0.1 is in use", "--port N")
        .doesNotContain("Exception");
  }

  @Test
  void sandboxWithAnInvalidFaultShareExitsTwoNamingIt() {
    CliRun r = CliRun.of("sandbox", "--port", "0", "--fault-429", "2");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("share429").doesNotContain("at io.sugarbridge");
  }

  @Test
  void sandboxWithABadCustomFieldsFileExitsTwoNamingTheEntry() throws IOException {
    Files.writeString(
        dir.resolve("custom_fields.json"),
        "{\"Contacts\":[{\"name\":\"tier\",\"type\":\"varchar\"}]}");

    CliRun r = CliRun.of("sandbox", "--port", "0", "--data", dir.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("custom_fields.json").contains("tier_c");
  }
}
