package io.sugarbridge.sync.source;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a connection to a source the same way for every {@link SourceDialect}: the credentials from
 * {@code source.user} and {@code source.password}, the driver that takes the URL, then the
 * dialect's own connect and session setup. A failure names the setting to fix: a missing driver or
 * an unreachable or unknown database is {@code source.url}, refused credentials {@code
 * source.user}.
 */
final class SourceConnection {

  private SourceConnection() {}

  /**
   * A connection ready to run the source query.
   *
   * @throws SourceException when no driver takes the URL or the database cannot be opened
   */
  static SourceDialect.Opened open(SourceDialect dialect, SourceSpec spec) {
    Properties properties = new Properties();
    if (spec.user() != null && !spec.user().isBlank()) {
      properties.setProperty("user", spec.user());
    }
    if (!spec.password().isEmpty()) {
      properties.setProperty("password", spec.password().reveal());
    }
    Driver driver = driverFor(dialect);
    SourceDialect.Opened opened;
    try {
      opened = dialect.connect(driver, properties);
    } catch (SQLException e) {
      throw connectFailed(dialect, spec, e);
    }
    if (opened.connection() == null) {
      throw missingDriver(dialect);
    }
    try {
      dialect.configure(opened.connection());
      return opened;
    } catch (SQLException e) {
      SourceErrors.closeQuietly(opened.connection());
      throw connectFailed(dialect, spec, e);
    }
  }

  private static Driver driverFor(SourceDialect dialect) {
    try {
      return DriverManager.getDriver(dialect.jdbcUrl());
    } catch (SQLException e) {
      // DriverManager's "No suitable driver" adds nothing to the message below.
      throw missingDriver(dialect);
    }
  }

  private static SourceException missingDriver(SourceDialect dialect) {
    String jdbcUrl = dialect.jdbcUrl();
    String scheme = jdbcUrl.split(":", 3).length >= 2 ? jdbcUrl.split(":", 3)[1] : jdbcUrl;
    return new SourceException(
        "source.url",
        "no JDBC driver for '"
            + dialect.displayUrl()
            + "' is on the classpath (the '"
            + scheme
            + "' driver is missing); add that database's JDBC driver jar to the classpath, or"
            + " use duckdb: or jdbc:postgresql:, whose drivers are built in.",
        null,
        false);
  }

  private static SourceException connectFailed(
      SourceDialect dialect, SourceSpec spec, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String dbMessage = SourceErrors.scrub(SourceErrors.firstLine(e.getMessage()), spec);
    Throwable cause = SourceErrors.causeUnlessLeaky(e, spec);
    String displayUrl = dialect.displayUrl();
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
    return new SourceException(
        "source.url", "cannot open " + dialect.describe() + ": " + dbMessage + ".", cause, false);
  }
}
