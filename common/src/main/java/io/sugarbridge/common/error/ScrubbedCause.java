package io.sugarbridge.common.error;

import io.sugarbridge.common.config.KnownSecrets;
import java.util.Objects;

/**
 * Stands in for a cause whose message showed a secret (a database driver that quotes the JDBC URL
 * with its password, a server echoing a login): same type name in the message, the scrubbed text,
 * the original stack trace and a likewise scrubbed cause chain.
 */
public final class ScrubbedCause extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String originalType;

  private ScrubbedCause(Throwable original, Throwable cause) {
    super(
        original.getClass().getName() + ": " + KnownSecrets.scrub(original.getMessage()),
        cause,
        false,
        true);
    this.originalType = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  @Override
  public String toString() {
    return getMessage();
  }

  /** The class name of the exception this one replaces. */
  public String originalType() {
    return originalType;
  }

  /** {@code cause} itself when nothing in its chain shows a secret, else a scrubbed copy. */
  static Throwable of(Throwable cause) {
    if (cause == null || cause instanceof ScrubbedCause || !leaks(cause)) {
      return cause;
    }
    Throwable next = cause.getCause() == cause ? null : of(cause.getCause());
    return new ScrubbedCause(cause, next);
  }

  private static boolean leaks(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
      String m = c.getMessage();
      if (m != null && !Objects.equals(m, KnownSecrets.scrub(m))) {
        return true;
      }
    }
    return false;
  }
}
