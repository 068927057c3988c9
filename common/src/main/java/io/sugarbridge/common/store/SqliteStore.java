package io.sugarbridge.common.store;

import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The one way sugarbridge opens an embedded SQLite store: WAL (readers do not block the writer),
 * the schema's busy timeout and explicit {@link Durability}, and the schema brought to its latest
 * version (see {@link Schema}) under a write lock, so two processes opening one file migrate it
 * once. A file that cannot be used (not a database, not one of this store's, written by a newer
 * sugarbridge, a folder that cannot be written, locked) is a {@link ConfigurationException} naming
 * the file and the fix, on one line and without SQLite's stack.
 */
public final class SqliteStore {
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_AUTH = 23;
  private static final int SQLITE_NOTADB = 26;

  private SqliteStore() {}

  /** Opens {@code file} for use, creating it and its folder when missing, at the latest version. */
  public static Connection open(Path file, Schema schema) {
    Path path = file.toAbsolutePath();
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw unusable(file, schema, folderReason(e));
    }
    Connection db = connect(file, schema, true);
    try {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
      }
      migrate(db, file, schema);
      return db;
    } catch (SQLException e) {
      closeQuietly(db);
      throw unusable(file, schema, reason(e, schema));
    } catch (RuntimeException e) {
      closeQuietly(db);
      throw e;
    }
  }

  /**
   * Opens an existing {@code file} to read it: never creates the file, its folder or a table, and
   * never migrates, so the caller reads files of any version up to the latest. A file written by a
   * newer sugarbridge, or not one of this store's, is refused. The connection may write (SQLite
   * needs that to remove its {@code -wal} and {@code -shm} files on close).
   */
  public static Connection openExisting(Path file, Schema schema) {
    Connection db = connect(file, schema, false);
    try {
      int version = version(db);
      if (version == 0) {
        recognise(db, file, schema);
      } else {
        refuseNewer(version, file, schema);
      }
      return db;
    } catch (SQLException e) {
      closeQuietly(db);
      throw unusable(file, schema, reason(e, schema));
    } catch (RuntimeException e) {
      closeQuietly(db);
      throw e;
    }
  }

  /** A private store in memory at the latest version, gone when closed. */
  public static Connection inMemory(Schema schema) {
    try {
      Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
      try {
        migrate(db, null, schema);
        return db;
      } catch (SQLException | RuntimeException e) {
        closeQuietly(db);
        throw e;
      }
    } catch (SQLException e) {
      throw new SugarbridgeException(
          "Cannot create an in-memory " + schema.what() + ": " + e.getMessage(), e);
    }
  }

  /** The schema version recorded in the file ({@code PRAGMA user_version}). */
  public static int version(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      r.next();
      return r.getInt(1);
    }
  }

  /**
   * Adds a column to {@code table} unless it is there: for a version 1 that completes files of
   * releases before versions were recorded ({@code column} is its definition, e.g. {@code
   * person_key TEXT}).
   */
  public static void addColumnIfMissing(Connection db, String table, String column)
      throws SQLException {
    String name = column.strip().split("\\s+")[0];
    try (Statement s = db.createStatement()) {
      try (ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
        while (r.next()) {
          if (name.equalsIgnoreCase(r.getString("name"))) {
            return;
          }
        }
      }
      s.execute("ALTER TABLE " + table + " ADD COLUMN " + column);
    }
  }

  private static Connection connect(Path file, Schema schema, boolean create) {
    SQLiteConfig config = new SQLiteConfig();
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    config.setBusyTimeout((int) schema.busyTimeout().toMillis());
    config.setSynchronous(
        schema.durability() == Durability.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw unusable(file, schema, reason(e, schema));
    }
  }

  /** Brings {@code db} to the latest version; {@code file} is null for a store in memory. */
  private static void migrate(Connection db, Path file, Schema schema) throws SQLException {
    int latest = schema.latestVersion();
    int seen = version(db);
    refuseNewer(seen, file, schema);
    if (seen == latest) {
      if (seen == 0) {
        recognise(db, file, schema);
      }
      return;
    }
    try (Statement s = db.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        int version = version(db); // another process may have migrated it meanwhile
        refuseNewer(version, file, schema);
        if (version == 0 && recognise(db, file, schema)) {
          // Written before versions were recorded: version 1 completes it, as every open did.
          schema.migrations().get(0).apply(db);
          version = 1;
        }
        for (int v = version + 1; v <= latest; v++) {
          schema.migrations().get(v - 1).apply(db);
        }
        s.execute("PRAGMA user_version = " + latest);
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(s);
        throw e;
      }
    }
  }

  /**
   * For a file of version 0: true when it holds this store's tables, false when it holds none;
   * refused when it holds other tables only.
   */
  private static boolean recognise(Connection db, Path file, Schema schema) throws SQLException {
    Set<String> tables = userTables(db);
    if (tables.isEmpty()) {
      return false;
    }
    if (tables.containsAll(schema.recognisedBy())) {
      return true;
    }
    throw unusable(
        file, schema, "is not a sugarbridge " + schema.what() + " file (it holds other tables)");
  }

  private static void refuseNewer(int version, Path file, Schema schema) {
    if (version > schema.latestVersion()) {
      throw unusable(
          file,
          schema,
          "was written by a newer sugarbridge (store version "
              + version
              + ", this one reads up to "
              + schema.latestVersion()
              + "); run that version or a later one");
    }
  }

  private static Set<String> userTables(Connection db) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE"
                    + " 'sqlite_%'")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** SQLite's failure as a reason a user can act on. */
  private static String reason(SQLException e, Schema schema) {
    switch (e.getErrorCode() & 0xff) {
      case SQLITE_NOTADB:
        return "is not a SQLite database (not a sugarbridge "
            + schema.what()
            + " file, or damaged)";
      case SQLITE_CORRUPT:
        return "is damaged (SQLite finds it malformed)";
      case SQLITE_CANTOPEN:
        return "cannot be opened: it or its folder is missing, or the folder is not writable";
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_AUTH:
        return "cannot be written: permission denied (a read-only file or folder)";
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return "is locked by another process (waited "
            + schema.busyTimeout().toMillis()
            + " ms): wait for it to finish";
      default:
        return "cannot be opened: " + firstLine(e.getMessage());
    }
  }

  private static String folderReason(IOException e) {
    if (e instanceof FileAlreadyExistsException f) {
      return "cannot be created: " + f.getFile() + " is a file, not a folder";
    }
    if (e instanceof AccessDeniedException d) {
      return "cannot be created: permission denied on " + d.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return "cannot be created: " + f.getReason() + " (" + f.getFile() + ")";
    }
    return "cannot be created: " + firstLine(e.getMessage());
  }

  private static String firstLine(String text) {
    return String.valueOf(text).lines().findFirst().orElse("");
  }

  private static ConfigurationException unusable(Path file, Schema schema, String reason) {
    String where = file == null ? "in memory" : file.toString();
    String message = "the " + schema.what() + " " + where + " " + reason + ". " + fixOf(schema);
    return new ConfigurationException(schema.setting() == null ? where : schema.setting(), message);
  }

  private static String fixOf(Schema schema) {
    String fix = schema.fix();
    return Character.toUpperCase(fix.charAt(0)) + fix.substring(1);
  }

  private static void rollbackQuietly(Statement s) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // No transaction left to roll back: SQLite ended it with the failure.
    }
  }

  private static void closeQuietly(Connection db) {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing a connection that failed to open: nothing to keep.
    }
  }
}
