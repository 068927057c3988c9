package io.sugarbridge.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: a password written inside {@code source.url} (not in {@code source.password}) must not
 * leak through a database driver's error message, neither in the error nor in its causes' stack
 * trace. The real PostgreSQL on 127.0.0.1:5432 is used where it runs.
 */
class JdbcUrlPasswordTest {
  private static final String PASSWORD = "Pg-Url-Pw-4242";

  @TempDir Path dir;

  private String shown(SourceSpec spec) {
    SourceException e =
        catchThrowableOfType(
            SourceException.class,
            () -> {
              try (RowStream stream = SourceConnector.open(spec, dir)) {
                stream.forEachRemaining(row -> {});
              }
            });
    assertThat(e).as("expected a SourceException").isNotNull();
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return e.getMessage() + "\n" + trace;
  }

  private static void requirePostgres() {
    try (Connection c =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
      c.isValid(1);
    } catch (SQLException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("PostgreSQL is not reachable on 127.0.0.1:5432", e);
      }
      Assumptions.abort("PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
    }
  }

  @Test
  void aPasswordInTheUserInfoThatTheDriverQuotesAsAHostNameDoesNotLeak() {
    requirePostgres();
    // PgJDBC takes "postgres:<password>@127.0.0.1" for the host name and quotes it in its error.
    String shown =
        shown(
            SourceSpec.ofQuery(
                "jdbc:postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/test", "select 1"));
    assertThat(shown).contains("postgres:").doesNotContain(PASSWORD);
  }

  @Test
  void aPasswordParameterThatTheDriverQuotesInItsErrorDoesNotLeak() {
    requirePostgres();
    // A wrong database name, and a setting whose bad value the driver quotes: here the same text.
    String shown =
        shown(
            SourceSpec.ofQuery(
                "jdbc:postgresql://127.0.0.1:5432/no_such_db?user=postgres&password="
                    + PASSWORD
                    + "&sslmode="
                    + PASSWORD,
                "select 1"));
    assertThat(shown).contains("sslmode").doesNotContain(PASSWORD);
  }
}
