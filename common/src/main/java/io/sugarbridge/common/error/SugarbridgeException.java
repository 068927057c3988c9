package io.sugarbridge.common.error;

import io.sugarbridge.common.config.KnownSecrets;

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

  /**
   * What kind of failure this is, decided once, where it is raised; the command line turns it into
   * an exit code in one place (configuration 2, could not run 1), the same in every command.
   */
  public enum Category {
    /**
     * Something a person must change before running again can succeed: a setting in a file, the
     * connection file's credentials, or Sugar's set-up for that user (platform, administrator).
     */
    CONFIGURATION,
    /** The work could not be done now; running again unchanged may succeed (unreachable, down). */
    COULD_NOT_RUN
  }

  /** This failure's category; {@link Category#COULD_NOT_RUN} unless a subclass says otherwise. */
  public Category category() {
    return Category.COULD_NOT_RUN;
  }
}
