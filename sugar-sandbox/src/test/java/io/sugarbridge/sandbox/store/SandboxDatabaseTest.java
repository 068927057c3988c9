package io.sugarbridge.sandbox.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The one transaction helper both stores use. */
class SandboxDatabaseTest {

  @Test
  void aNestedTransactionJoinsTheOuterOneInsteadOfCommittingIt() throws SQLException {
    try (SandboxDatabase db = SandboxDatabase.open(null)) {
      db.withConnection(c -> c.createStatement().execute("CREATE TABLE t (v TEXT)"));
      assertThatThrownBy(
              () ->
                  db.inTransaction(
                      c -> {
                        insert(c.createStatement(), "outer");
                        db.inTransaction(inner -> insert(inner.createStatement(), "inner"));
                        throw new IllegalStateException("outer work fails after the inner one");
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(count(db)).isZero();
      assertThat(db.connection().getAutoCommit()).isTrue();

      db.inTransaction(c -> insert(c.createStatement(), "kept"));
      assertThat(count(db)).isOne();
    }
  }

  private static boolean insert(Statement s, String v) throws SQLException {
    try (s) {
      return s.execute("INSERT INTO t (v) VALUES ('" + v + "')");
    }
  }

  private static int count(SandboxDatabase db) throws SQLException {
    return db.withConnection(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }
}
