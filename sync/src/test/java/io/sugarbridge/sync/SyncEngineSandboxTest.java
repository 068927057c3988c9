package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.SugarInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the sandbox over real HTTP, with rows from memory and SQLite state. */
class SyncEngineSandboxTest {
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

  @BeforeEach
  void healthy() {
    fx.sandbox.faults().set(FaultSettings.none());
  }

  private RunReport run(SyncSpec spec, MemorySource src) {
    return new SyncEngine(client, src, Clock.systemUTC()).run(spec, SyncOptions.defaults());
  }

  private RunReport run(SyncSpec spec, MemorySource src, SyncOptions o) {
    return new SyncEngine(client, src, Clock.systemUTC()).run(spec, o);
  }

  private List<ObjectNode> contactsNamed(String lastName) {
    List<ObjectNode> out = new ArrayList<>();
    client
        .records()
        .iterate(
            "Contacts",
            RecordQuery.where(Filter.field("last_name").equalTo(lastName))
                .withFields(
                    "id",
                    "first_name",
                    "last_name",
                    "sync_key",
                    "account_id",
                    "email",
                    "lead_source",
                    "customer_key_c")
                .withPageSize(200))
        .forEachRemaining(out::add);
    return out;
  }

  private static String contactsYaml(String mode, String extra) {
    return "name: t\n"
        + "source: {query: select 1}\n"
        + "key: id\n"
        + "target:\n"
        + "  module: Contacts\n"
        + "  mode: "
        + mode
        + "\n"
        + extra
        + "mappings:\n"
        + "  last_name: last_name\n"
        + "  first_name: first_name\n";
  }

  private static MemorySource people(String lastName, int n) {
    return people(lastName, n, "k");
  }

  private static MemorySource people(String lastName, int n, String keyPrefix) {
    MemorySource s = new MemorySource("id", "first_name", "last_name");
    for (int i = 1; i <= n; i++) {
      s.add(keyPrefix + i, "P" + i, lastName);
    }
    return s;
  }

  private long writesIn(List<RequestLogEntry> log) {
    return log.stream().filter(e -> !e.path().contains("oauth2")).count();
  }

  @Test
  void upsertCreatesThenReRunSendsNoCallAndAChangeSendsOneUpdate() {
    SyncSpec spec = SandboxFixture.spec(dir, contactsYaml("upsert", ""));
    MemorySource src = people("Upsert", 5);
    RunReport first = run(spec, src);
    assertThat(first.count(Outcome.CREATED)).isEqualTo(5);
    assertThat(first.rows()).isEqualTo(5);
    assertThat(contactsNamed("Upsert"))
        .hasSize(5)
        .allSatisfy(c -> assertThat(c.path("sync_key").asText()).matches("t\\.[0-9a-f]{8}:k[0-9]"));

    int before = fx.sandbox.requestLog().size();
    RunReport second = run(spec, src);
    assertThat(second.count(Outcome.UNCHANGED)).isEqualTo(5);
    assertThat(fx.sandbox.requestLog().size()).as("calls of an unchanged re-run").isEqualTo(before);

    src.set(2, "first_name", "Changed");
    RunReport third = run(spec, src);
    assertThat(third.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(third.count(Outcome.UNCHANGED)).isEqualTo(4);
    assertThat(contactsNamed("Upsert"))
        .hasSize(5)
        .anySatisfy(c -> assertThat(c.path("first_name").asText()).isEqualTo("Changed"));
    assertThat(third.summary()).contains("5 rows", "1 updated", "4 unchanged");

    RunReport full = run(spec, src, SyncOptions.defaults().withFull(true));
    assertThat(full.count(Outcome.UPDATED)).isEqualTo(5);
    assertThat(
            SyncEngine.runs(
                spec, SugarInstance.of(client.config()), 10, Clock.systemUTC(), n -> {}))
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.endedAt()).isNotNull());
  }

  @Test
  void insertModeCreatesEveryRowOnceAndNeverUpdates() {
    SyncSpec spec = SandboxFixture.spec(dir, contactsYaml("insert", ""));
    MemorySource src = people("Insert", 3);
    assertThat(run(spec, src).count(Outcome.CREATED)).isEqualTo(3);
    src.set(0, "first_name", "Other");
    RunReport again = run(spec, src);
    assertThat(again.count(Outcome.SKIPPED)).isEqualTo(1);
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(2);
    assertThat(contactsNamed("Insert")).hasSize(3);

    // --full resends what an earlier run wrote; in insert mode that must not be a second create.
    RunReport full = run(spec, src, SyncOptions.defaults().withFull(true));
    assertThat(full.count(Outcome.CREATED)).isZero();
    assertThat(full.count(Outcome.SKIPPED)).isEqualTo(3);
    assertThat(contactsNamed("Insert")).hasSize(3);
  }

  @Test
  void updateByEmailChangesMatchesReportsNotFoundAndAmbiguous() {
    client
        .records()
        .create(
            "Contacts",
            Map.of(
                "last_name",
                "ByEmail",
                "first_name",
                "old",
                "email",
                List.of(Map.of("email_address", "ann@example.com", "primary_address", true))));
    for (int i = 0; i < 2; i++) {
      client
          .records()
          .create(
              "Contacts",
              Map.of(
                  "last_name",
                  "ByEmailDup",
                  "email",
                  List.of(Map.of("email_address", "dup@example.com", "primary_address", true))));
    }
    SyncSpec spec =
        SandboxFixture.spec(dir, contactsYaml("update", "  match: {field: email, column: mail}\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "mail");
    src.add("1", "Ann", "ByEmail", "ANN@example.com");
    src.add("2", "Nobody", "ByEmail", "nobody@example.com");
    src.add("3", "Dup", "ByEmailDup", "dup@example.com");
    int callsBefore = fx.sandbox.requestLog().size();
    RunReport r = run(spec, src);
    // one $in lookup for the batch, never a call per row
    assertThat(
            fx.sandbox.requestLog().subList(callsBefore, fx.sandbox.requestLog().size()).stream()
                .filter(e -> e.path().endsWith("/Contacts/filter"))
                .count())
        .isEqualTo(1);
    assertThat(r.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(r.count(Outcome.SKIPPED)).isEqualTo(1);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(contactsNamed("ByEmail"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("first_name").asText()).isEqualTo("Ann"));
    String errors = read(r.errorFile());
    assertThat(errors)
        .contains("\"reason\":\"not_found\"", "\"reason\":\"ambiguous\"", "nobody@example.com");
  }

  @Test
  void upsertById() {
    ObjectNode existing = client.records().create("Contacts", Map.of("last_name", "ById"));
    SyncSpec spec =
        SandboxFixture.spec(
            dir, contactsYaml("upsert", "  match: {field: id, column: sugar_id}\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name", "sugar_id");
    src.add("a", "Known", "ById", existing.path("id").asText());
    src.add("b", "New", "ById", null);
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(contactsNamed("ById")).hasSize(2);
    assertThat(run(spec, src).count(Outcome.UNCHANGED)).isEqualTo(2);
  }

  @Test
  void upsertByCustomKeyThroughIntegrateAndThroughLookups() {
    for (String version : new String[] {null, "11.5"}) {
      Path d = dir.resolve(version == null ? "integrate" : "lookup");
      String last = version == null ? "ByKeyIntegrate" : "ByKeyLookup";
      SyncSpec spec =
          SandboxFixture.spec(
              mkdirs(d), contactsYaml("upsert", "  match: {field: customer_key_c, column: id}\n"));
      MemorySource src = new MemorySource("id", "first_name", "last_name");
      for (int i = 1; i <= 4; i++) {
        src.add(last + i, "P" + i, last);
      }
      SyncEngine engine =
          new SyncEngine(version == null ? client : fx.client(version), src, Clock.systemUTC());
      RunReport first = engine.run(spec, SyncOptions.defaults());
      assertThat(first.count(Outcome.CREATED))
          .as(first.summary() + read(first.errorFile()))
          .isEqualTo(4);
      src.set(1, "first_name", "Renamed");
      // A fresh state: rows must find their records by the key field alone.
      deleteState(spec);
      RunReport r = engine.run(spec, SyncOptions.defaults());
      assertThat(r.count(Outcome.UPDATED)).as(last).isEqualTo(4);
      assertThat(contactsNamed(last))
          .hasSize(4)
          .extracting(c -> c.path("customer_key_c").asText())
          .containsExactlyInAnyOrder(last + 1, last + 2, last + 3, last + 4);
    }
  }

  @Test
  void aNonAdministratorUpsertsByExternalKeyWithLookupsInsteadOfIntegrate() {
    fx.sandbox.createUser("etl-user", "etl-user-pw-1", false, List.of());
    SugarClient etl = fx.clientAs("etl-user", "etl-user-pw-1");
    SyncSpec spec =
        SandboxFixture.spec(
            dir, contactsYaml("upsert", "  match: {field: customer_key_c, column: id}\n"));
    MemorySource src = new MemorySource("id", "first_name", "last_name");
    src.add("etl-1", "A", "NonAdmin");
    src.add("etl-2", "B", "NonAdmin");
    int before = fx.sandbox.requestLog().size();
    RunReport r = new SyncEngine(etl, src, Clock.systemUTC()).run(spec, SyncOptions.defaults());
    assertThat(r.count(Outcome.CREATED)).isEqualTo(2);
    assertThat(fx.sandbox.requestLog().subList(before, fx.sandbox.requestLog().size()))
        .anySatisfy(e -> assertThat(e.path()).endsWith("/Contacts/filter"));
    assertThat(contactsNamed("NonAdmin"))
        .extracting(c -> c.path("customer_key_c").asText())
        .containsExactlyInAnyOrder("etl-1", "etl-2");
  }

  @Test
  void parentAccountLookupIsBatchedAndAMissingParentFailsTheRow() {
    String acme =
        client.records().create("Accounts", Map.of("name", "Acme Lookup")).path("id").asText();
    client.records().create("Accounts", Map.of("name", "Globex Lookup"));
    SyncSpec spec =
        SandboxFixture.spec(
            dir,
            contactsYaml("upsert", "")
                + "  account_id: {lookup: {module: Accounts, field: name, column: company}}\n");
    MemorySource src = new MemorySource("id", "first_name", "last_name", "company");
    src.add("1", "A", "Linked", "Acme Lookup");
    src.add("2", "B", "Linked", "acme lookup");
    src.add("3", "C", "Linked", "Globex Lookup");
    src.add("4", "D", "Linked", "Nowhere Inc");
    int before = fx.sandbox.requestLog().size();
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(3);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(
            fx.sandbox.requestLog().subList(before, fx.sandbox.requestLog().size()).stream()
                .filter(e -> e.path().endsWith("/Accounts/filter"))
                .count())
        .isEqualTo(1);
    assertThat(contactsNamed("Linked"))
        .filteredOn(c -> c.path("first_name").asText().equals("A"))
        .singleElement()
        .satisfies(c -> assertThat(c.path("account_id").asText()).isEqualTo(acme));
    assertThat(read(r.errorFile())).contains("Nowhere Inc", "lookup_not_found");
  }

  @Test
  void requiredAndEnumChecksFailRowByRowAndWarnLetsEnumsPass() {
    String yaml = contactsYaml("upsert", "") + "  lead_source: source\n";
    MemorySource src = new MemorySource("id", "first_name", "last_name", "source");
    src.add("1", "Ok", "Checked", "Web Site");
    src.add("2", "NoLast", null, "Web Site");
    src.add("3", "BadEnum", "Checked", "Carrier Pigeon");
    RunReport r = run(SandboxFixture.spec(dir, yaml), src);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(2);
    String errors = read(r.errorFile());
    assertThat(errors)
        .contains(
            "required field last_name has no value in column last_name",
            "'Carrier Pigeon' in column source is not an option of lead_source");

    Path warnDir = mkdirs(dir.resolve("warn"));
    RunReport w = run(SandboxFixture.spec(warnDir, yaml + "enum_check: warn\n"), src);
    assertThat(w.count(Outcome.CREATED)).isEqualTo(2);
    assertThat(w.count(Outcome.FAILED)).isEqualTo(1);
  }

  @Test
  void aBulkCallWhoseSubRequestsPartlyFailFailsOnlyThoseRows() {
    String yaml = contactsYaml("upsert", "") + "  email: {email: mail}\nbatch_size: 10\n";
    MemorySource src = new MemorySource("id", "first_name", "last_name", "mail");
    src.add("1", "Good", "Partial", "good@example.com");
    src.add("2", "Bad", "Partial", "not an address");
    src.add("3", "Good2", "Partial", "good2@example.com");
    SyncSpec spec = SandboxFixture.spec(dir, yaml);
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(2);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(read(r.errorFile()))
        .contains("\"sugar_error\":\"invalid_parameter\"", "invalid email address");
    // the failed row is retried next run; the others cost nothing
    src.set(1, "mail", "fixed@example.com");
    RunReport again = run(spec, src);
    assertThat(again.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(2);
  }

  @Test
  void tokenExpiryMidRunReauthenticatesAndLosesNothing() {
    SyncSpec spec =
        SandboxFixture.spec(
            dir, contactsYaml("insert", "") + "batch_size: 2\n" + "concurrency: 1\n");
    AtomicInteger batches = new AtomicInteger();
    SyncOptions o =
        SyncOptions.defaults()
            .withBulkSender(
                reqs -> {
                  if (batches.incrementAndGet() == 2) {
                    fx.sandbox.faults().expireAllTokens();
                  }
                  return client.bulk().execute(reqs);
                });
    RunReport r = run(spec, people("Expiry", 6), o);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(6);
    assertThat(contactsNamed("Expiry")).hasSize(6);
    assertThat(fx.sandbox.requestLog()).anySatisfy(e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void burstsOf429AreRetried() {
    SyncSpec spec = SandboxFixture.spec(dir, contactsYaml("insert", "") + "batch_size: 3\n");
    fx.sandbox.faults().set(FaultSettings.none().with429(0.4, 0));
    RunReport r = run(spec, people("Burst", 12));
    fx.sandbox.faults().set(FaultSettings.none());
    assertThat(r.count(Outcome.CREATED)).isEqualTo(12);
    assertThat(contactsNamed("Burst")).hasSize(12);
    assertThat(fx.sandbox.requestLog()).anySatisfy(e -> assertThat(e.status()).isEqualTo(429));
  }

  @Test
  void aRunKilledBetweenSendingAndConfirmingEndsLikeAnUninterruptedRunWhenRunAgain() {
    for (String mode : new String[] {"insert", "upsert"}) {
      String last = "Crash" + mode;
      Path d = mkdirs(dir.resolve(mode));
      SyncSpec spec =
          SandboxFixture.spec(d, contactsYaml(mode, "") + "batch_size: 3\n" + "concurrency: 2\n");
      // The same keys (k1, k2, ...) and sync name as the other tests' and the other mode's
      // records: each store stamps its own namespace, so recovery finds only this run's creates.
      MemorySource src = people(last, 10);
      AtomicInteger sent = new AtomicInteger();
      SyncOptions killer =
          SyncOptions.defaults()
              .withBulkSender(
                  reqs -> {
                    List<BulkResult> results = client.bulk().execute(reqs);
                    if (sent.incrementAndGet() >= 2) {
                      throw new SimulatedKill();
                    }
                    return results;
                  });
      assertThatThrownBy(() -> run(spec, src, killer)).isInstanceOf(SimulatedKill.class);
      int landed = contactsNamed(last).size();
      assertThat(landed).as("records that landed before the kill").isBetween(3, 9);

      RunReport resumed = run(spec, src);
      assertThat(resumed.rows()).isEqualTo(10);
      List<ObjectNode> records = contactsNamed(last);
      assertThat(records).hasSize(10);
      assertThat(records.stream().map(c -> c.path("sync_key").asText()).collect(Collectors.toSet()))
          .hasSize(10);
      assertThat(run(spec, src).count(Outcome.UNCHANGED)).isEqualTo(10);
      assertThat(
              SyncEngine.runs(
                  spec, SugarInstance.of(client.config()), 10, Clock.systemUTC(), n -> {}))
          .anySatisfy(h -> assertThat(h.status()).isIn("running", "failed"));
    }
  }

  @Test
  void planWritesNothingAndShowsFieldChanges() {
    SyncSpec spec = SandboxFixture.spec(dir, contactsYaml("upsert", ""));
    MemorySource src = people("Planned", 3);
    SyncEngine engine = new SyncEngine(client, src, Clock.systemUTC());
    int before = fx.sandbox.requestLog().size();
    RunReport plan = engine.plan(spec, SyncOptions.defaults());
    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.count(Outcome.CREATED)).isEqualTo(3);
    assertThat(fx.sandbox.requestLog().subList(before, fx.sandbox.requestLog().size()))
        .noneSatisfy(e -> assertThat(e.path()).endsWith("/bulk"));
    assertThat(contactsNamed("Planned")).isEmpty();
    engine.run(spec, SyncOptions.defaults());
    src.set(0, "first_name", "Neu");
    RunReport p2 = engine.plan(spec, SyncOptions.defaults());
    assertThat(p2.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(p2.sample())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.changes())
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.field()).isEqualTo("first_name");
                          assertThat(c.before()).isEqualTo("P1");
                          assertThat(c.after()).isEqualTo("Neu");
                        }));
    assertThat(p2.toJson().path("counts").path("updated").asLong()).isEqualTo(1);
  }

  @Test
  void fieldsUnknownToSugarAndUnknownColumnsAreRefusedBeforeAnyWrite() {
    SyncSpec spec =
        SandboxFixture.spec(
            dir, contactsYaml("upsert", "") + "  shoe_size_c: shoe\n  title: job\n");
    MemorySource src = new MemorySource("id", "first_name", "last_name", "shoe");
    src.add("1", "X", "Refused", "42");
    assertThatThrownBy(() -> run(spec, src))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mappings.title")
        .hasMessageContaining("column 'job'")
        .hasMessageContaining("sync.yaml:11")
        .hasMessageContaining("Contacts has no field 'shoe_size_c'");
    MemorySource withJob = new MemorySource("id", "first_name", "last_name", "shoe", "job");
    withJob.add("1", "X", "Refused", "42", "CEO");
    assertThatThrownBy(() -> run(spec, withJob))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Contacts has no field 'shoe_size_c'")
        .hasMessageContaining("sync.yaml:10");
    assertThat(contactsNamed("Refused")).isEmpty();
  }

  @Test
  void defaultMappingsComeFromSameNamedColumns() {
    SyncSpec spec =
        SandboxFixture.spec(
            dir,
            "source: {table: people}\nkey: id\n" + "target: {module: Contacts, mode: insert}\n");
    MemorySource src = new MemorySource("id", "first_name", "last_name", "email", "shoe");
    src.add("1", "Dee", "Defaulted", "dee@example.com", "9");
    RunReport r = run(spec, src);
    assertThat(r.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(contactsNamed("Defaulted"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path("first_name").asText()).isEqualTo("Dee");
              assertThat(c.path("email").path(0).path("email_address").asText())
                  .isEqualTo("dee@example.com");
            });
  }

  /** Stands in for kill -9: an Error no stage catches. */
  static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteState(SyncSpec spec) {
    try (var files = Files.list(spec.stateDir())) {
      for (Path f : files.filter(f -> f.getFileName().toString().contains(".state.db")).toList()) {
        Files.delete(f);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
