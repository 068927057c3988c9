package io.sugarbridge.client.config;

/**
 * How the client obtains tokens: the password grant (Sugar's usual one), or client_credentials for
 * servers that offer it (stock Sugar answers {@code unsupported_grant_type}). Refresh-token grants
 * are used automatically after either.
 */
public enum GrantType {
  PASSWORD("password"),
  CLIENT_CREDENTIALS("client_credentials");

  private final String wireName;

  GrantType(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code grant_type} value sent to {@code /oauth2/token}. */
  public String wireName() {
    return wireName;
  }
}
