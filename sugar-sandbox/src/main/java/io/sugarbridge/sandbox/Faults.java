package io.sugarbridge.sandbox;

/**
 * The run-time switchboard for injected faults. An admin reaches the same switches over HTTP:
 * {@code GET|PUT /rest/_sandbox/faults} and {@code POST /rest/_sandbox/tokens/expire}.
 */
public interface Faults {
  FaultSettings current();

  void set(FaultSettings settings);

  /**
   * Makes every access token issued so far expire now: its next use gets 401 {@code invalid_grant}
   * "The access token provided has expired.", while refresh tokens keep working.
   */
  void expireAllTokens();
}
