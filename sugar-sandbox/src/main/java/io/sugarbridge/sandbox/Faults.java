package io.sugarbridge.sandbox;

/** The run-time switchboard for injected faults (also reachable over HTTP by an admin). */
public interface Faults {
  FaultSettings current();

  void set(FaultSettings settings);

  /** Makes every access token issued so far invalid at its next use, as if it had expired. */
  void expireAllTokens();
}
