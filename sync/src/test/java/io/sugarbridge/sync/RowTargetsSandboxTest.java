package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which record each row writes, against the sandbox over real HTTP: a plain column on Sugar's email
 * field, mappings onto fields that cannot take a plain value, and rows of one run claiming one
 * record.
 */
class RowTargetsSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dataDir;
  static SandboxFixture fx;
  static SugarClient client;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    fx = new SandboxFixture(dataDir);
    client = fx.client();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private RunReport run(SyncSpec spec, MemorySource src) {
    return new SyncEngine(client, src, Clock.systemUTC()).run(spec, SyncOptions.defaults());
  }

  private RunReport plan(SyncSpec spec, MemorySource src) {
    return new SyncEngine(client, src, Clock.systemUTC()).plan(spec, SyncOptions.defaults());
  }

  private List<ObjectNode> named(String module, String lastName) {
    List<ObjectNode> out = new ArrayList<>();
    client
        .records()
        .iterate(
            module,
            RecordQuery.where(Filter.field("last_name").equalTo(lastName))
                .withFields("id", "first_name", "last_name", "email")
                .withPageSize(200))
        .forEachRemaining(out::add);
    return out;
  }

  private static String yaml(String module, String match, String mappings) {
    return "name: t\nsource: {query: select 1}\nkey: id\ntarget:\n  module: "
        + module
        + "\n  mode: upsert\n"
        + (match == null ? "" : "  match: " + match + "\n")
        + "mappings:\n  last_name: last_name\n  first_name: first_name\n"
        + mappings;
  }

  private static List<JsonNode> errors(RunReport r) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(r.errorFile())) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void aPlainColumnOnEmailBuildsThePrimaryAddress() {
    SyncSpec spec = SandboxFixture.spec(dir, yaml("Leads", null, "  email: email_col\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "email_col");
    src.add("1", "Ada", "PlainEmail", "ada@example.com");
    src.add("2", "Bo", "PlainEmail", " bo@example.com ");
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(2);
    assertThat(named("Leads", "PlainEmail"))
        .hasSize(2)
        .allSatisfy(
            lead -> {
              JsonNode email = lead.path("email");
              assertThat(email.size()).as("addresses of %s", lead).isEqualTo(1);
              assertThat(email.path(0).path("primary_address").asBoolean()).isTrue();
            })
        .extracting(lead -> lead.path("email").path(0).path("email_address").asText())
        .containsExactlyInAnyOrder("ada@example.com", "bo@example.com");
  }

  @Test
  void fieldsThatCannotTakeAPlainValueAreRefusedNamingTheMappingToWrite() {
    SyncSpec spec =
        SandboxFixture.spec(
            dir,
            yaml(
                "Contacts",
                null,
                "  account_name: company\n  accounts: company\n  title: {email: mail}\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "company", "mail");
    src.add("1", "Cy", "Refused", "Acme", "cy@example.com");
    assertThatThrownBy(() -> run(spec, src))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mappings.account_name")
        .hasMessageContaining(
            "account_id: {lookup: {module: Accounts, field: name, column: company}}")
        .hasMessageContaining("mappings.accounts")
        .hasMessageContaining("is a link to related Accounts")
        .hasMessageContaining("mappings.title")
        .hasMessageContaining("title is a varchar field; write 'title: mail'");
    assertThat(named("Contacts", "Refused")).isEmpty();
  }

  @Test
  void rowsWithTheSameMatchValueFailAndNothingIsWrittenForThem() throws IOException {
    String id =
        client
            .records()
            .create(
                "Contacts",
                Map.of(
                    "last_name",
                    "Shared",
                    "first_name",
                    "Original",
                    "email",
                    List.of(
                        Map.of("email_address", "shared@example.com", "primary_address", true))))
            .path("id")
            .asText();
    SyncSpec spec =
        SandboxFixture.spec(
            dir,
            yaml("Contacts", "{field: email, column: mail}", "")
                // one row per batch: the claim must hold across batches too
                + "batch_size: 1\n");
    MemorySource src = new MemorySource("id", "first_name", "last_name", "mail");
    src.add("a", "First", "Shared", "shared@example.com");
    src.add("b", "Solo", "Shared", "solo@example.com");
    src.add("c", "Second", "Shared", "SHARED@example.com");
    src.add("d", "Third", "Shared", "shared@example.com");

    RunReport plan = plan(spec, src);
    assertThat(plan.count(Outcome.FAILED)).isEqualTo(3);
    assertThat(plan.count(Outcome.CREATED)).isEqualTo(1);

    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(3);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(client.records().get("Contacts", id).path("first_name").asText())
        .as("the record the rows share is not written")
        .isEqualTo("Original");
    List<JsonNode> errors = errors(r);
    assertThat(errors)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("duplicate_match"));
    JsonNode a =
        errors.stream().filter(e -> e.path("key").asText().equals("a")).findFirst().orElseThrow();
    assertThat(a.path("message").asText()).contains("keys c, d").contains("mail");
    // nothing changed: the rows keep failing rather than turning "unchanged"
    RunReport again = run(spec, src);
    assertThat(again.count(Outcome.FAILED)).isEqualTo(3);
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(1);
  }

  @Test
  void aRowMatchedByItsStateAndAnotherByItsMatchValueBothFail() throws IOException {
    SyncSpec spec = SandboxFixture.spec(dir, yaml("Contacts", "{field: email, column: mail}", ""));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "mail");
    src.add("k1", "One", "StateVsMatch", "old@example.com");
    assertThat(run(spec, src).count(Outcome.CREATED)).isEqualTo(1);
    String id = named("Contacts", "StateVsMatch").get(0).path("id").asText();

    // k1's address changes (nothing has it, so k1 falls back to the record it created), and a new
    // row k2 carries k1's old address, which finds that same record.
    src.set(0, "mail", "new@example.com");
    src.set(0, "first_name", "OneChanged");
    src.add("k2", "Two", "StateVsMatch", "old@example.com");
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(2);
    assertThat(errors(r))
        .extracting(e -> e.path("reason").asText() + " " + e.path("key").asText())
        .containsExactlyInAnyOrder("duplicate_match k1", "duplicate_match k2");
    assertThat(errors(r).get(0).path("message").asText()).contains(id);
    assertThat(named("Contacts", "StateVsMatch"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("first_name").asText()).isEqualTo("One"));

    // once k2 goes, k1 still finds the record it created
    src.rows.remove(1);
    RunReport fixed = run(spec, src);
    assertThat(fixed.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(named("Contacts", "StateVsMatch"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("first_name").asText()).isEqualTo("OneChanged"));
  }

  @Test
  void aRowMatchingTheRecordAnUnchangedRowHoldsFailsAndNeitherIsReportedWrongly()
      throws IOException {
    SyncSpec spec =
        SandboxFixture.spec(
            dir, yaml("Contacts", "{field: email, column: mail}", "") + "batch_size: 1\n");
    MemorySource src = new MemorySource("id", "first_name", "last_name", "mail");
    src.add("h1", "Holder", "HeldRecord", "held-a@example.com");
    assertThat(run(spec, src).count(Outcome.CREATED)).isEqualTo(1);
    String id = named("Contacts", "HeldRecord").get(0).path("id").asText();
    // Someone adds a second address in Sugar; a new row carries it and so finds the same record.
    client
        .records()
        .update(
            "Contacts",
            id,
            Map.of(
                "email",
                List.of(
                    Map.of("email_address", "held-a@example.com", "primary_address", true),
                    Map.of("email_address", "held-b@example.com", "primary_address", false))));
    src.add("h2", "Intruder", "HeldRecord", "held-b@example.com");

    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.UNCHANGED)).isEqualTo(1);
    assertThat(errors(r))
        .extracting(e -> e.path("reason").asText() + " " + e.path("key").asText())
        .containsExactly("duplicate_match h2");
    assertThat(errors(r).get(0).path("message").asText()).contains("h1").contains(id);
    assertThat(named("Contacts", "HeldRecord"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("first_name").asText()).isEqualTo("Holder"));

    // The other order: the new row comes first. Whichever row the run reaches first keeps the
    // record; the other fails, and a row reported unchanged still finds its values in Sugar.
    MemorySource swapped = new MemorySource("id", "first_name", "last_name", "mail");
    swapped.add("h2", "Intruder", "HeldRecord", "held-b@example.com");
    swapped.add("h1", "Holder", "HeldRecord", "held-a@example.com");
    RunReport again = run(spec, swapped);
    assertThat(again.count(Outcome.FAILED)).isEqualTo(1);
    String kept = named("Contacts", "HeldRecord").get(0).path("first_name").asText();
    if (again.count(Outcome.UNCHANGED) == 1) {
      assertThat(kept).isEqualTo("Holder");
      assertThat(errors(again)).extracting(e -> e.path("key").asText()).containsExactly("h2");
    } else {
      assertThat(kept).isEqualTo("Intruder");
      assertThat(errors(again))
          .extracting(e -> e.path("reason").asText() + " " + e.path("key").asText())
          .containsExactly("duplicate_match h1");
    }
  }

  @Test
  void aRowThatFailsItsChecksKeepsItsRecordForTheNextRun() {
    SyncSpec spec = SandboxFixture.spec(dir, yaml("Contacts", null, "  lead_source: source\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "source");
    src.add("k1", "One", "KeepsRecord", "Web Site");
    assertThat(run(spec, src).count(Outcome.CREATED)).isEqualTo(1);
    src.set(0, "source", "Carrier Pigeon");
    assertThat(run(spec, src).count(Outcome.FAILED)).isEqualTo(1);
    src.set(0, "source", "Cold Call");
    RunReport fixed = run(spec, src);
    assertThat(fixed.count(Outcome.UPDATED)).as("updates the record it created").isEqualTo(1);
    assertThat(named("Contacts", "KeepsRecord")).hasSize(1);
  }
}
