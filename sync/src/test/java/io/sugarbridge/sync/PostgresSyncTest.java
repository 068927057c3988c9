package io.sugarbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync from the real PostgreSQL on 127.0.0.1:5432 (database {@code test}, user {@code postgres}
 * or {@code root}, trust authentication) into the sandbox, in a schema of its own dropped
 * afterwards. Skipped with a note when PostgreSQL is not running, unless {@code CI=true}.
 */
class PostgresSyncTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SCHEMA =
      "sb_sync_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static String user;

  @TempDir static Path dataDir;
  static SandboxFixture fx;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws SQLException {
    for (String candidate : new String[] {"postgres", "root"}) {
      try (Connection c = DriverManager.getConnection(URL, candidate, "")) {
        user = candidate;
        break;
      } catch (SQLException e) {
        // try the next user
      }
    }
    if (user == null) {
      String message = "PostgreSQL is not reachable on 127.0.0.1:5432 (database test)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    try (Connection c = DriverManager.getConnection(URL, user, "");
        Statement s = c.createStatement()) {
      s.execute("create schema " + SCHEMA);
      s.execute(
          "create table "
              + SCHEMA
              + ".people (id integer primary key, first_name text,"
              + " last_name text, email text, opted_out boolean, lead_source text)");
      s.execute(
          "insert into "
              + SCHEMA
              + ".people values (1, 'Pia', 'Postgres', 'pia@pg.example',"
              + " true, 'Email'), (2, 'Olu', 'Postgres', 'olu@pg.example', false, 'Partner'),"
              + " (3, 'Ivo', 'Postgres', 'ivo@pg.example', false, 'Telepathy')");
    }
    fx = new SandboxFixture(dataDir);
  }

  @AfterAll
  static void stop() throws SQLException {
    if (fx != null) {
      fx.close();
    }
    if (user != null) {
      try (Connection c = DriverManager.getConnection(URL, user, "");
          Statement s = c.createStatement()) {
        s.execute("drop schema if exists " + SCHEMA + " cascade");
      }
    }
  }

  @Test
  void upsertByEmailFromPostgresThenNothingToSend() throws Exception {
    fx.writeConnectionFile(dir, null);
    Files.writeString(
        dir.resolve("pg.yaml"),
        "source:\n  url: "
            + URL
            + "\n  user: "
            + user
            + "\n  table: "
            + SCHEMA
            + ".people\n"
            + "key: id\n"
            + "target: {module: Contacts, mode: upsert, match: {field: email, column: email}}\n"
            + "mappings:\n  first_name: first_name\n  last_name: last_name\n"
            + "  email: {email: email, opt_out: opted_out}\n  lead_source: lead_source\n");
    SyncSpec spec = SyncSpecReader.read(dir.resolve("pg.yaml"));
    RunReport r = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
    assertThat(r.count(Outcome.CREATED)).as(r.summary()).isEqualTo(2);
    assertThat(r.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(Files.readString(r.errorFile())).contains("Telepathy", "lead_source");
    SugarClient client = fx.client();
    assertThat(client.records().count("Contacts", Filter.field("last_name").equalTo("Postgres")))
        .isEqualTo(2);

    int calls = fx.sandbox.requestLog().size();
    RunReport again = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
    assertThat(again.count(Outcome.UNCHANGED)).isEqualTo(2);
    // the failed row is retried, and fails again on the same check without any call
    assertThat(again.count(Outcome.FAILED)).isEqualTo(1);
    assertThat(fx.sandbox.requestLog().size() - calls).isLessThanOrEqualTo(6);
  }
}
