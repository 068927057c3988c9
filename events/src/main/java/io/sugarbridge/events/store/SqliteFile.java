package io.sugarbridge.events.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens and closes the collector's embedded SQLite files (dead letters, delivery log, profiles) in
 * the journal directory the same way: the directory is created when missing, the file uses WAL so a
 * reader does not block the deliverer, and a busy file is waited on for up to ten seconds rather
 * than failing at once (the collector and {@code events replay} may share it).
 */
public final class SqliteFile {
  private SqliteFile() {}

  /**
   * Opens (creating when absent) {@code fileName} in {@code directory} and runs {@code schema}, a
   * {@code CREATE TABLE IF NOT EXISTS} statement. {@code what} names the store in the error, e.g.
   * "delivery log".
   */
  public static Connection open(Path directory, String fileName, String what, String schema) {
    try {
      Files.createDirectories(directory);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(fileName));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute(schema);
      }
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open the " + what + " in " + directory + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs one schema statement on an open file (a second table, an index); {@code what} names the
   * store in the error.
   */
  public static void execute(Connection db, String what, String sql) {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds a column to a table written by an earlier version, when it is not there yet ({@code
   * column} is the column's definition, e.g. {@code person_key TEXT}).
   */
  public static void addColumnIfMissing(Connection db, String what, String table, String column) {
    String name = column.strip().split("\\s+")[0];
    try (Statement s = db.createStatement();
        java.sql.ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (r.next()) {
        if (name.equalsIgnoreCase(r.getString("name"))) {
          return;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the " + what + ": " + e.getMessage(), e);
    }
    execute(db, what, "ALTER TABLE " + table + " ADD COLUMN " + column);
  }

  /**
   * Runs one writing statement with {@code args} bound in order; {@code what} names the store in
   * the error.
   */
  public static void update(Connection db, String what, String sql, Object... args) {
    try (java.sql.PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the " + what + ": " + e.getMessage(), e);
    }
  }

  /** Closes {@code db} after use; a failure to close loses nothing, so it is not reported. */
  public static void close(Connection db) {
    try {
      db.close();
    } catch (SQLException e) {
      // Closing after use: nothing left to lose.
    }
  }
}
