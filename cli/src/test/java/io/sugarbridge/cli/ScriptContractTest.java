package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.cli.sync.SyncFiles;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What scripts and people read from sync, plan, runs and demo: reasons and warnings in every
 * output, one JSON document per command with {@code --json} (failures included), exit 2 for a
 * source the sync file gets wrong.
 *
 * <p>Runs beside the other test classes (most of its time is the client's real retry back-off
 * against an unreachable Sugar); its own tests one at a time under a lock, as they share one
 * sandbox.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ScriptContractTest.sandbox")
class ScriptContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final TestSandbox sugar = TestSandbox.create();

  @TempDir Path dir;

  @BeforeEach
  void connectionFile() {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
  }

  /** Exactly one JSON document on stdout, nothing after it. */
  private static JsonNode oneDocument(CliRun r) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(r.out())) {
      it.forEachRemaining(docs::add);
    }
    assertThat(docs).as("documents on stdout:\n%s", r.out()).hasSize(1);
    return docs.get(0);
  }

  private Path syncFile(String name, String source, String rest) throws IOException {
    return SyncFiles.write(dir, name, source, rest);
  }

  private Path leads(String name, String csv, String extra) throws IOException {
    return SyncFiles.leads(dir, name, csv, extra);
  }

  @Test
  void enumWarningsShowInTheSummaryJsonPlanAndErrorFile() throws IOException {
    Path file =
        leads(
            "warned",
            "id,last_name,source\n1,Ames,Web Site\n2,Bell,Carrier Pigeon\n",
            "enum_check: warn\n");

    CliRun plan = CliRun.of("plan", file.toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("1 row would be sent with warnings")
        .contains(
            "warning: value 'Carrier Pigeon' in column source is not an option of lead_source");
    JsonNode planJson = oneDocument(CliRun.of("plan", file.toString(), "--json"));
    assertThat(planJson.at("/sample/1/warnings/0").asText()).contains("Carrier Pigeon");

    CliRun sync = CliRun.of("sync", file.toString(), "--json");
    assertThat(sync.code()).as(sync.err()).isZero();
    JsonNode report = oneDocument(sync);
    assertThat(report.at("/counts/created").asLong()).isEqualTo(2);
    assertThat(report.at("/warned_rows").asLong()).isEqualTo(1);
    assertThat(report.at("/warnings/0/key").asText()).isEqualTo("2");
    assertThat(report.at("/summary").asText()).contains("1 row sent with warnings");
    // every allowed value, not a silently cut list
    assertThat(report.at("/warnings/0/warnings/0").asText())
        .contains("Web Site")
        .contains("Other")
        .doesNotContain("more");
    String errors = Files.readString(Path.of(report.at("/error_file").asText()));
    assertThat(errors).contains("\"reason\":\"warning\"").contains("Carrier Pigeon");
  }

  @Test
  void planShowsEachFailingReasonReadableLookupsAndExitsThree() throws IOException {
    Files.writeString(
        dir.resolve("people.csv"),
        "id,last_name,company,source\n1,Ames,Acme,Web Site\n2,,Acme,Web Site\n");
    Path file =
        syncFile(
            "contacts",
            "  url: \"duckdb:\"\n  query: select * from 'people.csv'\n",
            "key: id\ntarget:\n  module: Contacts\n  mode: upsert\n"
                + "mappings:\n  last_name: last_name\n  lead_source: source\n"
                + "  account_id: {lookup: {module: Accounts, field: name, column: company}}\n");
    CliRun plan = CliRun.of("plan", file.toString());
    assertThat(plan.code()).as(plan.out() + plan.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(plan.out())
        .contains("row 2 key 2: failed (invalid_row)")
        .contains("why: required field last_name has no value")
        .contains("account_id: (empty) -> \"id of the Accounts record whose name is 'Acme'\"")
        .doesNotContain("$lookup");
  }

  @Test
  void runsPrintsATableWithSecondsAndCountsInColumns() throws IOException {
    Path file = leads("tabled", "id,last_name,source\n1,Ames,Web Site\n", "");
    assertThat(CliRun.of("sync", file.toString()).code()).isZero();
    CliRun runs = CliRun.of("runs", file.toString());
    assertThat(runs.code()).as(runs.err()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines.get(0)).startsWith("Runs of tabled against http://127.0.0.1:");
    assertThat(lines.get(1))
        .containsSubsequence(
            "run",
            "started",
            "ended",
            "status",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "failed");
    assertThat(lines.get(2))
        .matches(
            "1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d{4}-\\d\\d-\\d\\d"
                + " \\d\\d:\\d\\d:\\d\\d\\s+succeeded\\s+1\\s+0\\s+0\\s+0\\s+0");
  }

  @Test
  void aSourceTheSyncFileGetsWrongExitsTwoAndJsonFailuresAreOneObject() throws IOException {
    String[][] sources = {
      {"scheme", "  url: \"mysqlx://db/x\"\n  query: select 1 as id\n", "source.url"},
      {"syntax", "  url: \"duckdb:\"\n  query: selec 1 as id\n", "source.query"},
      {"nofile", "  url: \"duckdb:missing.duckdb\"\n  query: select 1 as id\n", "source.url"},
      {"nocsv", "  url: \"duckdb:\"\n  query: select * from 'missing.csv'\n", "source.query"},
    };
    for (String[] s : sources) {
      Path file =
          syncFile(
              s[0],
              s[1],
              "key: id\ntarget:\n  module: Leads\n  mode: upsert\nmappings:\n  last_name: id\n");
      for (String command : new String[] {"sync", "plan"}) {
        CliRun text = CliRun.of(command, file.toString());
        assertThat(text.code())
            .as(command + " " + s[0] + ": " + text.err())
            .isEqualTo(ExitCodes.USAGE);
        assertThat(text.err()).contains(s[2]).doesNotContain("at io.sugarbridge");

        CliRun json = CliRun.of(command, file.toString(), "--json");
        assertThat(json.code()).isEqualTo(ExitCodes.USAGE);
        JsonNode o = oneDocument(json);
        assertThat(o.path("ok").asBoolean(true)).isFalse();
        assertThat(o.path("exit_code").asInt()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.path("kind").asText()).isEqualTo("configuration");
        assertThat(o.path("error").asText()).contains(s[2]);
        assertThat(o.at("/problems/0/setting").asText()).isEqualTo(s[2]);
      }
    }
  }

  @Test
  void everyJsonFailureIsOneObjectOnStdout() throws IOException {
    // could not run: Sugar unreachable (exit 1)
    Files.writeString(
        dir.resolve("down.yaml"),
        "sugar:\n  instance_url: http://127.0.0.1:9\n  username: a\n  password: b\n");
    Files.writeString(dir.resolve("p.csv"), "id,last_name\n1,Ames\n");
    Path file = dir.resolve("down-sync.yaml");
    Files.writeString(
        file,
        "name: down\nsugar: down.yaml\nsource:\n  url: \"duckdb:\"\n  query: select * from 'p.csv'\n"
            + "key: id\ntarget: {module: Leads, mode: upsert}\nmappings:\n  last_name: last_name\n");
    CliRun down = CliRun.of("sync", file.toString(), "--json");
    assertThat(down.code()).isEqualTo(ExitCodes.FAILURE);
    JsonNode o = oneDocument(down);
    assertThat(o.path("kind").asText()).isEqualTo("failure");
    assertThat(o.path("error").asText()).isNotBlank();

    // a sync file that does not exist, and a misspelt option
    JsonNode missing =
        oneDocument(CliRun.of("runs", dir.resolve("nope.yaml").toString(), "--json"));
    assertThat(missing.path("exit_code").asInt()).isEqualTo(ExitCodes.USAGE);
    CliRun typo = CliRun.of("plan", file.toString(), "--json", "--sampel", "3");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(oneDocument(typo).path("error").asText()).contains("--sampel");
    JsonNode check =
        oneDocument(CliRun.of("check", "--config", dir.resolve("none.yaml").toString(), "--json"));
    assertThat(check.path("error").asText()).isNotBlank();
    assertThat(check.path("usable").asBoolean(true)).isFalse();
  }

  @Test
  void demoJsonIsOneDocument() throws IOException {
    CliRun r =
        CliRun.of(
            "demo",
            "--json",
            "--seed",
            "0",
            "--accounts",
            "3",
            "--contacts-per-account",
            "1",
            "--dir",
            dir.resolve("demo").toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = oneDocument(r);
    assertThat(doc.at("/check/usable").asBoolean()).isTrue();
    assertThat(doc.at("/runs").size()).isEqualTo(4);
    assertThat(doc.at("/runs/1/counts/created").asLong()).isEqualTo(3);
    assertThat(doc.at("/runs/3/counts/unchanged").asLong()).isEqualTo(3);
    assertThat(doc.at("/exit_code").asInt()).isZero();
  }
}
