package io.sugarbridge.sync.state;

import io.sugarbridge.common.error.SugarbridgeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** How the sync state store writes: batches in one transaction, and its failures' message. */
final class StateSql {
  private StateSql() {}

  interface SqlWork {
    void run() throws SQLException;
  }

  interface RowBinder<T> {
    void bind(PreparedStatement p, T item) throws SQLException;
  }

  /** Runs one statement per item as a single JDBC batch in one transaction. */
  static <T> void writeBatch(Connection db, String sql, List<T> items, RowBinder<T> binder) {
    inTransaction(
        db,
        () -> {
          try (PreparedStatement p = db.prepareStatement(sql)) {
            for (T item : items) {
              binder.bind(p, item);
              p.addBatch();
            }
            p.executeBatch();
          }
        });
  }

  static void inTransaction(Connection db, SqlWork work) {
    try {
      db.setAutoCommit(false);
      try {
        work.run();
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  static SugarbridgeException failure(String what, SQLException e) {
    return new SugarbridgeException(
        "Cannot "
            + what
            + " the sync state store: "
            + e.getMessage()
            + ". If another run of this sync is active, wait for it to finish",
        e);
  }
}
