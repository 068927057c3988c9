package io.sugarbridge.sync.source;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens the source of a sync: picks the {@link SourceDialect} of {@code source.url} (DuckDB, which
 * also reads CSV and Parquet, PostgreSQL, or any JDBC driver on the classpath), resolves relative
 * paths against the sync file's folder, connects, and streams the query's rows with a forward-only,
 * read-only cursor and the configured fetch size, so a result of any size is read in constant
 * memory. Every failure is a {@link SourceException} naming the setting at fault.
 */
public final class SourceConnector {

  private SourceConnector() {}

  /**
   * Runs the source query and returns its rows as a stream the caller must close.
   *
   * @param baseDir the sync file's folder; relative DuckDB, CSV and Parquet paths resolve against
   *     it ({@code null} means the working directory)
   * @throws SourceException when the URL, driver, connection or query fails
   */
  public static RowStream open(SourceSpec spec, Path baseDir) {
    SourceQuery query = SourceQuery.of(spec);
    SourceDialect dialect = dialect(spec, baseDir);
    SourceDialect.Opened opened = SourceConnection.open(dialect, spec);
    Connection connection = opened.connection();
    PreparedStatement statement = null;
    try {
      statement = prepare(connection, query);
      statement.setFetchSize(spec.fetchSize());
      ResultSet resultSet = statement.executeQuery();
      return new JdbcRowStream(
          connection,
          statement,
          resultSet,
          query.setting(),
          spec,
          dialect.endCheck(opened, query, spec));
    } catch (RuntimeException e) {
      SourceErrors.closeQuietly(statement);
      SourceErrors.rollbackAndClose(connection);
      throw e;
    } catch (SQLException e) {
      SourceErrors.closeQuietly(statement);
      SourceErrors.rollbackAndClose(connection);
      throw SourceErrors.queryFailed(query, dialect, spec, e);
    }
  }

  /**
   * The result's column names, lower-case and in query order, without reading any row: for checking
   * a sync file's mappings before anything runs.
   *
   * @throws SourceException when the URL, driver, connection or query fails
   */
  public static List<String> columns(SourceSpec spec, Path baseDir) {
    SourceQuery query = SourceQuery.of(spec);
    SourceDialect dialect = dialect(spec, baseDir);
    Connection connection = SourceConnection.open(dialect, spec).connection();
    try {
      try (PreparedStatement statement = prepare(connection, query)) {
        ResultSetMetaData meta = statement.getMetaData();
        if (meta != null) {
          return JdbcRowStream.columnNames(meta, query.setting());
        }
      }
      // Some drivers only describe a result once it runs; a false filter makes that cost no rows.
      String empty = "select * from (" + query.sql() + ") sugarbridge_columns where 1 = 0";
      try (Statement statement = connection.createStatement();
          ResultSet resultSet = statement.executeQuery(empty)) {
        return JdbcRowStream.columnNames(resultSet.getMetaData(), query.setting());
      }
    } catch (SQLException e) {
      throw SourceErrors.queryFailed(query, dialect, spec, e);
    } finally {
      SourceErrors.rollbackAndClose(connection);
    }
  }

  private static SourceDialect dialect(SourceSpec spec, Path baseDir) {
    if (spec.fetchSize() < 0) {
      throw new SourceException(
          "source.fetch_size",
          spec.fetchSize()
              + " is negative; leave it out (default 1000) or give a positive number.");
    }
    return SourceDialect.of(spec.url(), baseDir);
  }

  private static PreparedStatement prepare(Connection connection, SourceQuery query)
      throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(
            query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchDirection(ResultSet.FETCH_FORWARD);
    return statement;
  }
}
