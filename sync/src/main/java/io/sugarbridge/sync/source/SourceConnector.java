package io.sugarbridge.sync.source;

import io.sugarbridge.common.config.KnownSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Opens the source of a sync: resolves {@code source.url} against the sync file's folder, connects
 * with the driver that URL needs, and streams the query's rows with a forward-only, read-only
 * cursor and the configured fetch size, so a result of any size is read in constant memory.
 *
 * <p>DuckDB URLs ({@code duckdb:file.duckdb}, {@code duckdb:} for in-memory, or {@code
 * jdbc:duckdb:...}) open the file read-only, stream results, and set DuckDB's {@code
 * file_search_path} to {@code baseDir}, so {@code select * from 'people.csv'} reads the file next
 * to the sync file whatever the process's working directory. PostgreSQL streams only inside a
 * transaction, so its connection runs with autocommit off in a read-only transaction that is rolled
 * back on close. Every failure is a {@link SourceException} naming the setting at fault.
 */
public final class SourceConnector {

  private static final String DUCKDB_PREFIX = "duckdb:";
  private static final String JDBC_DUCKDB_PREFIX = "jdbc:duckdb:";
  private static final int MAX_QUERY_IN_MESSAGE = 600;
  private static final Pattern URL_SECRET_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|sslpassword|sslkey)=)([^&;]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]*:)([^/@]*)(@)");

  private SourceConnector() {}

  /**
   * Runs the source query and returns its rows as a stream the caller must close.
   *
   * @param baseDir the sync file's folder; relative DuckDB, CSV and Parquet paths resolve against
   *     it ({@code null} means the working directory)
   * @throws SourceException when the URL, driver, connection or query fails
   */
  public static RowStream open(SourceSpec spec, Path baseDir) {
    Query query = Query.of(spec);
    Target target = Target.resolve(spec, baseDir);
    Opened opened = target.connect(spec);
    Connection connection = opened.connection();
    PreparedStatement statement = null;
    try {
      statement = prepare(connection, query);
      statement.setFetchSize(spec.fetchSize());
      ResultSet resultSet = statement.executeQuery();
      JdbcRowStream.EndCheck endCheck =
          opened.streamsSilently()
              ? rowsRead -> verifyComplete(connection, query, target, spec, rowsRead)
              : null;
      return new JdbcRowStream(connection, statement, resultSet, query.setting(), spec, endCheck);
    } catch (RuntimeException e) {
      closeQuietly(statement);
      closeQuietly(connection, target);
      throw e;
    } catch (SQLException e) {
      closeQuietly(statement);
      closeQuietly(connection, target);
      throw queryFailed(query, target, spec, e);
    }
  }

  /**
   * The result's column names, lower-case and in query order, without reading any row: for checking
   * a sync file's mappings before anything runs.
   *
   * @throws SourceException when the URL, driver, connection or query fails
   */
  public static List<String> columns(SourceSpec spec, Path baseDir) {
    Query query = Query.of(spec);
    Target target = Target.resolve(spec, baseDir);
    Connection connection = target.connect(spec).connection();
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
      throw queryFailed(query, target, spec, e);
    } finally {
      closeQuietly(connection, target);
    }
  }

  /**
   * DuckDB's JDBC driver ends a streamed result that fails mid-way exactly like a finished one
   * (duckdb_jdbc 1.4.1: {@code next()} returns false, the error is dropped). A source that silently
   * loses its tail would make a sync report rows as gone, so after the last row the same query is
   * counted; a failure or a different count turns the silent end into an error.
   */
  private static void verifyComplete(
      Connection connection, Query query, Target target, SourceSpec spec, long rowsRead) {
    String count = "select count(*) from (" + query.sql() + ") sugarbridge_check";
    long expected;
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(count)) {
      resultSet.next();
      expected = resultSet.getLong(1);
    } catch (SQLException e) {
      SourceException failed = queryFailed(query, target, spec, e);
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
              + abbreviate(query.sql()));
    }
  }

  private static PreparedStatement prepare(Connection connection, Query query) throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(
            query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setFetchDirection(ResultSet.FETCH_FORWARD);
    return statement;
  }

  static SourceException queryFailed(Query query, Target target, SourceSpec spec, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08")) {
      return new SourceException(
          "source.url",
          "lost the connection to "
              + target.displayUrl()
              + " while running the query: "
              + scrub(e.getMessage(), spec)
              + ". Check that the database is running, then run the sync again.",
          causeUnlessLeaky(e, spec),
          true);
    }
    StringBuilder message = new StringBuilder("the database rejected the query: ");
    message.append(scrub(firstLine(e.getMessage()), spec));
    message.append("\n  query: ").append(abbreviate(query.sql()));
    message.append("\n  on: ").append(target.displayUrl());
    if (target.note() != null) {
      message.append("\n  note: ").append(target.note());
    }
    message.append(
        query.setting().equals("source.table")
            ? "\n  Check that the table exists and the name is spelled as the database stores it"
                + " (schema.table; quoted names are case-sensitive in PostgreSQL)."
            : "\n  Check the table and column names in the query against the database.");
    return new SourceException(
        query.setting(), message.toString(), causeUnlessLeaky(e, spec), false);
  }

  static String scrub(String text, SourceSpec spec) {
    if (text == null) {
      return "";
    }
    String password = spec.password().reveal();
    String scrubbed = password.isEmpty() ? text : text.replace(password, "****");
    return KnownSecrets.scrub(redactUrl(scrubbed));
  }

  static Throwable causeUnlessLeaky(Throwable cause, SourceSpec spec) {
    String password = spec.password().reveal();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null
          && (!password.isEmpty() && t.getMessage().contains(password)
              || KnownSecrets.containsKnownSecret(t.getMessage()))) {
        return null;
      }
    }
    return cause;
  }

  /** A URL fit for a message: password parameters and user-info passwords masked. */
  static String redactUrl(String url) {
    String masked = URL_SECRET_PARAM.matcher(url).replaceAll("$1****");
    return URL_USERINFO.matcher(masked).replaceAll("$1****$3");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message.strip();
  }

  private static String abbreviate(String sql) {
    String flat = sql.strip();
    return flat.length() <= MAX_QUERY_IN_MESSAGE
        ? flat
        : flat.substring(0, MAX_QUERY_IN_MESSAGE) + "... (" + flat.length() + " characters)";
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing after a failure or at the end of reading: nothing the user could act on.
    }
  }

  static void closeQuietly(Connection connection, Target target) {
    if (connection == null) {
      return;
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is going away; a failed rollback of a read-only transaction changes nothing.
    }
    closeQuietly(connection);
  }

  /**
   * An open connection, and whether its results stream in the DuckDB way that drops errors (see
   * {@link #verifyComplete}).
   */
  record Opened(Connection connection, boolean streamsSilently) {}

  /** The SQL to run and the setting it came from. */
  record Query(String sql, String setting) {

    static Query of(SourceSpec spec) {
      boolean hasQuery = spec.query() != null && !spec.query().isBlank();
      boolean hasTable = spec.table() != null && !spec.table().isBlank();
      if (hasQuery && hasTable) {
        throw new SourceException(
            "source.query",
            "both source.query and source.table are set; keep one of them (source.table reads a"
                + " whole table, source.query runs a select).");
      }
      if (hasTable) {
        return new Query("select * from " + quoteTable(spec.table().strip()), "source.table");
      }
      if (!hasQuery) {
        throw new SourceException(
            "source.query",
            "missing; write a select in source.query (e.g. select * from customers) or name a"
                + " table in source.table.");
      }
      String sql = spec.query().strip();
      // A trailing semicolon is natural to write but breaks wrapping the query in a subselect.
      while (sql.endsWith(";")) {
        sql = sql.substring(0, sql.length() - 1).stripTrailing();
      }
      return new Query(sql, "source.query");
    }

    /** Quotes each dot-separated part; parts already in double quotes are kept as written. */
    static String quoteTable(String table) {
      List<String> parts = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      boolean inQuotes = false;
      for (int i = 0; i < table.length(); i++) {
        char c = table.charAt(i);
        if (c == '"') {
          inQuotes = !inQuotes;
          current.append(c);
        } else if (c == '.' && !inQuotes) {
          parts.add(current.toString());
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      parts.add(current.toString());
      List<String> quoted = new ArrayList<>();
      for (String part : parts) {
        String p = part.strip();
        if (p.isEmpty()) {
          throw new SourceException(
              "source.table",
              "'" + table + "' has an empty name part; write table or schema.table.");
        }
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
          quoted.add(p);
        } else {
          quoted.add('"' + p.replace("\"", "\"\"") + '"');
        }
      }
      return String.join(".", quoted);
    }
  }

  /** Where to connect: the JDBC URL, how to show it, and what kind of database it is. */
  record Target(
      String jdbcUrl, String displayUrl, Kind kind, Path baseDir, Path duckdbFile, String note) {

    enum Kind {
      DUCKDB,
      POSTGRESQL,
      OTHER
    }

    static Target resolve(SourceSpec spec, Path baseDir) {
      Path base = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
      String url = spec.url();
      String display = redactUrl(url);
      if (spec.fetchSize() < 0) {
        throw new SourceException(
            "source.fetch_size",
            spec.fetchSize()
                + " is negative; leave it out (default 1000) or give a positive number.");
      }
      String lower = url.toLowerCase(Locale.ROOT);
      if (lower.startsWith(DUCKDB_PREFIX) || lower.startsWith(JDBC_DUCKDB_PREFIX)) {
        String rest =
            url.substring(
                lower.startsWith(DUCKDB_PREFIX)
                    ? DUCKDB_PREFIX.length()
                    : JDBC_DUCKDB_PREFIX.length());
        return duckdb(url, display, rest.strip(), base);
      }
      if (lower.startsWith("jdbc:postgresql:")) {
        return new Target(url, display, Kind.POSTGRESQL, base, null, null);
      }
      if (lower.startsWith("jdbc:")) {
        return new Target(url, display, Kind.OTHER, base, null, null);
      }
      throw new SourceException(
          "source.url",
          "'"
              + display
              + "' is not a source URL sugarbridge understands; write duckdb:<file>.duckdb (an"
              + " embedded DuckDB file next to the sync file), duckdb: (in-memory, for CSV and"
              + " Parquet files), jdbc:postgresql://host:5432/database, or another jdbc: URL whose"
              + " driver is on the classpath.");
    }

    private static Target duckdb(String url, String display, String rest, Path base) {
      if (rest.isEmpty() || rest.equals(":memory:")) {
        return new Target("jdbc:duckdb:", display, Kind.DUCKDB, base, null, null);
      }
      if (rest.contains("?")) {
        throw new SourceException(
            "source.url",
            "'" + display + "' has options after '?'; write only the DuckDB file path.");
      }
      Path file = base.resolve(rest).normalize();
      if (!Files.exists(file)) {
        if (url.equals(SourceSpec.DEFAULT_URL)) {
          // The default file is optional: a sync over CSV or Parquet files needs no database.
          return new Target(
              "jdbc:duckdb:",
              display,
              Kind.DUCKDB,
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
      return new Target("jdbc:duckdb:" + file, display, Kind.DUCKDB, base, file, null);
    }

    Opened connect(SourceSpec spec) {
      Properties properties = new Properties();
      if (spec.user() != null && !spec.user().isBlank()) {
        properties.setProperty("user", spec.user());
      }
      if (!spec.password().isEmpty()) {
        properties.setProperty("password", spec.password().reveal());
      }
      if (kind == Kind.DUCKDB) {
        // Without streaming, DuckDB holds the whole result in native memory before the first row.
        properties.setProperty("jdbc_stream_results", "true");
        if (duckdbFile != null) {
          // Read-only: a sync never writes to the warehouse, and other readers may share the file.
          properties.setProperty("duckdb.read_only", "true");
        }
      }
      Driver driver = driverFor();
      Connection connection;
      try {
        connection = connectOnce(driver, properties);
      } catch (SQLException e) {
        throw connectFailed(spec, e);
      }
      try {
        configure(connection);
        return new Opened(connection, properties.containsKey("jdbc_stream_results"));
      } catch (SQLException e) {
        closeQuietly(connection);
        throw connectFailed(spec, e);
      }
    }

    private Connection connectOnce(Driver driver, Properties properties) throws SQLException {
      Connection connection;
      try {
        connection = driver.connect(jdbcUrl, properties);
      } catch (SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (kind != Kind.DUCKDB || !message.contains("different configuration")) {
          throw e;
        }
        // This JVM already has the file open read-write (a demo or benchmark that just wrote
        // it); DuckDB then refuses a connection configured differently, so share that instance
        // as it is: read-write and materialising results (which also reports errors reliably).
        properties.remove("duckdb.read_only");
        properties.remove("jdbc_stream_results");
        connection = driver.connect(jdbcUrl, properties);
      }
      if (connection == null) {
        throw missingDriver();
      }
      return connection;
    }

    private Driver driverFor() {
      try {
        return DriverManager.getDriver(jdbcUrl);
      } catch (SQLException e) {
        // DriverManager's "No suitable driver" adds nothing to the message below.
        throw missingDriver();
      }
    }

    private SourceException missingDriver() {
      String scheme = jdbcUrl.split(":", 3).length >= 2 ? jdbcUrl.split(":", 3)[1] : jdbcUrl;
      return new SourceException(
          "source.url",
          "no JDBC driver for '"
              + displayUrl
              + "' is on the classpath (the '"
              + scheme
              + "' driver is missing); add that database's JDBC driver jar to the classpath, or"
              + " use duckdb: or jdbc:postgresql:, whose drivers are built in.",
          null,
          false);
    }

    private void configure(Connection connection) throws SQLException {
      if (kind == Kind.DUCKDB) {
        try (Statement statement = connection.createStatement()) {
          // DuckDB resolves relative file paths against file_search_path; anchoring it at baseDir
          // makes 'people.csv' mean the file beside the sync file, not the JVM's working folder.
          statement.execute(
              "set session file_search_path = '" + baseDir.toString().replace("'", "''") + "'");
        }
        return;
      }
      // PostgreSQL honours the fetch size only inside a transaction; other drivers do the same or
      // ignore it. Read-only guards the warehouse against a query that is not a select.
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
    }

    private SourceException connectFailed(SourceSpec spec, SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String dbMessage = scrub(firstLine(e.getMessage()), spec);
      Throwable cause = causeUnlessLeaky(e, spec);
      if (state.startsWith("28")) {
        return new SourceException(
            "source.user",
            "the database at "
                + displayUrl
                + " refused user '"
                + (spec.user() == null ? "" : spec.user())
                + "': "
                + dbMessage
                + ". Check source.user and source.password (use ${ENV_VAR} for the password).",
            cause,
            false);
      }
      if (state.equals("3D000")) {
        return new SourceException(
            "source.url",
            "the database named in " + displayUrl + " does not exist: " + dbMessage + ".",
            cause,
            false);
      }
      if (state.startsWith("08")) {
        return new SourceException(
            "source.url",
            "cannot connect to "
                + displayUrl
                + ": "
                + dbMessage
                + ". Check that the database is running and that host, port and database in"
                + " source.url are right.",
            cause,
            true);
      }
      String what =
          kind == Kind.DUCKDB && duckdbFile != null ? "the DuckDB file " + duckdbFile : displayUrl;
      return new SourceException(
          "source.url", "cannot open " + what + ": " + dbMessage + ".", cause, false);
    }
  }
}
