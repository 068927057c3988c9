package io.sugarbridge.client.error;

import io.sugarbridge.client.config.KnownSecrets;

/**
 * The root of every failure sugarbridge reports to a user. Subclasses are grouped by what the user
 * must do (fix configuration, fix credentials or permissions, fix data, retry later); the message
 * always names the setting, record or field at fault and the fix. Messages never contain passwords,
 * client secrets or tokens: every message (and its cause) passes {@link KnownSecrets#scrub}, the
 * one place where text from outside (a server's error message, a driver's) loses its secrets. Later
 * modules (sync, events, identity) extend it too.
 */
public class SugarbridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SugarbridgeException(String message) {
    super(KnownSecrets.scrub(message));
  }

  /**
   * The message is scrubbed of secrets ({@link KnownSecrets#scrub}); so is the cause: a cause whose
   * message (or whose causes' messages) would show a secret is replaced by a {@link ScrubbedCause}
   * with the same type name, scrubbed message and stack trace, so that logging the stack trace
   * cannot leak what the message hides.
   */
  public SugarbridgeException(String message, Throwable cause) {
    super(KnownSecrets.scrub(message), ScrubbedCause.of(cause));
  }

  /** True when the same call may succeed later without any change by the user. */
  public boolean isRetryable() {
    return false;
  }
}
