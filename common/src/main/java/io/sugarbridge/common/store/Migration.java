package io.sugarbridge.common.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One step of a store's schema, from the version before it to its own. It runs once per file,
 * inside the transaction that also records the new version, so a failed step changes nothing.
 */
@FunctionalInterface
public interface Migration {
  void apply(Connection db) throws SQLException;

  /** A step made of these statements, run in order. */
  static Migration sql(String... statements) {
    return db -> {
      try (Statement s = db.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
    };
  }
}
