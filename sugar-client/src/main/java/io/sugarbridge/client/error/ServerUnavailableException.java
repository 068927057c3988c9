package io.sugarbridge.client.error;

/**
 * Sugar kept answering 5xx (or the connection kept dropping) until the retry budget ran out. Retry
 * later; if it persists, check the instance's status with its administrator.
 */
public class ServerUnavailableException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public ServerUnavailableException(SugarError error, String advice) {
    super(error, advice);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
