package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after an interrupted run resolves every unconfirmed write against what Sugar really
 * holds (read over HTTP from the sandbox), never against what the run meant to write.
 */
class RecoveryTest {
  @TempDir static Path dataDir;
  static SandboxFixture fx;
  static SugarClient admin;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    fx = new SandboxFixture(dataDir);
    admin = fx.client();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private SyncSpec spec(String name, String extra) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    return SandboxFixture.spec(
        d,
        "name: "
            + name
            + "\n"
            + "source: {query: select 1}\n"
            + "key: id\n"
            + "target: {module: Contacts, mode: upsert}\n"
            + "mappings: {first_name: first_name, last_name: last_name}\n"
            + extra);
  }

  private static MemorySource people(int n, String first, String last) {
    MemorySource s = new MemorySource("id", "first_name", "last_name");
    for (int i = 1; i <= n; i++) {
      s.add(String.valueOf(i), first + i, last);
    }
    return s;
  }

  /**
   * first_name by row key of the contacts with this last name, as Sugar holds them; each must be
   * stamped {@code <sync>.<store id>:<key>}, {@code <sync>} being the last name in lower case.
   */
  private static Map<String, String> contacts(String last) {
    List<ObjectNode> records = new ArrayList<>();
    admin
        .records()
        .iterate(
            "Contacts",
            RecordQuery.where(Filter.field("last_name").equalTo(last))
                .withFields("id", "first_name", "sync_key")
                .withPageSize(500))
        .forEachRemaining(records::add);
    Map<String, String> out = new TreeMap<>();
    for (ObjectNode r : records) {
      String stamp = r.path("sync_key").asText();
      String prefix = last.toLowerCase(java.util.Locale.ROOT) + "\\.[0-9a-f]{8}:";
      assertThat(stamp).as("the sync's own namespace").containsPattern("^" + prefix);
      assertThat(out.put(stamp.replaceFirst(prefix, ""), r.path("first_name").asText()))
          .as("one record per sync_key")
          .isNull();
    }
    return out;
  }

  @Test
  void aRunCutOffMidWayNeverAdoptsRecordsAnotherSyncCreatedWithTheSameKeys() throws Exception {
    // Another sync over the same module and the same key values 1..60.
    SyncSpec theirs = spec("theirs", "");
    MemorySource theirRows = people(60, "T", "Theirs");
    RunReport t =
        new SyncEngine(admin, theirRows, Clock.systemUTC()).run(theirs, SyncOptions.defaults());
    assertThat(t.count(Outcome.CREATED)).isEqualTo(60);
    Map<String, String> theirRecords = contacts("Theirs");
    assertThat(theirRecords).hasSize(60);

    // This sync runs as its own user, whose access is revoked after two of six batches: every
    // later bulk call is refused (401, then the login too), so 40 creates are never written.
    String userId = fx.sandbox.createUser("mine-etl", "mine-etl-pw-1", true, List.of());
    SugarClient etl = fx.clientAs("mine-etl", "mine-etl-pw-1");
    SyncSpec mine = spec("mine", "batch_size: 10\nconcurrency: 1\n");
    MemorySource myRows = people(60, "M", "Mine");
    AtomicInteger calls = new AtomicInteger();
    SyncOptions cutOff =
        SyncOptions.defaults()
            .withBulkSender(
                reqs -> {
                  if (calls.incrementAndGet() == 3) {
                    admin.records().update("Users", userId, Map.of("status", "Inactive"));
                  }
                  return etl.bulk().execute(reqs);
                });
    try {
      RunReport cut = new SyncEngine(etl, myRows, Clock.systemUTC()).run(mine, cutOff);
      assertThat(cut.count(Outcome.CREATED)).isEqualTo(20);
      assertThat(cut.count(Outcome.FAILED)).isEqualTo(40);
    } catch (SugarbridgeException e) {
      // A refused login may also end the run; either way the writes after it never happened.
    }
    assertThat(contacts("Mine")).hasSize(20);

    admin.records().update("Users", userId, Map.of("status", "Active"));
    SugarClient etlAgain = fx.clientAs("mine-etl", "mine-etl-pw-1");
    List<String> notices = new ArrayList<>();
    RunReport resumed =
        new SyncEngine(etlAgain, myRows, Clock.systemUTC())
            .run(mine, SyncOptions.defaults().withNotices(notices::add));
    assertThat(resumed.count(Outcome.FAILED)).as(resumed.summary()).isZero();
    assertThat(resumed.count(Outcome.CREATED)).as(resumed.summary()).isEqualTo(40);
    assertThat(resumed.count(Outcome.UNCHANGED)).isEqualTo(20);
    assertThat(notices).anySatisfy(n -> assertThat(n).contains("interrupted run"));

    // Sugar holds all 60 rows with this sync's values, stamped in its own namespace...
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= 60; i++) {
      expected.put(String.valueOf(i), "M" + i);
    }
    assertThat(contacts("Mine")).isEqualTo(expected);
    // ...and the other sync's records are untouched.
    assertThat(contacts("Theirs")).isEqualTo(theirRecords);
    RunReport again =
        new SyncEngine(etlAgain, myRows, Clock.systemUTC()).run(mine, SyncOptions.defaults());
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(60);
    assertThat(contacts("Mine")).isEqualTo(expected);
  }

  @Test
  void aCreateThatLandedUnconfirmedWithOtherValuesIsUpdatedNotTakenAsSynced() throws Exception {
    SyncSpec spec = spec("landed", "batch_size: 5\n");
    MemorySource rows = people(5, "L", "Landed");
    // The bulk call lands, then the run dies before reading the answer.
    SyncOptions kill =
        SyncOptions.defaults()
            .withBulkSender(
                reqs -> {
                  admin.bulk().execute(reqs);
                  throw new SyncEngineSandboxTest.SimulatedKill();
                });
    try {
      new SyncEngine(admin, rows, Clock.systemUTC()).run(spec, kill);
    } catch (SyncEngineSandboxTest.SimulatedKill expected) {
      // as kill -9 would
    }
    assertThat(contacts("Landed")).hasSize(5);
    // Someone edits one of the new records before the sync runs again.
    ObjectNode edited =
        admin
            .records()
            .list(
                "Contacts",
                RecordQuery.where(Filter.field("first_name").equalTo("L2")).withFields("id"))
            .records()
            .get(0);
    admin.records().update("Contacts", edited.path("id").asText(), Map.of("first_name", "Edited"));

    RunReport resumed =
        new SyncEngine(admin, rows, Clock.systemUTC()).run(spec, SyncOptions.defaults());
    assertThat(resumed.count(Outcome.UNCHANGED)).as(resumed.summary()).isEqualTo(4);
    assertThat(resumed.count(Outcome.UPDATED)).isEqualTo(1);
    assertThat(resumed.count(Outcome.CREATED)).isZero();
    assertThat(contacts("Landed"))
        .containsEntry("2", "L2")
        .hasSize(5)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("L" + k));
  }

  @Test
  void anUpdateWhoseAnswerWasLostIsSentAgainEvenWhenTheSourceGoesBack() throws Exception {
    SyncSpec spec = spec("reverted", "");
    MemorySource rows = people(3, "R", "Reverted");
    new SyncEngine(admin, rows, Clock.systemUTC()).run(spec, SyncOptions.defaults());
    rows.set(0, "first_name", "Changed");
    // The update lands but its answer is lost (a dropped connection, a refused token).
    SyncOptions lost =
        SyncOptions.defaults()
            .withBulkSender(
                reqs -> {
                  List<BulkResult> r = admin.bulk().execute(reqs);
                  throw new SugarbridgeException("connection reset after " + r.size() + " items");
                });
    RunReport r = new SyncEngine(admin, rows, Clock.systemUTC()).run(spec, lost);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(contacts("Reverted")).containsEntry("1", "Changed");

    rows.set(0, "first_name", "R1");
    RunReport back =
        new SyncEngine(admin, rows, Clock.systemUTC()).run(spec, SyncOptions.defaults());
    assertThat(back.count(Outcome.UPDATED)).as(back.summary()).isEqualTo(1);
    assertThat(contacts("Reverted")).containsEntry("1", "R1");
  }
}
