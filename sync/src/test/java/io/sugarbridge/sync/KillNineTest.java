package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import io.sugarbridge.testsupport.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: the sync runs in a child JVM that is killed (SIGKILL) while its bulk calls are in
 * flight; a second run must leave Sugar with exactly the records an uninterrupted run makes.
 */
class KillNineTest {
  @TempDir static Path dataDir;
  static SandboxFixture fx;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    fx = new SandboxFixture(dataDir);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void aRunKilledMidWayAndRunAgainCreatesEveryRowExactlyOnce() throws Exception {
    int rows = 60;
    StringBuilder csv = new StringBuilder("id,first_name,last_name\n");
    for (int i = 1; i <= rows; i++) {
      csv.append(i).append(",P").append(i).append(",Killed\n");
    }
    Files.writeString(dir.resolve("people.csv"), csv);
    fx.writeConnectionFile(dir, "sync-second");
    Files.writeString(
        dir.resolve("killed.yaml"),
        """
        source: {url: "duckdb:", query: "select * from 'people.csv'"}
        key: id
        target: {module: Contacts, mode: insert}
        mappings: {first_name: first_name, last_name: last_name}
        batch_size: 2
        concurrency: 2
        """);
    // Another sync over the same module already holds records with the same key values: recovery
    // must never take them for the killed run's creates.
    SyncSpec other =
        SandboxFixture.spec(
            Files.createDirectories(dir.resolve("other")),
            "name: other\nsource: {query: select 1}\nkey: id\n"
                + "target: {module: Contacts, mode: insert}\n"
                + "mappings: {first_name: first_name, last_name: last_name}\nbatch_size: 20\n");
    MemorySource otherRows = new MemorySource("id", "first_name", "last_name");
    for (int i = 1; i <= rows; i++) {
      otherRows.add(String.valueOf(i), "O" + i, "KilledOther");
    }
    assertThat(
            new SyncEngine(fx.client(), otherRows, java.time.Clock.systemUTC())
                .run(other, SyncOptions.defaults())
                .count(Outcome.CREATED))
        .isEqualTo(rows);
    // Slow calls keep the child mid-run long enough to be killed between intent and confirmation.
    fx.sandbox.faults().set(FaultSettings.none().withLatency(Duration.ofMillis(60)));
    JavaProcess child =
        JavaProcess.of(KilledRunMain.class.getName(), dir.resolve("killed.yaml").toString())
            // A short-lived child: C1 alone starts it in about half the CPU time.
            .jvmOptions("-XX:TieredStopAtLevel=1")
            .start(dir.resolve("child.log"));
    SugarClient client = fx.client();
    Instant deadline = Instant.now().plusSeconds(60);
    while (count(client) < 6 && child.isAlive() && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    child.kill();
    fx.sandbox.faults().set(FaultSettings.none());
    long landed = count(client);
    assertThat(landed).as(child.output()).isBetween(6L, rows - 1L);

    SyncSpec spec = SyncSpecReader.read(dir.resolve("killed.yaml"));
    RunReport again = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
    assertThat(again.rows()).isEqualTo(rows);
    assertThat(again.count(Outcome.FAILED)).isZero();
    List<ObjectNode> records = new ArrayList<>();
    client
        .records()
        .iterate(
            "Contacts",
            RecordQuery.where(Filter.field("last_name").equalTo("Killed"))
                .withFields("id", "sync_key", "first_name")
                .withPageSize(500))
        .forEachRemaining(records::add);
    assertThat(records).hasSize(rows);
    // Every row written with its own values, stamped in this sync's namespace.
    assertThat(
            records.stream()
                .collect(
                    Collectors.toMap(
                        r -> r.path("sync_key").asText(), r -> r.path("first_name").asText())))
        .hasSize(rows)
        .allSatisfy(
            (stamp, first) ->
                assertThat(stamp).matches("killed\\.[0-9a-f]{8}:" + first.substring(1)));
    assertThat(count(client, "KilledOther")).isEqualTo(rows);
    assertThat(SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults()).count(Outcome.UNCHANGED))
        .isEqualTo(rows);
  }

  private static long count(SugarClient client) {
    return count(client, "Killed");
  }

  private static long count(SugarClient client, String lastName) {
    return client.records().count("Contacts", Filter.field("last_name").equalTo(lastName));
  }
}
