package io.sugarbridge.sync.source;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A PostgreSQL source ({@code jdbc:postgresql:...}), read with the built-in driver. PostgreSQL
 * streams a result with the fetch size only inside a transaction, so the connection runs with
 * autocommit off in a read-only transaction, rolled back on close.
 */
record PostgresDialect(String jdbcUrl, String displayUrl) implements SourceDialect {

  @Override
  public void configure(Connection connection) throws SQLException {
    // Without a transaction the driver ignores the fetch size and reads the whole result at once.
    // Read-only guards the warehouse against a query that is not a select.
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
  }

  /** The URL with passwords masked: the driver's URL may hold one. */
  @Override
  public String toString() {
    return displayUrl;
  }
}
