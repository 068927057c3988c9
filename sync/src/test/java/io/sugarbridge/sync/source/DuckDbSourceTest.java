package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSourceTest {

  @TempDir Path dir;

  static void duckdb(Path file, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  static List<SourceRow> readAll(SourceSpec spec, Path baseDir) {
    List<SourceRow> rows = new ArrayList<>();
    try (RowStream stream = SourceConnector.open(spec, baseDir)) {
      stream.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void readsATableFromTheDefaultWarehouseFileNextToTheSyncFile() throws Exception {
    duckdb(
        dir.resolve("warehouse.duckdb"),
        "create schema analytics",
        "create table analytics.customers (customer_id varchar, Last_Name varchar, score integer)",
        "insert into analytics.customers values ('c1', 'Ng', 3), ('c2', 'Okafor', null)");

    List<SourceRow> rows =
        readAll(new SourceSpec(null, null, "analytics.customers", null, null, 0), dir);

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).number()).isEqualTo(1);
    assertThat(rows.get(0).values())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("customer_id", "c1"),
            org.assertj.core.api.Assertions.entry("last_name", "Ng"),
            org.assertj.core.api.Assertions.entry("score", 3L));
    assertThat(rows.get(1).number()).isEqualTo(2);
    assertThat(rows.get(1).get("score")).isNull();
    assertThat(rows.get(1).get("LAST_NAME")).isEqualTo("Okafor");
    assertThat(rows.get(1).values()).containsKey("score");
  }

  @Test
  void normalisesValuesToThePromisedTypes() {
    SourceSpec spec =
        SourceSpec.ofQuery(
            "duckdb:",
            "select 1::tinyint as t, 2::smallint as s, 3::integer as i, 4::bigint as b,"
                + " 5::hugeint as h, 170141183460469231731687303715884105727::hugeint as big,"
                + " 7::ubigint as u, sum(x) as total, 1.5::double as d, 1.1::real as r,"
                + " 12.34::decimal(10,2) as amount, true as flag, date '2024-02-29' as day,"
                + " timestamp '2024-01-02 03:04:05.678' as ts,"
                + " timestamptz '2024-01-02 03:04:05+02' as tstz, 'x'::varchar as v,"
                + " null::varchar as nothing, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid as id,"
                + " time '12:30:00' as clock, [1, 2] as list"
                + " from (values (10), (20)) v(x)");

    SourceRow row = readAll(spec, dir).get(0);

    assertThat(row.get("t")).isEqualTo(1L);
    assertThat(row.get("s")).isEqualTo(2L);
    assertThat(row.get("i")).isEqualTo(3L);
    assertThat(row.get("b")).isEqualTo(4L);
    assertThat(row.get("h")).isEqualTo(5L);
    assertThat(row.get("big")).isEqualTo(new BigDecimal("170141183460469231731687303715884105727"));
    assertThat(row.get("u")).isEqualTo(7L);
    assertThat(row.get("total")).isEqualTo(30L);
    assertThat(row.get("d")).isEqualTo(1.5d);
    assertThat(row.get("r")).isEqualTo(1.1d);
    assertThat(row.get("amount")).isEqualTo(new BigDecimal("12.34"));
    assertThat(row.get("flag")).isEqualTo(true);
    assertThat(row.get("day")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(row.get("ts")).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
    assertThat(row.get("tstz")).isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
    assertThat(row.get("v")).isEqualTo("x");
    assertThat(row.get("nothing")).isNull();
    assertThat(row.get("id")).isEqualTo("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(row.get("clock")).isEqualTo("12:30:00");
    assertThat(row.get("list")).isInstanceOf(String.class);
  }

  @Test
  void readsCsvAndParquetRelativeToBaseDirNotTheWorkingDirectory() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("people.csv"), "customer_id,last_name\n1,Ng\n2,Okafor\n");
    Files.writeString(b.resolve("people.csv"), "customer_id,last_name\n9,Silva\n");
    duckdb(
        dir.resolve("scratch.duckdb"),
        "copy (select 7 as customer_id, 'Berg' as last_name) to '"
            + b.resolve("people.parquet")
            + "' (format parquet)");

    SourceSpec csv = SourceSpec.ofQuery("duckdb:", "select * from 'people.csv' order by 1;");
    assertThat(readAll(csv, a)).extracting(r -> r.get("last_name")).containsExactly("Ng", "Okafor");
    assertThat(readAll(csv, b)).extracting(r -> r.get("last_name")).containsExactly("Silva");

    SourceSpec parquet =
        SourceSpec.ofQuery("duckdb:", "select * from read_parquet('people.parquet')");
    assertThat(readAll(parquet, b))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("customer_id")).isEqualTo(7L);
              assertThat(r.get("last_name")).isEqualTo("Berg");
            });
  }

  @Test
  void defaultUrlWithoutAWarehouseFileStillReadsCsv() throws Exception {
    Files.writeString(dir.resolve("people.csv"), "email\nada@example.com\n");

    List<SourceRow> rows =
        readAll(new SourceSpec(null, "select * from 'people.csv'", null, null, null, 0), dir);

    assertThat(rows).extracting(r -> r.get("email")).containsExactly("ada@example.com");
    assertThat(Files.exists(dir.resolve("warehouse.duckdb"))).isFalse();
  }

  @Test
  void columnsDescribeTheResultWithoutReadingRows() throws Exception {
    duckdb(
        dir.resolve("w.duckdb"),
        "create table t (customer_id varchar, Email varchar, n integer)",
        "insert into t values ('a', 'x', 1)");

    assertThat(SourceConnector.columns(SourceSpec.ofTable("duckdb:w.duckdb", "t"), dir))
        .containsExactly("customer_id", "email", "n");
    // A query that would fail on its first row proves no row is read.
    assertThat(
            SourceConnector.columns(
                SourceSpec.ofQuery(
                    "duckdb:w.duckdb", "select customer_id, error('boom') as e from t"),
                dir))
        .containsExactly("customer_id", "e");
  }

  @Test
  void aWarehouseFileIsOpenedReadOnly() throws Exception {
    duckdb(dir.resolve("w.duckdb"), "create table t (a integer)");

    try (RowStream stream =
        SourceConnector.open(SourceSpec.ofQuery("duckdb:w.duckdb", "select * from t"), dir)) {
      assertThat(stream.hasNext()).isFalse();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                readAll(
                    SourceSpec.ofQuery("duckdb:w.duckdb", "insert into t values (1) returning a"),
                    dir))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("source.query")
        .hasMessageContaining("read-only");
  }

  @Test
  void quotesTableNames() throws Exception {
    duckdb(
        dir.resolve("w.duckdb"),
        "create table \"order\" (id integer)",
        "insert into \"order\" values (1)");

    assertThat(readAll(SourceSpec.ofTable("duckdb:w.duckdb", "order"), dir)).hasSize(1);
    assertThat(SourceQuery.quoteTable("main.\"My \"\"T\"\"\""))
        .isEqualTo("\"main\".\"My \"\"T\"\"\"");
    assertThat(SourceQuery.quoteTable("a\"b")).isEqualTo("\"a\"\"b\"");
  }

  @Test
  void streamEndsCleanlyAndClosesTwiceWithoutError() {
    RowStream stream = SourceConnector.open(SourceSpec.ofQuery("duckdb:", "select 1 as a"), dir);
    assertThat(stream.columns()).containsExactly("a");
    assertThat(stream.next().get("a")).isEqualTo(1L);
    assertThat(stream.hasNext()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(stream::next)
        .isInstanceOf(java.util.NoSuchElementException.class);
    stream.close();
    stream.close();
  }

  @Test
  void readsAFileThisJvmHoldsOpenForWriting() throws Exception {
    Path file = dir.resolve("w.duckdb");
    try (Connection writer = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = writer.createStatement()) {
      s.execute("create table t as select 42 as answer");

      assertThat(readAll(SourceSpec.ofTable("duckdb:w.duckdb", "t"), dir))
          .extracting(r -> r.get("answer"))
          .containsExactly(42L);
    }
  }

  @Test
  void globsBareParquetPathsAndJdbcDuckDbUrlsResolveAgainstBaseDir() throws Exception {
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Files.writeString(parts.resolve("p1.csv"), "id\n1\n2\n");
    Files.writeString(parts.resolve("p2.csv"), "id\n3\n");
    duckdb(
        dir.resolve("w.duckdb"),
        "create table t as select 5 as id",
        "copy t to '" + dir.resolve("t.parquet") + "' (format parquet)");

    assertThat(
            readAll(SourceSpec.ofQuery("duckdb:", "select sum(id) as s from 'parts/*.csv'"), dir))
        .extracting(r -> r.get("s"))
        .containsExactly(6L);
    assertThat(readAll(SourceSpec.ofQuery("duckdb:", "select * from 't.parquet'"), dir))
        .extracting(r -> r.get("id"))
        .containsExactly(5L);
    assertThat(readAll(SourceSpec.ofTable("jdbc:duckdb:w.duckdb", "t"), dir)).hasSize(1);
  }
}
