package io.sugarbridge.client.error;

/**
 * The root of every failure sugarbridge reports to a user. Subclasses are grouped by what the user
 * must do (fix configuration, fix credentials or permissions, fix data, retry later); the message
 * always names the setting, record or field at fault and the fix. Messages never contain passwords,
 * client secrets or tokens. Later modules (sync, events, identity) extend it too.
 */
public class SugarbridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SugarbridgeException(String message) {
    super(message);
  }

  public SugarbridgeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the same call may succeed later without any change by the user. */
  public boolean isRetryable() {
    return false;
  }
}
