package io.sugarbridge.sync.source;

import io.sugarbridge.common.config.KnownSecrets;
import io.sugarbridge.common.config.Secret;

/**
 * The {@code source:} block of a sync file: where rows come from. {@code url} is {@code
 * duckdb:warehouse.duckdb} when absent (an embedded DuckDB file relative to the sync file's
 * folder); {@code duckdb:} alone is an in-memory DuckDB (enough for CSV and Parquet files); {@code
 * jdbc:postgresql://host/db} or any other {@code jdbc:} URL whose driver is on the classpath reads
 * from that database. Exactly one of {@code query} and {@code table} is given; {@code table}
 * becomes {@code select * from <quoted table>}. {@code user} and {@code password} are only for
 * server databases. {@code fetchSize} (default 1000) is how many rows the driver fetches per round
 * trip (YAML key {@code fetch_size}), which bounds memory however large the result.
 */
public record SourceSpec(
    String url, String query, String table, String user, Secret password, int fetchSize) {

  /** The embedded DuckDB file used when {@code source.url} is absent. */
  public static final String DEFAULT_URL = "duckdb:warehouse.duckdb";

  /** Rows per driver round trip when {@code source.fetch_size} is absent. */
  public static final int DEFAULT_FETCH_SIZE = 1000;

  public SourceSpec {
    url = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
    password = password == null ? Secret.empty() : password;
    // A driver may quote the URL, or the password in it, in an error message.
    KnownSecrets.rememberPasswordsIn(url);
    // 0 is what a missing YAML int reads as; any other non-positive value is refused by open().
    fetchSize = fetchSize == 0 ? DEFAULT_FETCH_SIZE : fetchSize;
  }

  /**
   * What is wrong with {@code url} as a source URL, judged from its text alone (a scheme no source
   * reads, options after a DuckDB file), or null; a password in it is masked. The one check of it:
   * the sync file's reader reports it with the file's other problems, and opening a source refuses
   * the same URLs. A missing file or a database that refuses shows only when the source opens.
   */
  public static String urlProblem(String url) {
    return url == null || url.isBlank() ? null : SourceDialect.urlProblem(url.strip());
  }

  /**
   * What is wrong with giving {@code query} and {@code table} together or neither, or null: the one
   * check of it, which the sync file's reader reports with the file's other problems and opening a
   * source (for a spec built in code) throws.
   */
  public static String queryProblem(boolean hasQuery, boolean hasTable) {
    if (hasQuery && hasTable) {
      return "both source.query and source.table are set; keep one of them (source.table reads a"
          + " whole table, source.query runs a select).";
    }
    if (!hasQuery && !hasTable) {
      return "missing; write a select in source.query (e.g. select * from customers) or name a"
          + " table in source.table.";
    }
    return null;
  }

  /** A query on the given URL with no credentials and the default fetch size. */
  public static SourceSpec ofQuery(String url, String query) {
    return new SourceSpec(url, query, null, null, Secret.empty(), DEFAULT_FETCH_SIZE);
  }

  /** A whole table on the given URL with no credentials and the default fetch size. */
  public static SourceSpec ofTable(String url, String table) {
    return new SourceSpec(url, null, table, null, Secret.empty(), DEFAULT_FETCH_SIZE);
  }

  /** A copy with another fetch size. */
  public SourceSpec withFetchSize(int newFetchSize) {
    return new SourceSpec(url, query, table, user, password, newFetchSize);
  }

  /** A copy with credentials for a server database. */
  public SourceSpec withCredentials(String newUser, Secret newPassword) {
    return new SourceSpec(url, query, table, newUser, newPassword, fetchSize);
  }
}
