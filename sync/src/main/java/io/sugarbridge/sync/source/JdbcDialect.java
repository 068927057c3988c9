package io.sugarbridge.sync.source;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@code jdbc:} source whose driver is on the classpath: PostgreSQL ({@code jdbc:postgresql:},
 * with the built-in driver) or any other. It reads in a read-only transaction, rolled back on
 * close: PostgreSQL streams a result with the fetch size only inside a transaction, and so do many
 * other drivers.
 */
record JdbcDialect(String jdbcUrl, String displayUrl) implements SourceDialect {

  @Override
  public void configure(Connection connection) throws SQLException {
    // Without a transaction PostgreSQL's driver (and many others) ignores the fetch size and reads
    // the whole result at once. Read-only guards the warehouse against a query that is not a
    // select.
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
  }

  /** The URL with passwords masked: the driver's URL may hold one. */
  @Override
  public String toString() {
    return displayUrl;
  }
}
