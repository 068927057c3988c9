package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.sugarbridge.common.config.Secret;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads from the real PostgreSQL on 127.0.0.1:5432 (database {@code test}, trust authentication,
 * user {@code postgres} or {@code root}) in a schema of its own that it drops afterwards. With
 * {@code CI=true} an unreachable server fails the build; otherwise these tests are skipped with a
 * note on how to start it.
 */
class PostgresSourceTest {

  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SCHEMA =
      "sb_source_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static String user;

  @TempDir Path dir;

  @BeforeAll
  static void createSchema() throws SQLException {
    List<String> problems = new ArrayList<>();
    for (String candidate : List.of("postgres", "root")) {
      try (Connection c = connect(candidate)) {
        user = candidate;
        break;
      } catch (SQLException e) {
        problems.add(candidate + ": " + e.getMessage());
      }
    }
    if (user == null) {
      String message =
          "PostgreSQL is not reachable on 127.0.0.1:5432 as postgres or root ("
              + String.join("; ", problems)
              + "). Start it with `pg_ctlcluster 15 main start` (see `pg_lsclusters`) and make"
              + " sure a database named test exists.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      // Surefire hides why a class was skipped; say it where a developer looks.
      System.err.println("SKIPPED PostgresSourceTest: " + message);
      Assumptions.abort(message);
    }
    try (Connection c = connect(user);
        Statement s = c.createStatement()) {
      s.execute("create schema " + SCHEMA);
      s.execute(
          "create table "
              + SCHEMA
              + ".customers (customer_id text primary key, last_name text, age integer,"
              + " visits bigint, small smallint, balance numeric(12,2), ratio real, score double"
              + " precision, opted_out boolean, born date, seen_at timestamp, changed_at"
              + " timestamptz, token uuid, wake time, extra jsonb, \"MixedCase\" text)");
      s.execute(
          "insert into "
              + SCHEMA
              + ".customers values ('c1', 'Ng', 41, 9000000000, 7, 1234.50, 1.1, 2.5, true,"
              + " '1984-06-01', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+02',"
              + " '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '07:30:00', '{\"a\": 1}', 'm'),"
              + " ('c2', null, null, null, null, null, null, null, null, null, null, null, null,"
              + " null, null, null)");
    }
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (user == null) {
      return;
    }
    try (Connection c = connect(user);
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + SCHEMA + " cascade");
    }
  }

  private static Connection connect(String candidate) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", candidate);
    p.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(URL, p);
  }

  private SourceSpec spec(String query, String table) {
    return new SourceSpec(URL, query, table, user, Secret.of("unused-with-trust-auth"), 0);
  }

  private List<SourceRow> readAll(SourceSpec spec) {
    List<SourceRow> rows = new ArrayList<>();
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      stream.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void readsATableWithValuesNormalised() {
    List<SourceRow> rows =
        readAll(
            new SourceSpec(
                URL,
                "select * from " + SCHEMA + ".customers order by customer_id",
                null,
                user,
                null,
                1));

    assertThat(rows).hasSize(2);
    SourceRow row = rows.get(0);
    assertThat(row.values().keySet())
        .containsExactly(
            "customer_id",
            "last_name",
            "age",
            "visits",
            "small",
            "balance",
            "ratio",
            "score",
            "opted_out",
            "born",
            "seen_at",
            "changed_at",
            "token",
            "wake",
            "extra",
            "mixedcase");
    assertThat(row.get("customer_id")).isEqualTo("c1");
    assertThat(row.get("age")).isEqualTo(41L);
    assertThat(row.get("visits")).isEqualTo(9_000_000_000L);
    assertThat(row.get("small")).isEqualTo(7L);
    assertThat(row.get("balance")).isEqualTo(new BigDecimal("1234.50"));
    assertThat(row.get("ratio")).isEqualTo(1.1d);
    assertThat(row.get("score")).isEqualTo(2.5d);
    assertThat(row.get("opted_out")).isEqualTo(true);
    assertThat(row.get("born")).isEqualTo(LocalDate.of(1984, 6, 1));
    assertThat(row.get("seen_at")).isEqualTo(Instant.parse("2024-01-02T03:04:05.500Z"));
    assertThat(row.get("changed_at")).isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
    assertThat(row.get("token")).isEqualTo("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(row.get("wake")).isEqualTo("07:30:00");
    assertThat(row.get("extra")).isEqualTo("{\"a\": 1}");
    assertThat(row.get("MixedCase")).isEqualTo("m");
    assertThat(rows.get(1).values()).containsEntry("last_name", null).containsEntry("born", null);
  }

  @Test
  void tableSettingAndColumnsWork() {
    assertThat(readAll(spec(null, SCHEMA + ".customers"))).hasSize(2);
    assertThat(SourceConnector.columns(spec(null, SCHEMA + ".customers"), dir))
        .startsWith("customer_id", "last_name");
  }

  @Test
  void streamsALargeResultInFetchSizeBatches() {
    SourceSpec spec =
        new SourceSpec(
            URL,
            "select g as id, 'user' || g || '@example.com' as email from generate_series(1, 200000) g",
            null,
            user,
            null,
            500);
    long count = 0;
    long sum = 0;
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      while (stream.hasNext()) {
        sum += (Long) stream.next().get("id");
        count++;
      }
    }
    assertThat(count).isEqualTo(200_000);
    assertThat(sum).isEqualTo(200_000L * 200_001L / 2);
  }

  @Test
  void rowsArriveThroughACursorBeforeALateRowFails() {
    // PostgreSQL sends the whole result at once unless autocommit is off; through a cursor the
    // rows before the failing one arrive first, and the failure is still reported.
    SourceSpec spec =
        new SourceSpec(
            URL,
            "select case when g = 150000 then 1 / (g - 150000) else g end as id"
                + " from generate_series(1, 200000) g",
            null,
            user,
            null,
            500);
    long received = 0;
    SourceException failure = null;
    try (RowStream stream = SourceConnector.open(spec, dir)) {
      while (stream.hasNext()) {
        stream.next();
        received++;
      }
    } catch (SourceException e) {
      failure = e;
    }

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("division by zero").contains("reading row");
    assertThat(received).isBetween(1L, 149_999L);
  }

  @Test
  void anUnknownTableQuotesPostgresAndTheQuery() {
    assertThatThrownBy(() -> readAll(spec("select * from " + SCHEMA + ".nope", null)))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("source.query: ")
        .hasMessageContaining("\"" + SCHEMA + ".nope\" does not exist")
        .hasMessageContaining("query: select * from " + SCHEMA + ".nope")
        .hasMessageNotContaining("unused-with-trust-auth");
    assertThatThrownBy(() -> readAll(spec(null, SCHEMA + ".Customers")))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("source.table: ")
        .hasMessageContaining("case-sensitive");
  }

  @Test
  void anUnknownDatabaseIsAUrlProblem() {
    assertThatThrownBy(
            () ->
                readAll(
                    new SourceSpec(
                        "jdbc:postgresql://127.0.0.1:5432/no_such_db_" + SCHEMA,
                        "select 1",
                        null,
                        user,
                        null,
                        0)))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("source.url: ")
        .hasMessageContaining("does not exist");
  }

  @Test
  void theSourceCannotWriteToTheWarehouse() {
    assertThatThrownBy(
            () -> readAll(spec("delete from " + SCHEMA + ".customers returning *", null)))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("read-only");
    assertThat(readAll(spec(null, SCHEMA + ".customers"))).hasSize(2);
  }
}
