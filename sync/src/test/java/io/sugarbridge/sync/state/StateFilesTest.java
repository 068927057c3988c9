package io.sugarbridge.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.common.error.SugarbridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which state file a sync uses for an instance, with real SQLite files. */
class StateFilesTest {
  @TempDir Path dir;
  private final Clock clock = Clock.systemUTC();
  private final SugarInstance prod = new SugarInstance("https://acme.sugarcrm.com", "etl");
  private final SugarInstance sandbox = new SugarInstance("https://acme-sb.sugarcrm.com", "etl");
  private final List<String> notices = new ArrayList<>();

  /** A state file exactly as versions before per-instance state created it. */
  private Path oldStyleFile() throws Exception {
    Path state = Files.createDirectories(dir.resolve(".sugarbridge"));
    Path file = state.resolve("contacts.state.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("pragma journal_mode=WAL");
      s.execute(
          "create table if not exists sync_rows(key text primary key, fingerprint text,"
              + " sugar_id text, status text not null, values_json text, reason text,"
              + " intent_op text, intent_fingerprint text, intent_values text,"
              + " intent_stamp_field text, intent_stamp_value text, updated_at text)");
      s.execute(
          "create index if not exists sync_rows_intent on sync_rows(intent_op) where intent_op"
              + " is not null");
      s.execute(
          "create table if not exists runs(id integer primary key autoincrement, started_at"
              + " text not null, ended_at text, status text not null, full integer not null,"
              + " counts text)");
      s.execute(
          "insert into sync_rows(key, fingerprint, sugar_id, status, values_json, updated_at)"
              + " values('1', 'fp1', 'id-1', 'synced', '{}', '2026-11-01T00:00:00Z')");
      s.execute(
          "insert into sync_rows(key, status, intent_op, intent_fingerprint, intent_values,"
              + " intent_stamp_field, intent_stamp_value) values('2', 'failed', 'create', 'fp2',"
              + " '{}', 'sync_key', '2')");
      s.execute(
          "insert into runs(started_at, ended_at, status, full, counts) values"
              + " ('2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z', 'succeeded', 0, '{}')");
    }
    return file;
  }

  private Path stateDir() {
    return dir.resolve(".sugarbridge");
  }

  @Test
  void anOldFileIsClaimedByTheInstanceHoldingItsRecordsAndKeepsEverything() throws Exception {
    Path old = oldStyleFile();
    List<SyncState> asked = new ArrayList<>();
    try (SyncState s =
        StateFiles.openForRun(
            stateDir(),
            "contacts",
            prod,
            clock,
            st -> {
              asked.add(st);
              return st.syncedIds(20).contains("id-1");
            },
            notices::add)) {
      assertThat(asked).hasSize(1);
      assertThat(s.get("1").sugarId()).isEqualTo("id-1");
      assertThat(s.pendingIntents()).extracting(WriteIntent::stampValue).containsExactly("2");
      assertThat(s.runs(10)).hasSize(1);
      assertThat(s.instance()).isEqualTo(prod);
      assertThat(s.storeId()).matches("[0-9a-f]{8}");
    }
    assertThat(old).doesNotExist();
    Path claimed = StateFiles.instanceFile(stateDir(), "contacts", prod);
    assertThat(claimed.getFileName().toString()).matches("contacts\\.[0-9a-f]{12}\\.state\\.db");
    assertThat(claimed).exists();
    assertThat(notices).singleElement().asString().contains(old.toString(), "now belongs to");

    // Another instance starts afresh; the claimed file is never offered to it.
    try (SyncState s =
        StateFiles.openForRun(
            stateDir(),
            "contacts",
            sandbox,
            clock,
            st -> {
              throw new AssertionError("asked about a claimed file");
            },
            notices::add)) {
      assertThat(s.size()).isZero();
      assertThat(s.instance()).isEqualTo(sandbox);
    }
  }

  @Test
  void anOldFileWhoseRecordsAreNotOnTheInstanceIsLeftAlone() throws Exception {
    Path old = oldStyleFile();
    byte[] before = Files.readAllBytes(old);
    try (SyncState s =
        StateFiles.openForRun(stateDir(), "contacts", sandbox, clock, st -> false, notices::add)) {
      assertThat(s.size()).isZero();
      assertThat(s.pendingIntents()).isEmpty();
    }
    assertThat(old).exists();
    assertThat(Files.readAllBytes(old)).isEqualTo(before);
    assertThat(notices).singleElement().asString().contains("left as it is");
  }

  @Test
  void readingCreatesNothingAndReadsAnOldFileWithoutClaimingIt() throws Exception {
    try (SyncState s =
        StateFiles.openForReading(stateDir(), "contacts", prod, clock, null, notices::add)) {
      assertThat(s.runs(10)).isEmpty();
    }
    assertThat(stateDir()).doesNotExist();

    Path old = oldStyleFile();
    byte[] before = Files.readAllBytes(old);
    try (SyncState s =
        StateFiles.openForReading(stateDir(), "contacts", prod, clock, null, notices::add)) {
      assertThat(s.runs(10)).hasSize(1);
      assertThat(s.get("1").fingerprint()).isEqualTo("fp1");
    }
    assertThat(Files.readAllBytes(old)).isEqualTo(before);
    try (var files = Files.list(stateDir())) {
      assertThat(files).containsExactly(old);
    }
    assertThat(notices).singleElement().asString().contains("not yet tied to an instance");
  }

  @Test
  void aFileRecordingAnotherInstanceIsRefused() throws Exception {
    Path file = StateFiles.instanceFile(Files.createDirectories(stateDir()), "contacts", prod);
    try (SyncState s = SyncState.open(file, clock)) {
      s.claim(sandbox);
    }
    assertThatThrownBy(
            () -> StateFiles.openForRun(stateDir(), "contacts", prod, clock, x -> true, n -> {}))
        .isInstanceOf(SugarbridgeException.class)
        .hasMessageContaining("belongs to https://acme-sb.sugarcrm.com as etl");
  }

  @Test
  void theInstanceIsTheNormalisedUrlAndUser() {
    SugarInstance a =
        SugarInstance.of(
            SugarClientConfig.builder()
                .instanceUrl("https://ACME.sugarcrm.com:443")
                .username("ETL")
                .password("x")
                .build());
    SugarInstance b =
        SugarInstance.of(
            SugarClientConfig.builder()
                .instanceUrl("https://acme.sugarcrm.com")
                .username("etl")
                .password("y")
                .build());
    assertThat(a).isEqualTo(b).isEqualTo(prod);
    assertThat(a.shortHash()).isEqualTo(b.shortHash()).hasSize(12);
    assertThat(SugarInstance.normalise(java.net.URI.create("https://acme.sugarcrm.com/crm/")))
        .isEqualTo("https://acme.sugarcrm.com/crm");
    assertThat(prod.shortHash()).isNotEqualTo(sandbox.shortHash());
    assertThat(new SugarInstance(prod.url(), "other").shortHash()).isNotEqualTo(prod.shortHash());
  }
}
