package io.sugarbridge.sync.source;

import io.sugarbridge.common.config.KnownSecrets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The words of a failed read, the same for every {@link SourceDialect}: a query the database
 * rejected or a connection lost while it ran, with the database's own message and the query quoted
 * where they help, and the password kept out of every message and cause. Also closes what a failure
 * leaves open.
 */
final class SourceErrors {
  private static final int MAX_QUERY_IN_MESSAGE = 600;

  /** A parameter whose name says it holds a secret: password=, sslpassword=, pass=, apiKey=... */
  private static final Pattern URL_SECRET_PARAM =
      Pattern.compile(
          "(?i)((?<![A-Za-z0-9])[A-Za-z0-9_.-]*(?:pass|pwd|secret|token|key|cred|auth)"
              + "[A-Za-z0-9_.-]*=)([^&;]*)");

  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]*:)([^/@]*)(@)");

  /** Oracle's {@code user/password@host}, as in {@code jdbc:oracle:thin:scott/tiger@db}. */
  private static final Pattern URL_SLASH_CREDENTIALS =
      Pattern.compile("(?<=[:=])([^/:@\\s;&?]+/)([^/@\\s;&?]+)(?=@)");

  private SourceErrors() {}

  static SourceException queryFailed(
      SourceQuery query, SourceDialect dialect, SourceSpec spec, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08")) {
      return new SourceException(
          "source.url",
          "lost the connection to "
              + dialect.displayUrl()
              + " while running the query: "
              + scrub(e.getMessage(), spec)
              + ". Check that the database is running, then run the sync again.",
          causeUnlessLeaky(e, spec),
          true);
    }
    StringBuilder message = new StringBuilder("the database rejected the query: ");
    message.append(scrub(firstLine(e.getMessage()), spec));
    message.append("\n  query: ").append(abbreviate(query.sql()));
    message.append("\n  on: ").append(dialect.displayUrl());
    if (dialect.note() != null) {
      message.append("\n  note: ").append(dialect.note());
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
    masked = URL_SLASH_CREDENTIALS.matcher(masked).replaceAll("$1****");
    return URL_USERINFO.matcher(masked).replaceAll("$1****$3");
  }

  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    return message.strip();
  }

  static String abbreviate(String sql) {
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

  /** Rolls back the read-only transaction a connection may be in, then closes it. */
  static void rollbackAndClose(Connection connection) {
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
}
