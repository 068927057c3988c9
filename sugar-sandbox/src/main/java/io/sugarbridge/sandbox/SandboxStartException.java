package io.sugarbridge.sandbox;

/**
 * The sandbox could not start because of something the person starting it can fix: an invalid
 * switch, a bad {@code custom_fields.json}, a data directory that cannot be opened, or a port that
 * is taken. The message names the setting and the fix; callers print it without a stack trace.
 */
public final class SandboxStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
