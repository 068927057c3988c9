package io.sugarbridge.client.auth;

import io.sugarbridge.common.config.Secret;
import java.time.Instant;

/**
 * One OAuth2 session: the tokens (as {@link Secret}, so they never print) and when they were
 * issued, expire and are due for a proactive refresh.
 *
 * @param refreshExpiresAt when the refresh token expires, or null if the server did not say
 */
public record OAuthSession(
    Secret accessToken,
    Secret refreshToken,
    Instant issuedAt,
    Instant expiresAt,
    Instant refreshAt,
    Instant refreshExpiresAt) {

  /** This session with its refresh token spent: the access token stays usable until it expires. */
  public OAuthSession withoutRefreshToken() {
    return new OAuthSession(accessToken, Secret.empty(), issuedAt, expiresAt, refreshAt, null);
  }
}
