package io.sugarbridge.sync.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * An embedded DuckDB source: {@code duckdb:file.duckdb} (or {@code jdbc:duckdb:...}) opens that
 * file read-only, {@code duckdb:} alone an in-memory database for CSV and Parquet files. Results
 * stream instead of being held in native memory, and DuckDB's {@code file_search_path} is set to
 * the sync file's folder, so {@code select * from 'people.csv'} reads the file beside the sync file
 * whatever the process's working directory.
 *
 * @param file the database file, or null for an in-memory database
 * @param note why a table may be unknown (the default file is missing), or null
 */
record DuckDbDialect(String jdbcUrl, String displayUrl, Path baseDir, Path file, String note)
    implements SourceDialect {

  /** The {@code source.url} prefixes of DuckDB, in lower case. */
  static final List<String> PREFIXES = List.of("duckdb:", "jdbc:duckdb:");

  private static final String STREAM_RESULTS = "jdbc_stream_results";
  private static final String READ_ONLY = "duckdb.read_only";

  /**
   * @param rest what follows the prefix: a file path, or nothing (or {@code :memory:}) for an
   *     in-memory database; options after {@code ?} were refused by {@link SourceDialect#of}
   */
  static DuckDbDialect of(String url, String display, String rest, Path base) {
    if (rest.isEmpty() || rest.equals(":memory:")) {
      return new DuckDbDialect("jdbc:duckdb:", display, base, null, null);
    }
    Path file = base.resolve(rest).normalize();
    if (!Files.exists(file)) {
      if (url.equals(SourceSpec.DEFAULT_URL)) {
        // The default file is optional: a sync over CSV or Parquet files needs no database.
        return new DuckDbDialect(
            "jdbc:duckdb:",
            display,
            base,
            null,
            "there is no "
                + file
                + ", so the query ran on an empty in-memory DuckDB; create that file or set"
                + " source.url to your DuckDB file.");
      }
      throw new SourceException(
          "source.url",
          "the DuckDB file "
              + file
              + " does not exist; check the path (relative paths start at "
              + base
              + ") or use duckdb: alone for an in-memory database that reads CSV and Parquet"
              + " files.");
    }
    if (Files.isDirectory(file)) {
      throw new SourceException(
          "source.url", file + " is a folder; point source.url at a DuckDB database file.");
    }
    return new DuckDbDialect("jdbc:duckdb:" + file, display, base, file, null);
  }

  @Override
  public String describe() {
    return file != null ? "the DuckDB file " + file : displayUrl;
  }

  @Override
  public Opened connect(Driver driver, Properties properties) throws SQLException {
    // Without streaming, DuckDB holds the whole result in native memory before the first row.
    properties.setProperty(STREAM_RESULTS, "true");
    if (file != null) {
      // Read-only: a sync never writes to the warehouse, and other readers may share the file.
      properties.setProperty(READ_ONLY, "true");
    }
    try {
      return new Opened(driver.connect(jdbcUrl, properties), true);
    } catch (SQLException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (!message.contains("different configuration")) {
        throw e;
      }
      // This JVM already has the file open read-write (a demo or benchmark that just wrote it);
      // DuckDB then refuses a connection configured differently, so share that instance as it
      // is: read-write and materialising results (which also reports errors reliably).
      properties.remove(READ_ONLY);
      properties.remove(STREAM_RESULTS);
      return new Opened(driver.connect(jdbcUrl, properties), false);
    }
  }

  @Override
  public void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // DuckDB resolves relative file paths against file_search_path; anchoring it at baseDir
      // makes 'people.csv' mean the file beside the sync file, not the JVM's working folder.
      statement.execute(
          "set session file_search_path = '" + baseDir.toString().replace("'", "''") + "'");
    }
  }

  @Override
  public JdbcRowStream.EndCheck endCheck(Opened opened, SourceQuery query, SourceSpec spec) {
    return opened.streamsSilently()
        ? rowsRead -> verifyComplete(opened.connection(), query, spec, rowsRead)
        : null;
  }

  /**
   * DuckDB's JDBC driver ends a streamed result that fails mid-way exactly like a finished one
   * (duckdb_jdbc 1.4.1: {@code next()} returns false, the error is dropped). A source that silently
   * loses its tail would make a sync report rows as gone, so after the last row the same query is
   * counted; a failure or a different count turns the silent end into an error.
   */
  private void verifyComplete(
      Connection connection, SourceQuery query, SourceSpec spec, long rowsRead) {
    String count = "select count(*) from (" + query.sql() + ") sugarbridge_check";
    long expected;
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(count)) {
      resultSet.next();
      expected = resultSet.getLong(1);
    } catch (SQLException e) {
      SourceException failed = SourceErrors.queryFailed(query, this, spec, e);
      throw new SourceException(
          failed.setting(),
          "the query failed after "
              + rowsRead
              + " rows were read; "
              + failed.getMessage().substring(failed.setting().length() + 2),
          failed.getCause(),
          failed.isRetryable());
    }
    if (expected != rowsRead) {
      throw new SourceException(
          query.setting(),
          "DuckDB ended the result after "
              + rowsRead
              + " rows but the query counts "
              + expected
              + " rows; the read was cut short (a row that fails to compute, or a query whose"
              + " rows change between runs, such as one using random()). Run the query in DuckDB"
              + " to see the error.\n  query: "
              + SourceErrors.abbreviate(query.sql()));
    }
  }

  @Override
  public String toString() {
    return displayUrl;
  }
}
