package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceErrorsTest {

  private static final String PASSWORD = "hunter2-Secret!";

  @TempDir Path dir;

  private SourceException failure(SourceSpec spec) {
    SourceException e =
        catchThrowableOfType(
            SourceException.class,
            () -> {
              try (RowStream stream = SourceConnector.open(spec, dir)) {
                stream.forEachRemaining(row -> {});
              }
            });
    assertThat(e)
        .as("expected a SourceException")
        .isNotNull()
        .isInstanceOf(SugarbridgeException.class);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(PASSWORD);
    return e;
  }

  @Test
  void anUnknownUrlSchemeNamesTheSettingAndTheAccepted() {
    SourceException e =
        failure(SourceSpec.ofQuery("mysql://bob:" + PASSWORD + "@db/shop", "select 1"));

    assertThat(e.setting()).isEqualTo("source.url");
    assertThat(e.getMessage())
        .startsWith("source.url: ")
        .contains("mysql://bob:****@db/shop")
        .contains("duckdb:")
        .contains("jdbc:postgresql://");
  }

  @Test
  void aJdbcUrlWithoutItsDriverNamesTheUrlAndTheMissingDriver() {
    SourceException e =
        failure(
            SourceSpec.ofQuery(
                "jdbc:nosuchdb://host/db?user=bob&password=" + PASSWORD, "select 1"));

    assertThat(e.setting()).isEqualTo("source.url");
    assertThat(e.getMessage())
        .contains("jdbc:nosuchdb://host/db?user=bob&password=****")
        .contains("'nosuchdb' driver is missing")
        .contains("classpath");
  }

  @Test
  void anUnknownTableQuotesTheDatabaseMessageAndTheQuery() throws Exception {
    DuckDbSourceTest.duckdb(dir.resolve("w.duckdb"), "create table customers (id integer)");

    SourceException e = failure(SourceSpec.ofQuery("duckdb:w.duckdb", "select * from custmers"));

    assertThat(e.setting()).isEqualTo("source.query");
    assertThat(e.getMessage())
        .contains("custmers does not exist")
        .contains("query: select * from custmers");

    SourceException table = failure(SourceSpec.ofTable("duckdb:w.duckdb", "analytics.people"));
    assertThat(table.setting()).isEqualTo("source.table");
    assertThat(table.getMessage()).contains("select * from \"analytics\".\"people\"");
  }

  @Test
  void anUnknownColumnQuotesTheDatabaseMessage() throws Exception {
    DuckDbSourceTest.duckdb(dir.resolve("w.duckdb"), "create table customers (id integer)");

    SourceException e =
        failure(SourceSpec.ofQuery("duckdb:w.duckdb", "select id, emial from customers"));

    assertThat(e.setting()).isEqualTo("source.query");
    assertThat(e.getMessage()).contains("emial").contains("select id, emial from customers");
    assertThat(SourceConnector.columns(SourceSpec.ofTable("duckdb:w.duckdb", "customers"), dir))
        .containsExactly("id");
    assertThatThrownBy(
            () ->
                SourceConnector.columns(
                    SourceSpec.ofQuery("duckdb:w.duckdb", "select emial from customers"), dir))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("emial");
  }

  @Test
  void theDefaultWarehouseMissingExplainsWhyATableIsUnknown() {
    SourceException e =
        failure(new SourceSpec(null, "select * from customers", null, null, null, 0));

    assertThat(e.getMessage()).contains("warehouse.duckdb").contains("in-memory");
  }

  @Test
  void aMissingNamedDuckDbFileIsAUrlProblemAndIsNotCreated() {
    SourceException e = failure(SourceSpec.ofQuery("duckdb:data/wh.duckdb", "select 1"));

    assertThat(e.setting()).isEqualTo("source.url");
    assertThat(e.getMessage())
        .contains(dir.resolve("data/wh.duckdb").toString())
        .contains("does not exist");
    assertThat(Files.exists(dir.resolve("data/wh.duckdb"))).isFalse();
  }

  @Test
  void aFileThatIsNotADuckDbDatabaseCannotBeOpened() throws Exception {
    Files.writeString(dir.resolve("notes.duckdb"), "just text, not a database\n".repeat(200));

    SourceException e = failure(SourceSpec.ofQuery("duckdb:notes.duckdb", "select 1"));

    assertThat(e.setting()).isEqualTo("source.url");
    assertThat(e.getMessage()).contains("cannot open the DuckDB file");
  }

  @Test
  void queryAndTableTogetherOrNeitherAreRefused() {
    assertThat(failure(new SourceSpec("duckdb:", "select 1", "t", null, null, 0)).getMessage())
        .contains("both source.query and source.table");
    assertThat(failure(new SourceSpec("duckdb:", " ", null, null, null, 0)).setting())
        .isEqualTo("source.query");
    assertThat(failure(new SourceSpec("duckdb:", "select 1", null, null, null, -5)).setting())
        .isEqualTo("source.fetch_size");
  }

  @Test
  void twoColumnsOfTheSameNameAreRefusedInsteadOfOneHidingTheOther() {
    SourceException e = failure(SourceSpec.ofQuery("duckdb:", "select 1 as id, 2 as ID"));

    assertThat(e.getMessage()).contains("two columns named 'id'");
  }

  @Test
  void aRowThatFailsMidStreamIsReportedWithTheDatabaseMessage() {
    SourceException e =
        failure(
            SourceSpec.ofQuery(
                    "duckdb:",
                    "select case when range = 5000 then error('bad row here') else range end as n"
                        + " from range(10000)")
                .withFetchSize(100));

    assertThat(e.setting()).isEqualTo("source.query");
    assertThat(e.getMessage()).contains("bad row here");
  }

  @Test
  void anUnreachableDatabaseIsRetryableAndNeverShowsThePassword() {
    SourceException e =
        failure(
            SourceSpec.ofQuery("jdbc:postgresql://127.0.0.1:1/test", "select 1")
                .withCredentials("bob", Secret.of(PASSWORD)));

    assertThat(e.setting()).isEqualTo("source.url");
    assertThat(e.getMessage())
        .contains("cannot connect to jdbc:postgresql://127.0.0.1:1/test")
        .doesNotContain(PASSWORD);
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void urlRedactionMasksPasswordsInParametersAndUserInfo() {
    assertThat(SourceErrors.redactUrl("jdbc:postgresql://h/db?user=a&password=x1&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
    assertThat(SourceErrors.redactUrl("jdbc:sqlserver://h;user=a;password=x1;db=c"))
        .isEqualTo("jdbc:sqlserver://h;user=a;password=****;db=c");
    assertThat(SourceErrors.redactUrl("jdbc:mysql://a:x1@h/db"))
        .isEqualTo("jdbc:mysql://a:****@h/db");
    assertThat(SourceErrors.redactUrl("oracle:thin:scott/tiger@db:1521/x"))
        .isEqualTo("oracle:thin:scott/****@db:1521/x");
    assertThat(SourceErrors.redactUrl("postgres://db/x?sslpassword=a1&pass=hunter3&apiKey=k9"))
        .isEqualTo("postgres://db/x?sslpassword=****&pass=****&apiKey=****");
    assertThat(SourceErrors.redactUrl("duckdb:w.duckdb?x=1")).isEqualTo("duckdb:w.duckdb?x=1");
  }
}
