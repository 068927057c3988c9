package io.sugarbridge.sync.source;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * What differs between the kinds of database a sync reads from: the JDBC URL the driver gets, the
 * driver properties and session settings that make a result stream read-only in constant memory,
 * what a failed open names, a note for query errors, and whether the end of a streamed result must
 * be confirmed. One implementation per kind ({@link DuckDbDialect} for DuckDB, CSV and Parquet,
 * {@link JdbcDialect} for PostgreSQL and any other JDBC driver, which today need the same), chosen
 * once from {@code source.url} by {@link #of}.
 *
 * <p>Everything else is the same for every kind and stays out of here: the query and its quoted
 * table name ({@link SourceQuery}), the forward-only cursor with the fetch size and the mapping of
 * JDBC types onto {@link SourceRow}'s values ({@link JdbcRowStream}), and the error messages
 * ({@link SourceErrors}, {@link SourceConnection}).
 */
sealed interface SourceDialect permits DuckDbDialect, JdbcDialect {

  /**
   * The dialect of a {@code source.url}.
   *
   * @param baseDir the sync file's folder, against which relative DuckDB, CSV and Parquet paths
   *     resolve ({@code null} means the working directory)
   * @throws SourceException when the URL is not one sugarbridge reads ({@link #urlProblem}), or
   *     names a DuckDB file that is missing or a folder
   */
  static SourceDialect of(String url, Path baseDir) {
    String problem = urlProblem(url);
    if (problem != null) {
      throw new SourceException("source.url", problem);
    }
    Path base = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
    String display = SourceErrors.redactUrl(url);
    String lower = url.toLowerCase(Locale.ROOT);
    for (String prefix : DuckDbDialect.PREFIXES) {
      if (lower.startsWith(prefix)) {
        return DuckDbDialect.of(url, display, url.substring(prefix.length()).strip(), base);
      }
    }
    return new JdbcDialect(url, display);
  }

  /** See {@link SourceSpec#urlProblem}. */
  static String urlProblem(String url) {
    String display = SourceErrors.redactUrl(url);
    String lower = url.toLowerCase(Locale.ROOT);
    for (String prefix : DuckDbDialect.PREFIXES) {
      if (lower.startsWith(prefix)) {
        String rest = url.substring(prefix.length()).strip();
        return rest.contains("?")
            ? "'" + display + "' has options after '?'; write only the DuckDB file path."
            : null;
      }
    }
    if (lower.startsWith("jdbc:")) {
      return null;
    }
    return "'"
        + display
        + "' is not a source URL sugarbridge understands; write duckdb:<file>.duckdb (an"
        + " embedded DuckDB file next to the sync file), duckdb: (in-memory, for CSV and"
        + " Parquet files), jdbc:postgresql://host:5432/database, or another jdbc: URL whose"
        + " driver is on the classpath.";
  }

  /** The URL the driver connects to. */
  String jdbcUrl();

  /** {@code source.url} as messages show it, passwords masked. */
  String displayUrl();

  /** A note query errors add (why a table may be unknown), or null. */
  default String note() {
    return null;
  }

  /** What a failed connection says it cannot open. */
  default String describe() {
    return displayUrl();
  }

  /**
   * Connects with the driver found for {@link #jdbcUrl()}.
   *
   * @param properties the credentials; a dialect adds its own driver properties
   * @return the connection, null inside when the driver does not take the URL after all
   */
  default Opened connect(Driver driver, Properties properties) throws SQLException {
    return new Opened(driver.connect(jdbcUrl(), properties), false);
  }

  /** Sets up a new connection's session for reading. */
  void configure(Connection connection) throws SQLException;

  /**
   * What confirms, once a result ends, that it ended because every row was read; null when the
   * driver reports a failing result as an error anyway.
   */
  default JdbcRowStream.EndCheck endCheck(Opened opened, SourceQuery query, SourceSpec spec) {
    return null;
  }

  /**
   * An open connection, and whether its results may end silently when a row fails (DuckDB's
   * streamed results do; {@link #endCheck} then confirms the end).
   */
  record Opened(Connection connection, boolean streamsSilently) {}
}
