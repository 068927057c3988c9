package io.sugarbridge.client.error;

/**
 * What the error mapper needs to know about the caller to write advice a user can act on: the
 * instance, the user and platform (never the password), whether the failed call was the token
 * endpoint, and how many attempts were made.
 */
public record ErrorContext(
    String instanceUrl,
    String username,
    String platform,
    String clientId,
    String apiVersion,
    boolean tokenCall,
    int attempts) {

  public ErrorContext forTokenCall() {
    return new ErrorContext(instanceUrl, username, platform, clientId, apiVersion, true, attempts);
  }

  public ErrorContext withAttempts(int n) {
    return new ErrorContext(instanceUrl, username, platform, clientId, apiVersion, tokenCall, n);
  }
}
