package io.sugarbridge.sandbox.store;

import io.sugarbridge.common.store.Durability;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.common.store.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The sandbox's embedded SQLite database: a file {@code sandbox.db} under the data directory, so
 * records and sessions survive a restart, or a private in-memory database when no directory is
 * given.
 *
 * <p>One connection is shared and every use is serialised on this object ({@link #connection()}
 * callers must hold the monitor, e.g. {@code synchronized (db) {...}}): SQLite allows one writer
 * anyway, and the sandbox's load is small enough that a single connection is the simplest correct
 * choice.
 */
public final class SandboxDatabase implements AutoCloseable {
  private final Connection connection;
  private final Path file;

  private SandboxDatabase(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  /**
   * The database's settings: {@code synchronous=NORMAL} (a test double need not survive power
   * loss), a 5 s busy timeout, and no schema version: the stores create their tables themselves.
   */
  static final Schema SCHEMA =
      Schema.builder("sandbox database")
          .setting("--data")
          .fix("Pass another --data folder, or move the file away to start empty")
          .durability(Durability.NORMAL)
          .busyTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Opens (creating if needed) the database under {@code dataDir}, or an in-memory one for null; a
   * file that cannot be used is a {@link io.sugarbridge.common.error.ConfigurationException} naming
   * it.
   */
  public static SandboxDatabase open(Path dataDir) {
    if (dataDir == null) {
      return new SandboxDatabase(SqliteStore.inMemory(SCHEMA), null);
    }
    Path file = dataDir.resolve("sandbox.db");
    return new SandboxDatabase(SqliteStore.open(file, SCHEMA), file);
  }

  /** The shared connection; hold this object's monitor while using it. */
  public Connection connection() {
    return connection;
  }

  /** Work on the shared connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} holding this object's monitor, without opening a transaction: for a single
   * statement, which SQLite runs atomically anyway.
   */
  public synchronized <T> T withConnection(Work<T> work) throws SQLException {
    return work.run(connection);
  }

  /**
   * Runs {@code work} as one transaction, holding this object's monitor: committed when it returns,
   * rolled back when it throws. Inside a transaction already open on this thread it simply joins
   * it, so a store's transaction never commits an enclosing one half-way.
   */
  public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    if (!connection.getAutoCommit()) {
      return work.run(connection);
    }
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** The database file, or {@code null} when in memory. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing on shutdown: nothing useful to do with a failure here.
    }
  }
}
