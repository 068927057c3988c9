package io.sugarbridge.events.store;

import io.sugarbridge.common.store.Durability;
import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.common.store.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The collector's embedded SQLite files (dead letters, delivery log, profiles, waiting events) in
 * the journal directory, all opened the same way ({@link SqliteStore}): WAL so a reader does not
 * block the deliverer, {@code synchronous=FULL}, and a busy file waited on for up to ten seconds
 * rather than failing at once (the collector and {@code events replay} may share it).
 */
public final class SqliteFile {
  private SqliteFile() {}

  /**
   * The schema of one such file, named {@code what} in messages (e.g. "delivery log"), with its
   * migrations in order; version 1 is recognised by the tables {@code recognisedBy}.
   */
  public static Schema schema(String what, List<Migration> migrations, String... recognisedBy) {
    Schema.Builder b =
        Schema.builder(what)
            .setting("journal")
            .fix("move it away to start an empty " + what + ", or set journal to another folder")
            .durability(Durability.FULL)
            .busyTimeout(Duration.ofSeconds(10))
            .recognisedBy(recognisedBy);
    migrations.forEach(b::migration);
    return b.build();
  }

  /** Opens (creating when absent, with its folder) {@code fileName} in {@code directory}. */
  public static Connection open(Path directory, String fileName, Schema schema) {
    return SqliteStore.open(directory.resolve(fileName), schema);
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
