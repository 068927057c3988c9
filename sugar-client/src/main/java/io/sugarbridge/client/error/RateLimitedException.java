package io.sugarbridge.client.error;

/**
 * Sugar (or the edge proxy in front of it) kept answering 429 Too Many Requests until the retry
 * budget ran out. Lower the request rate or requests in flight, or retry later.
 */
public class RateLimitedException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(SugarError error, String advice) {
    super(error, advice);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
