package io.sugarbridge.client.http;

/**
 * Supplies access tokens to {@link ApiCaller}; implemented by the auth layer so that this package
 * does not depend on how tokens are obtained.
 */
public interface TokenSource {
  /** A token valid for now, minting or refreshing it first when needed. */
  String token();

  /**
   * Called once after Sugar refused {@code failedToken} with 401. Returns the token to retry with:
   * the current one if another thread already renewed it, else a freshly obtained one.
   */
  String renewAfterRejection(String failedToken);
}
