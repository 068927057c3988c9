package io.sugarbridge.sync.source;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Any other {@code jdbc:} source whose driver is on the classpath. Like {@link PostgresDialect} it
 * reads in a read-only transaction, rolled back on close.
 */
record JdbcDialect(String jdbcUrl, String displayUrl) implements SourceDialect {

  @Override
  public void configure(Connection connection) throws SQLException {
    // Many drivers honour the fetch size only inside a transaction, as PostgreSQL does; the others
    // ignore it. Read-only guards the warehouse against a query that is not a select.
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
  }

  /** The URL with passwords masked: the driver's URL may hold one. */
  @Override
  public String toString() {
    return displayUrl;
  }
}
