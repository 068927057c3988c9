package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDialectTest {
  @TempDir Path dir;

  @Test
  void duckDbUrlsChooseTheDuckDbDialectInMemoryOrOnAFileBesideTheSyncFile() throws Exception {
    Files.writeString(dir.resolve("w.duckdb"), "");
    assertThat(SourceDialect.of("duckdb:", dir))
        .isEqualTo(new DuckDbDialect("jdbc:duckdb:", "duckdb:", dir, null, null));
    assertThat(SourceDialect.of("DuckDB::memory:", dir))
        .isInstanceOfSatisfying(
            DuckDbDialect.class, d -> assertThat(d.jdbcUrl()).isEqualTo("jdbc:duckdb:"));
    SourceDialect file = SourceDialect.of("jdbc:duckdb:w.duckdb", dir);
    assertThat(file.jdbcUrl()).isEqualTo("jdbc:duckdb:" + dir.resolve("w.duckdb"));
    assertThat(file.describe()).isEqualTo("the DuckDB file " + dir.resolve("w.duckdb"));
    assertThat(file.note()).isNull();
  }

  @Test
  void theMissingDefaultWarehouseIsAnInMemoryDuckDbWithANote() {
    SourceDialect d = SourceDialect.of(SourceSpec.DEFAULT_URL, dir);
    assertThat(d.jdbcUrl()).isEqualTo("jdbc:duckdb:");
    assertThat(d.describe()).isEqualTo(SourceSpec.DEFAULT_URL);
    assertThat(d.note()).contains("there is no " + dir.resolve("warehouse.duckdb"));
  }

  @Test
  void jdbcUrlsChooseThePostgresOrTheGenericDialect() {
    assertThat(SourceDialect.of("jdbc:postgresql://h/db", dir))
        .isEqualTo(new JdbcDialect("jdbc:postgresql://h/db", "jdbc:postgresql://h/db"));
    assertThat(SourceDialect.of("JDBC:h2:mem:x", dir))
        .isEqualTo(new JdbcDialect("JDBC:h2:mem:x", "JDBC:h2:mem:x"));
    SourceDialect generic = SourceDialect.of("jdbc:mysql://h/db", dir);
    assertThat(generic.note()).isNull();
    assertThat(generic.describe()).isEqualTo("jdbc:mysql://h/db");
  }

  @Test
  void aDialectShowsItsUrlWithThePasswordMasked() throws Exception {
    Files.writeString(dir.resolve("w.duckdb"), "");
    assertThat(SourceDialect.of("jdbc:postgresql://h/db?password=s3cret", dir))
        .hasToString("jdbc:postgresql://h/db?password=****");
    assertThat(SourceDialect.of("jdbc:mysql://bob:s3cret@h/db", dir))
        .hasToString("jdbc:mysql://bob:****@h/db");
    assertThat(SourceDialect.of("duckdb:w.duckdb", dir)).hasToString("duckdb:w.duckdb");
  }

  @Test
  void duckDbUrlsWithOptionsOrAFolderAreRefused() throws Exception {
    Files.createDirectories(dir.resolve("folder"));
    assertThatThrownBy(() -> SourceDialect.of("duckdb:w.duckdb?threads=2", dir))
        .hasMessageStartingWith("source.url: ")
        .hasMessageContaining("options after '?'");
    assertThatThrownBy(() -> SourceDialect.of("duckdb:folder", dir))
        .hasMessageContaining("is a folder");
  }
}
