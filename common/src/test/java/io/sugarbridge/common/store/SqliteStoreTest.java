package io.sugarbridge.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
  @TempDir Path dir;

  private final List<String> ran = new ArrayList<>();

  private static final String V1 =
      "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";

  private Schema.Builder base() {
    return Schema.builder("test store")
        .setting("--store")
        .fix("pass another --store file")
        .durability(Durability.FULL)
        .recognisedBy("items")
        .migration(
            db -> {
              ran.add("v1");
              Migration.sql(V1).apply(db);
            });
  }

  private Schema twoVersions() {
    return base()
        .migration(
            db -> {
              ran.add("v2");
              SqliteStore.addColumnIfMissing(db, "items", "colour TEXT");
            })
        .build();
  }

  @Test
  void aFreshFileGetsEveryMigrationInOrderAndTheLatestVersion() throws SQLException {
    Path file = dir.resolve("sub/folder/store.db");
    try (Connection db = SqliteStore.open(file, twoVersions())) {
      assertThat(SqliteStore.version(db)).isEqualTo(2);
      assertThat(ran).containsExactly("v1", "v2");
      assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(db, "synchronous")).isEqualTo("2");
      assertThat(pragma(db, "busy_timeout")).isEqualTo("3000");
      db.createStatement().execute("INSERT INTO items (name, colour) VALUES ('a', 'red')");
    }
    try (Connection db = SqliteStore.open(file, twoVersions())) {
      assertThat(ran).as("each migration runs once per file").containsExactly("v1", "v2");
      assertThat(count(db)).isOne();
    }
  }

  @Test
  void durabilityAndBusyTimeoutAreTheSchemas() throws SQLException {
    Schema normal =
        base().durability(Durability.NORMAL).busyTimeout(Duration.ofSeconds(10)).build();
    try (Connection db = SqliteStore.open(dir.resolve("n.db"), normal)) {
      assertThat(pragma(db, "synchronous")).isEqualTo("1");
      assertThat(pragma(db, "busy_timeout")).isEqualTo("10000");
    }
  }

  @Test
  void aFileWrittenBeforeVersionsWithTodaysTablesIsAdoptedAsVersionOne() throws SQLException {
    Path file = dir.resolve("old.db");
    try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = old.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("INSERT INTO items (name) VALUES ('kept')");
    }
    try (Connection db = SqliteStore.open(file, twoVersions())) {
      assertThat(SqliteStore.version(db)).isEqualTo(2);
      assertThat(ran).containsExactly("v1", "v2");
      assertThat(count(db)).isOne();
      try (ResultSet r = db.createStatement().executeQuery("SELECT name, colour FROM items")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("kept");
        assertThat(r.getString(2)).isNull();
      }
    }
  }

  @Test
  void aMigrationAddedLaterRunsOnceOnFilesOfTheVersionBefore() throws SQLException {
    Path file = dir.resolve("store.db");
    try (Connection db = SqliteStore.open(file, base().build())) {
      assertThat(SqliteStore.version(db)).isOne();
    }
    ran.clear();
    try (Connection db = SqliteStore.open(file, twoVersions())) {
      assertThat(SqliteStore.version(db)).isEqualTo(2);
    }
    assertThat(ran).containsExactly("v2");
  }

  @Test
  void aFailedMigrationChangesNothing() throws SQLException {
    Path file = dir.resolve("store.db");
    SqliteStore.open(file, base().build()).close();
    Schema failing =
        base()
            .migration(Migration.sql("ALTER TABLE items ADD COLUMN x TEXT", "NOT SQL AT ALL"))
            .build();
    assertThatThrownBy(() -> SqliteStore.open(file, failing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString());
    try (Connection db = SqliteStore.openExisting(file, base().build())) {
      assertThat(SqliteStore.version(db)).isOne();
      assertThat(columns(db)).containsExactly("id", "name");
    }
  }

  @Test
  void aFileOfANewerVersionIsRefused() throws SQLException {
    Path file = dir.resolve("new.db");
    SqliteStore.open(file, twoVersions()).close();
    for (int i = 0; i < 2; i++) {
      int attempt = i;
      assertThatThrownBy(
              () ->
                  (attempt == 0
                          ? SqliteStore.open(file, base().build())
                          : SqliteStore.openExisting(file, base().build()))
                      .close())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("written by a newer sugarbridge")
          .hasMessageContaining("--store");
    }
  }

  @Test
  void aFileThatIsNotSqliteIsAConfigurationProblemNamingTheFile() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "just some text, not a database\n".repeat(100));
    for (boolean existing : new boolean[] {false, true}) {
      assertThatThrownBy(
              () ->
                  (existing
                          ? SqliteStore.openExisting(file, twoVersions())
                          : SqliteStore.open(file, twoVersions()))
                      .close())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not a SQLite database")
          .hasMessageContaining("Pass another --store file")
          .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }
    assertThat(Files.readString(file)).startsWith("just some text");
  }

  @Test
  void aSqliteFileOfSomethingElseIsRefusedNotFilled() throws SQLException {
    Path file = dir.resolve("other.db");
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      other.createStatement().execute("CREATE TABLE invoices (n INTEGER)");
    }
    assertThatThrownBy(() -> SqliteStore.open(file, twoVersions()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not a sugarbridge test store file");
    assertThat(ran).isEmpty();
  }

  @Test
  void aFolderThatCannotBeCreatedIsAConfigurationProblemNamingTheFile() throws Exception {
    Path notAFolder = dir.resolve("plain-file");
    Files.writeString(notAFolder, "x");
    Path file = notAFolder.resolve("store.db");
    assertThatThrownBy(() -> SqliteStore.open(file, twoVersions()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("Pass another --store file");
  }

  @Test
  void anUnwritableFolderIsAConfigurationProblemNamingTheFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      if (Files.isWritable(folder)) {
        // This user (root) writes read-only folders; a folder of /proc cannot take a file even
        // from root, so the same failure is tested there instead of skipped.
        folder = Path.of("/proc/self");
        assumeTrue(Files.isDirectory(folder), "no read-only folder this user cannot write to");
      }
      Path file = folder.resolve("store.db");
      assertThatThrownBy(() -> SqliteStore.open(file, twoVersions()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("cannot be opened");
    } finally {
      Files.setPosixFilePermissions(
          dir.resolve("locked"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void openingExistingCreatesNothingAndDoesNotMigrate() throws SQLException {
    Path missing = dir.resolve("missing.db");
    assertThatThrownBy(() -> SqliteStore.openExisting(missing, twoVersions()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();

    Path file = dir.resolve("v1.db");
    SqliteStore.open(file, base().build()).close();
    ran.clear();
    try (Connection db = SqliteStore.openExisting(file, twoVersions())) {
      assertThat(SqliteStore.version(db)).isOne();
    }
    assertThat(ran).isEmpty();
  }

  @Test
  void aStoreInMemoryIsAtTheLatestVersion() throws SQLException {
    try (Connection db = SqliteStore.inMemory(twoVersions())) {
      assertThat(SqliteStore.version(db)).isEqualTo(2);
      assertThat(columns(db)).containsExactly("id", "name", "colour");
    }
  }

  @Test
  void aVersionedSchemaMustSayHowToRecogniseItsOldFiles() {
    assertThatThrownBy(
            () -> Schema.builder("x").durability(Durability.FULL).migration(db -> {}).build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static String pragma(Connection db, String name) throws SQLException {
    try (ResultSet r = db.createStatement().executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  private static long count(Connection db) throws SQLException {
    try (ResultSet r = db.createStatement().executeQuery("SELECT count(*) FROM items")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static List<String> columns(Connection db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet r = db.createStatement().executeQuery("PRAGMA table_info(items)")) {
      while (r.next()) {
        out.add(r.getString("name"));
      }
    }
    return out;
  }
}
