package io.sugarbridge.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.config.GrantType;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.SessionConflictException;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.error.SugarError;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import io.sugarbridge.client.http.TokenSource;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.SugarbridgeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the OAuth2 session of one client: mints a token on first use (password or client_credentials
 * grant), shares it with every thread, refreshes it shortly before it expires, and renews it once
 * when Sugar rejects it. Sugar's refresh tokens are single-use, so every grant happens under one
 * lock: a thread that finds a renewal in progress waits for its result instead of refreshing again.
 * A failed refresh falls back to a new password grant.
 *
 * <p>Sugar keeps one session per user and platform, so another program logging in with the same
 * user and platform silently ends this one. Each such early loss is logged; when it happens {@value
 * #CONFLICT_LIMIT} times within {@link #CONFLICT_WINDOW}, renewing gives up with a {@link
 * SessionConflictException} instead of fighting the other program for the session.
 */
public final class TokenManager implements TokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);

  /** Early session losses tolerated within {@link #CONFLICT_WINDOW} before giving up. */
  static final int CONFLICT_LIMIT = 3;

  static final Duration CONFLICT_WINDOW = Duration.ofMinutes(10);

  private final SugarClientConfig config;
  private final ApiCaller caller;
  private final Clock clock;
  private final Duration maxRefreshMargin;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Instant> earlyLosses = new ArrayDeque<>();
  private volatile OAuthSession current;
  private volatile int grantsIssued;

  /**
   * @param maxRefreshMargin how long before expiry to refresh at most (a tenth of the lifetime is
   *     used for short-lived tokens)
   */
  public TokenManager(
      SugarClientConfig config, ApiCaller caller, Clock clock, Duration maxRefreshMargin) {
    this.config = config;
    this.caller = caller;
    this.clock = clock;
    this.maxRefreshMargin = maxRefreshMargin;
  }

  @Override
  public String token() {
    OAuthSession s = current;
    if (s != null && clock.instant().isBefore(s.refreshAt())) {
      return s.accessToken().reveal();
    }
    if (s != null && clock.instant().isBefore(s.expiresAt())) {
      if (!lock.tryLock()) {
        // Another thread is renewing ahead of expiry; the current token still works, so use it
        // rather than queue behind the renewal's network round trip.
        return s.accessToken().reveal();
      }
    } else {
      lock.lock();
    }
    try {
      s = current;
      if (s != null && clock.instant().isBefore(s.refreshAt())) {
        return s.accessToken().reveal();
      }
      try {
        current = renew(s);
      } catch (SugarbridgeException e) {
        OAuthSession now = current;
        if (now != null && clock.instant().isBefore(now.expiresAt())) {
          // A proactive refresh failed, but the token has not expired yet: keep working with it
          // and try again on a later call.
          LOG.warn(
              "Renewing the token of user {} on platform {} ahead of expiry failed; using the"
                  + " current one until {}: {}",
              config.username(),
              config.platform(),
              now.expiresAt(),
              e.getMessage());
          return now.accessToken().reveal();
        }
        throw e;
      }
      return current.accessToken().reveal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String renewAfterRejection(String failedToken) {
    lock.lock();
    try {
      OAuthSession s = current;
      if (s != null && !s.accessToken().reveal().equals(failedToken)) {
        // Another thread already renewed; the request only carried an older token.
        return s.accessToken().reveal();
      }
      if (s != null && clock.instant().isBefore(s.refreshAt())) {
        noteEarlyLoss();
      }
      current = renew(s);
      return current.accessToken().reveal();
    } finally {
      lock.unlock();
    }
  }

  /** The session in use, or null before the first call and after {@link #logout()}. */
  public OAuthSession session() {
    return current;
  }

  /** Grants (password, refresh, client_credentials) obtained so far; for diagnostics and tests. */
  public int grantsIssued() {
    return grantsIssued;
  }

  /**
   * Revokes the session on the server ({@code POST /oauth2/logout}) and forgets it; the next call
   * logs in again. A session the server already ended counts as logged out.
   */
  public void logout() {
    lock.lock();
    try {
      OAuthSession s = current;
      current = null;
      if (s == null) {
        return;
      }
      try {
        ObjectNode body = caller.json().createObjectNode();
        caller.callWithoutToken(
            SugarRequest.post("/oauth2/logout", body)
                .withHeader("OAuth-Token", s.accessToken().reveal()),
            false);
      } catch (SugarApiException e) {
        if (e.httpStatus() != 401) {
          throw e;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held. */
  private OAuthSession renew(OAuthSession previous) {
    if (previous != null
        && !previous.refreshToken().isEmpty()
        && (previous.refreshExpiresAt() == null
            || clock.instant().isBefore(previous.refreshExpiresAt()))) {
      // Sugar's refresh tokens are single-use: once this one is on the wire it counts as spent,
      // whatever happens to the answer, so it is forgotten before sending and the grant is never
      // retried. Any failure falls back to a password grant.
      current = previous.withoutRefreshToken();
      try {
        return grant(refreshBody(previous.refreshToken()), "refresh_token", false);
      } catch (SugarbridgeException e) {
        LOG.info(
            "Refresh grant failed for user {} on platform {} ({}); logging in again",
            config.username(),
            config.platform(),
            e instanceof SugarApiException a && a.serverMessage() != null
                ? a.serverMessage()
                : e.getClass().getSimpleName());
      }
    }
    return grant(initialBody(), config.grantType().wireName(), true);
  }

  private ObjectNode initialBody() {
    ObjectNode b = caller.json().createObjectNode();
    b.put("grant_type", config.grantType().wireName());
    b.put("client_id", config.clientId());
    b.put("client_secret", config.clientSecret().reveal());
    if (config.grantType() == GrantType.PASSWORD) {
      b.put("username", config.username());
      b.put("password", config.password().reveal());
    }
    b.put("platform", config.platform());
    return b;
  }

  private ObjectNode refreshBody(Secret refreshToken) {
    ObjectNode b = caller.json().createObjectNode();
    b.put("grant_type", "refresh_token");
    b.put("refresh_token", refreshToken.reveal());
    b.put("client_id", config.clientId());
    b.put("client_secret", config.clientSecret().reveal());
    b.put("platform", config.platform());
    return b;
  }

  private OAuthSession grant(ObjectNode body, String grantName, boolean retryable) {
    Instant issued = clock.instant();
    SugarRequest request = SugarRequest.post("/oauth2/token", body);
    if (retryable) {
      // A password or client_credentials grant asked twice only issues another token.
      request = request.asIdempotent();
    }
    JsonNode r =
        retryable
            ? caller.callWithoutToken(request, true)
            : caller.callOnceWithoutToken(request, true);
    JsonNode access = r.get("access_token");
    if (access == null || !access.isTextual() || access.asText().isEmpty()) {
      throw new SugarbridgeException(
          "Sugar's /oauth2/token answer has no access_token: check that instance_url points at a"
              + " Sugar instance");
    }
    long expiresIn = r.path("expires_in").asLong(3600);
    Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
    Duration margin = lifetime.dividedBy(10);
    if (margin.compareTo(maxRefreshMargin) > 0) {
      margin = maxRefreshMargin;
    }
    JsonNode refreshIn = r.get("refresh_expires_in");
    Instant refreshExpires =
        refreshIn == null || !refreshIn.isNumber() ? null : issued.plusSeconds(refreshIn.asLong());
    grantsIssued++;
    LOG.debug(
        "Obtained a token by {} grant for user {} on platform {}, valid {} s",
        grantName,
        config.username(),
        config.platform(),
        expiresIn);
    return new OAuthSession(
        Secret.of(access.asText()),
        Secret.of(r.path("refresh_token").asText("")),
        issued,
        issued.plus(lifetime),
        issued.plus(lifetime).minus(margin),
        refreshExpires);
  }

  private void noteEarlyLoss() {
    Instant now = clock.instant();
    earlyLosses.addLast(now);
    while (!earlyLosses.isEmpty() && earlyLosses.peekFirst().isBefore(now.minus(CONFLICT_WINDOW))) {
      earlyLosses.removeFirst();
    }
    LOG.warn(
        "Sugar ended the session of user {} on platform {} before it expired; another login with"
            + " the same user and platform may have displaced it",
        config.username(),
        config.platform());
    if (earlyLosses.size() >= CONFLICT_LIMIT) {
      earlyLosses.clear();
      SugarError e =
          new SugarError(
              401,
              "invalid_grant",
              "session ended early " + CONFLICT_LIMIT + " times",
              "POST",
              "/oauth2/token",
              null,
              null);
      throw new SessionConflictException(
          e,
          "Sugar ended the session of user '"
              + config.username()
              + "' on platform '"
              + config.platform()
              + "' "
              + CONFLICT_LIMIT
              + " times within "
              + CONFLICT_WINDOW.toMinutes()
              + " minutes: another program logs in with the same user and platform, and Sugar"
              + " keeps one session per user and platform. Give each integration its own platform"
              + " (Admin > Configure API Platforms) or its own user");
    }
  }
}
