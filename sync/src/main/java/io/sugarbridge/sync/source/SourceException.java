package io.sugarbridge.sync.source;

import io.sugarbridge.common.error.SugarbridgeException;

/**
 * The source could not be read: a bad or unsupported {@code source.url}, a missing JDBC driver, a
 * database that cannot be reached or refuses the credentials, or a query the database rejects
 * (unknown table or column). The message names the setting at fault ({@link #setting()}) and what
 * to do, quotes the database's own message and the query where they help, and never contains the
 * password.
 */
public class SourceException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final boolean retryable;

  public SourceException(String setting, String message) {
    this(setting, message, null, false);
  }

  public SourceException(String setting, String message, Throwable cause, boolean retryable) {
    super(setting + ": " + message, cause);
    this.setting = setting;
    this.retryable = retryable;
  }

  /** The sync-file setting at fault, e.g. {@code source.url} or {@code source.query}. */
  public String setting() {
    return setting;
  }

  /** True for connection failures that may pass once the database is reachable again. */
  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
