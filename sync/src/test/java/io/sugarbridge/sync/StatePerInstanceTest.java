package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.SugarInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sync folder pointed at two Sugar instances in turn (two sandboxes over HTTP): each instance
 * has its own state, so switching is a first run there and switching back finds the old state; a
 * state file written before state was kept per instance is claimed by the instance holding its
 * records; {@code plan} and {@code runs} create nothing.
 */
class StatePerInstanceTest {
  @TempDir static Path dataA;
  @TempDir static Path dataB;
  static SandboxFixture a;
  static SandboxFixture b;
  static SugarClient clientA;
  static SugarClient clientB;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    a = new SandboxFixture(dataA);
    b = new SandboxFixture(dataB);
    clientA = a.client();
    clientB = b.client();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  private SyncSpec spec() {
    return SandboxFixture.spec(
        dir,
        """
        name: switching
        source: {query: select 1}
        key: id
        target: {module: Contacts, mode: upsert}
        mappings: {first_name: first_name, last_name: last_name}
        """);
  }

  /** Each test names its contacts apart: the sandboxes are shared by the tests of this class. */
  private String lastName = "Switched";

  private MemorySource people(int n) {
    MemorySource s = new MemorySource("id", "first_name", "last_name");
    for (int i = 1; i <= n; i++) {
      s.add("s" + i, "F" + i, lastName);
    }
    return s;
  }

  private static RunReport run(SugarClient c, SyncSpec spec, MemorySource src, SyncOptions o) {
    return new SyncEngine(c, src, Clock.systemUTC()).run(spec, o);
  }

  /** sync_key to first_name of this test's contacts, read from Sugar. */
  private Map<String, String> contacts(SugarClient c) {
    Map<String, String> out = new TreeMap<>();
    List<ObjectNode> records = new ArrayList<>();
    c.records()
        .iterate(
            "Contacts",
            RecordQuery.where(Filter.field("last_name").equalTo(lastName))
                .withFields("id", "first_name", "sync_key")
                .withPageSize(200))
        .forEachRemaining(records::add);
    for (ObjectNode r : records) {
      String stamp = r.path("sync_key").asText();
      assertThat(stamp).containsPattern("^switching\\.[0-9a-f]{8}:");
      assertThat(out.put(stamp.substring(stamp.indexOf(':') + 1), r.path("first_name").asText()))
          .as("one record per key")
          .isNull();
    }
    return out;
  }

  private static Map<String, String> expected(MemorySource src, int n) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put("s" + (i + 1), String.valueOf(src.rows.get(i).get("first_name")));
    }
    return out;
  }

  private void pointConnectionFileAt(SandboxFixture fx) {
    fx.writeConnectionFile(dir, null);
  }

  @Test
  void switchingInstanceIsAFirstRunThereAndSwitchingBackFindsTheOldState() throws IOException {
    SyncSpec spec = spec();
    MemorySource src = people(5);
    assertThat(run(clientA, spec, src, SyncOptions.defaults()).count(Outcome.CREATED)).isEqualTo(5);

    // The same folder, now against B: nothing of A's state may count there.
    RunReport onB = run(clientB, spec, src, SyncOptions.defaults());
    assertThat(onB.count(Outcome.CREATED)).as(onB.summary()).isEqualTo(5);
    assertThat(contacts(clientB)).isEqualTo(expected(src, 5));

    RunReport fullOnB = run(clientB, spec, src, SyncOptions.defaults().withFull(true));
    assertThat(fullOnB.count(Outcome.UPDATED)).as(fullOnB.summary()).isEqualTo(5);
    assertThat(fullOnB.count(Outcome.FAILED)).isZero();

    // Back on A: its state is as it was, so nothing is sent and nothing is duplicated.
    int before = a.sandbox.requestLog().size();
    RunReport backOnA = run(clientA, spec, src, SyncOptions.defaults());
    assertThat(backOnA.count(Outcome.UNCHANGED)).isEqualTo(5);
    assertThat(a.sandbox.requestLog().size()).isEqualTo(before);
    assertThat(contacts(clientA)).isEqualTo(expected(src, 5));

    src.set(2, "first_name", "OnlyOnA");
    assertThat(run(clientA, spec, src, SyncOptions.defaults()).count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(contacts(clientA)).isEqualTo(expected(src, 5));
    assertThat(contacts(clientB)).containsEntry("s3", "F3").hasSize(5);

    // A new row on B is created there, whatever A's state says about other keys.
    src.add("s6", "F6", lastName);
    RunReport sixOnB = run(clientB, spec, src, SyncOptions.defaults());
    assertThat(sixOnB.count(Outcome.CREATED)).isEqualTo(1);
    assertThat(sixOnB.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(contacts(clientB)).isEqualTo(expected(src, 6));

    // runs shows the history of the instance the connection file points to.
    pointConnectionFileAt(a);
    assertThat(SyncEngine.runs(spec, 20, Clock.systemUTC())).hasSize(3);
    pointConnectionFileAt(b);
    assertThat(SyncEngine.runs(spec, 20, Clock.systemUTC())).hasSize(3);
    assertThat(SyncEngine.instance(spec))
        .isEqualTo(new SugarInstance(b.sandbox.url().toString(), "admin"));
    try (var files = Files.list(spec.stateDir())) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".state.db")))
          .hasSize(2)
          .allMatch(f -> f.matches("switching\\.[0-9a-f]{12}\\.state\\.db"));
    }
  }

  @Test
  void aStateFileOfAnEarlierVersionIsClaimedByTheInstanceHoldingItsRecords() throws Exception {
    lastName = "Legacy";
    SyncSpec spec = spec();
    MemorySource src = people(4);
    assertThat(run(clientA, spec, src, SyncOptions.defaults()).count(Outcome.CREATED)).isEqualTo(4);
    Path legacy = spec.stateDir().resolve("switching.state.db");
    makeLegacy(SyncEngine.stateFile(spec, SugarInstance.of(clientA.config())), legacy);

    // B holds none of the file's records: it is left alone and B gets a first run.
    List<String> notices = new ArrayList<>();
    SyncOptions o = SyncOptions.defaults().withNotices(notices::add);
    RunReport onB = run(clientB, spec, src, o);
    assertThat(onB.count(Outcome.CREATED)).isEqualTo(4);
    assertThat(contacts(clientB)).isEqualTo(expected(src, 4));
    assertThat(legacy).exists();
    assertThat(notices).singleElement().asString().contains("left as it is", "first run");

    // A holds them: the file becomes A's, so nothing is sent again or duplicated.
    notices.clear();
    int before = a.sandbox.requestLog().size();
    RunReport onA = run(clientA, spec, src, o);
    assertThat(onA.count(Outcome.UNCHANGED)).as(onA.summary()).isEqualTo(4);
    assertThat(notices).singleElement().asString().contains("now belongs to", "renamed");
    assertThat(legacy).doesNotExist();
    assertThat(SyncEngine.stateFile(spec, SugarInstance.of(clientA.config()))).exists();
    assertThat(
            a.sandbox.requestLog().subList(before, a.sandbox.requestLog().size()).stream()
                .filter(e -> e.path().endsWith("/bulk"))
                .count())
        .isZero();
    assertThat(contacts(clientA)).isEqualTo(expected(src, 4));
    assertThat(run(clientB, spec, src, SyncOptions.defaults()).count(Outcome.UNCHANGED))
        .isEqualTo(4);
  }

  @Test
  void planAndRunsOnASyncNeverRunCreateNoStateFolder() throws IOException {
    lastName = "ReadOnly";
    SyncSpec spec = spec();
    pointConnectionFileAt(a);
    RunReport plan =
        new SyncEngine(clientA, people(3), Clock.systemUTC()).plan(spec, SyncOptions.defaults());
    assertThat(plan.count(Outcome.CREATED)).isEqualTo(3);
    assertThat(SyncEngine.runs(spec, 10, Clock.systemUTC())).isEmpty();
    assertThat(spec.stateDir()).doesNotExist();

    // Once run, reading leaves the store as it was: no -wal or -shm, nothing added.
    run(clientA, spec, people(3), SyncOptions.defaults());
    List<String> files = list(spec.stateDir());
    new SyncEngine(clientA, people(3), Clock.systemUTC()).plan(spec, SyncOptions.defaults());
    assertThat(SyncEngine.runs(spec, 10, Clock.systemUTC())).hasSize(1);
    assertThat(list(spec.stateDir())).isEqualTo(files);
  }

  private static List<String> list(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Turns a store into what versions before per-instance state wrote: no instance, old name. */
  static void makeLegacy(Path store, Path legacy) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement s = c.createStatement()) {
      s.execute("drop table meta");
    }
    Files.move(store, legacy);
  }
}
