package io.sugarbridge.sandbox.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.api.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The sandbox's OAuth2 server, answering as Sugar's does (sugar-api.md section 1): the password and
 * refresh_token grants with single-use refresh tokens, client {@code sugar} with an empty secret
 * plus configured clients, one session per user and platform (two on {@code mobile}), registered
 * platforms only, logout and sudo, and the exact error bodies of 1.2 and 1.4.
 *
 * <p>The {@code client_credentials} grant is refused with {@code unsupported_grant_type} as Sugar
 * does, unless switched on: it then issues an access token for the {@code admin} user with no
 * refresh token (the sandbox has no separate service accounts), valid for the access-token TTL.
 */
public final class OAuthServer {
  /** Client id Sugar creates on first use, with an empty secret. */
  public static final String DEFAULT_CLIENT = "sugar";

  /** Sugar's OAuth2 library accepts these grant_type spellings before looking at support. */
  private static final Pattern GRANT_TYPE =
      Pattern.compile(
          "authorization_code|token|password|client_credentials|refresh_token|none"
              + "|https?://.+|urn:.+");

  private static final String INVALID_TOKEN = "The access token provided is invalid.";

  /** Settings the server needs from the sandbox configuration. */
  public record Settings(
      Duration accessTtl,
      Duration refreshTtl,
      Map<String, String> clients,
      boolean clientCredentialsGrant,
      String clientCredentialsUser) {}

  private final Settings settings;
  private final Map<String, String> clients;
  private final Platforms platforms;
  private final UserDirectory users;
  private final SessionStore store;
  private final Clock clock;

  public OAuthServer(
      Settings settings,
      Platforms platforms,
      UserDirectory users,
      SessionStore store,
      Clock clock) {
    this.settings = settings;
    Map<String, String> c = new LinkedHashMap<>(settings.clients());
    c.putIfAbsent(DEFAULT_CLIENT, "");
    this.clients = Map.copyOf(c);
    this.platforms = platforms;
    this.users = users;
    this.store = store;
    this.clock = clock;
  }

  /**
   * {@code POST oauth2/token}.
   *
   * @param args the merged request arguments (JSON or form body, query string)
   * @param authorization the Authorization header (HTTP Basic client credentials), or null
   */
  public ApiResponse token(ObjectNode args, String authorization) {
    String platform = platformOf(args);
    String grantType = text(args, "grant_type");
    if (grantType == null || !GRANT_TYPE.matcher(grantType).matches()) {
      throw new SugarApiException(
          400, "invalid_request", "Invalid grant_type parameter or parameter missing");
    }
    String[] client = clientCredentials(args, authorization);
    String expected = client[0] == null ? null : clients.get(client[0]);
    String secret = client[1] == null ? "" : client[1];
    if (expected == null || !expected.equals(secret)) {
      throw new SugarApiException(400, "invalid_client", "The client credentials are invalid");
    }
    String clientId = client[0];
    switch (grantType) {
      case "password":
        return passwordGrant(args, clientId, platform);
      case "refresh_token":
        return refreshGrant(args, clientId, platform);
      case "client_credentials":
        if (settings.clientCredentialsGrant()) {
          return clientCredentialsGrant(platform);
        }
        throw new SugarApiException(400, "unsupported_grant_type", null);
      default:
        throw new SugarApiException(400, "unsupported_grant_type", null);
    }
  }

  private ApiResponse passwordGrant(ObjectNode args, String clientId, String platform) {
    String userName = text(args, "username");
    String password = text(args, "password");
    if (isEmpty(userName) || isEmpty(password)) {
      throw new SugarApiException(
          400, "invalid_request", "Missing parameters. \"username\" and \"password\" required");
    }
    Caller caller =
        users
            .authenticate(userName, password, platform)
            .orElseThrow(
                () ->
                    new SugarApiException(
                        401, "need_login", "You must specify a valid username and password."));
    return openSession(caller.userId(), clientId, platform);
  }

  private ApiResponse refreshGrant(ObjectNode args, String clientId, String platform) {
    String refresh = text(args, "refresh_token");
    if (isEmpty(refresh)) {
      throw new SugarApiException(400, "invalid_request", "No \"refresh_token\" parameter found");
    }
    SessionStore.Session session =
        store
            .findSession(refresh)
            .filter(s -> s.clientId().equals(clientId))
            .orElseThrow(
                () -> new SugarApiException(400, "invalid_grant", "Invalid refresh token"));
    long now = clock.millis();
    if (now > session.refreshExpiresAtMillis()) {
      throw new SugarApiException(
          400,
          "invalid_grant",
          "Refresh token has expired: "
              + session.refreshExpiresAtMillis() / 1000
              + " vs "
              + now / 1000);
    }
    if (users.activeUser(session.userId(), platform).isEmpty()) {
      store.closeSession(session.id());
      throw new SugarApiException(400, "invalid_grant", "Invalid refresh token");
    }
    // Rotation: the old refresh token and every access token of its session die now. Closing is
    // also the claim: of concurrent refreshes with one token, only the one that closed it wins.
    if (!store.closeSession(session.id())) {
      throw new SugarApiException(400, "invalid_grant", "Invalid refresh token");
    }
    return openSession(session.userId(), clientId, platform);
  }

  private ApiResponse clientCredentialsGrant(String platform) {
    Caller admin =
        users
            .activeUserByName(settings.clientCredentialsUser(), platform)
            .orElseThrow(
                () ->
                    new SugarApiException(
                        401, "need_login", "You must specify a valid username and password."));
    return standaloneToken(admin.userId(), platform, true);
  }

  private ApiResponse openSession(String userId, String clientId, String platform) {
    long now = clock.millis();
    store.housekeeping(now);
    String access = newToken();
    String refresh = newToken();
    store.openSession(
        userId,
        platform,
        clientId,
        refresh,
        now + settings.refreshTtl().toMillis(),
        access,
        now + settings.accessTtl().toMillis(),
        Platforms.sessionsPerUser(platform));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("access_token", access);
    body.put("expires_in", settings.accessTtl().toSeconds());
    body.put("token_type", "bearer");
    body.putNull("scope");
    body.put("refresh_token", refresh);
    body.put("refresh_expires_in", settings.refreshTtl().toSeconds());
    String download = newToken();
    body.put("download_token", download);
    return new ApiResponse(200, body, Map.of("Set-Cookie", downloadCookie(platform, download)));
  }

  private ApiResponse standaloneToken(String userId, String platform, boolean cookie) {
    String access = newToken();
    store.addStandaloneAccess(
        access, userId, platform, clock.millis() + settings.accessTtl().toMillis());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("access_token", access);
    body.put("expires_in", settings.accessTtl().toSeconds());
    body.put("token_type", "bearer");
    body.putNull("scope");
    String download = newToken();
    body.put("download_token", download);
    return new ApiResponse(
        200, body, cookie ? Map.of("Set-Cookie", downloadCookie(platform, download)) : Map.of());
  }

  private String downloadCookie(String platform, String token) {
    return "download_token_"
        + platform
        + "="
        + token
        + "; Max-Age="
        + settings.refreshTtl().toSeconds()
        + "; Path=/; HttpOnly";
  }

  /**
   * Checks an access token on a normal endpoint (sugar-api.md 1.4).
   *
   * @throws SugarApiException 401 {@code invalid_grant} with the message for unknown, expired or
   *     orphaned tokens
   */
  public Caller verify(String accessToken) {
    SessionStore.Access access =
        store
            .findAccess(accessToken)
            .orElseThrow(() -> new SugarApiException(401, "invalid_grant", INVALID_TOKEN));
    if (clock.millis() > access.expiresAtMillis()) {
      throw new SugarApiException(401, "invalid_grant", "The access token provided has expired.");
    }
    return users
        .activeUser(access.userId(), access.platform())
        .orElseThrow(
            () ->
                new SugarApiException(
                    401, "invalid_grant", "Your authentication token is invalid."));
  }

  /**
   * {@code POST oauth2/logout}: with {@code refresh_token}, ends only that refresh token's session
   * (if it is the caller's); without, revokes the current access token and its session.
   */
  public ApiResponse logout(Caller caller, String accessToken, ObjectNode args) {
    String refresh = text(args, "refresh_token");
    if (!isEmpty(refresh)) {
      store
          .findSession(refresh)
          .filter(s -> s.userId().equals(caller.userId()))
          .ifPresent(s -> store.closeSession(s.id()));
    } else if (accessToken != null) {
      Optional<SessionStore.Access> access = store.findAccess(accessToken);
      store.revokeAccess(accessToken);
      access.map(SessionStore.Access::sessionId).ifPresent(store::closeSession);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("success", true);
    return ApiResponse.ok(body);
  }

  /** {@code POST oauth2/sudo/{user_name}}: an admin acts as another user (no refresh token). */
  public ApiResponse sudo(Caller caller, String userName, ObjectNode args) {
    if (!caller.admin()) {
      throw SugarApiException.notAuthorized();
    }
    String platform = platformOf(args);
    String clientId = text(args, "client_id");
    if (!isEmpty(clientId) && !clients.containsKey(clientId)) {
      throw new SugarApiException(400, "invalid_client", "The client credentials are invalid");
    }
    Caller target =
        users
            .activeUserByName(userName, platform)
            .orElseThrow(() -> SugarApiException.notFound("Could not find user: " + userName));
    return standaloneToken(target.userId(), platform, false);
  }

  /** Forces every access token issued so far to expire now. */
  public void expireAllAccessTokens() {
    store.expireAllAccess(clock.millis() - 1000);
  }

  private String platformOf(ObjectNode args) {
    String platform = text(args, "platform");
    if (isEmpty(platform)) {
      platform = "base";
    }
    if (!platforms.accepts(platform)) {
      throw SugarApiException.invalidParameter("Invalid platform specified.");
    }
    return platform;
  }

  /** Client id and secret from the body, else from HTTP Basic as the OAuth2 library allows. */
  private static String[] clientCredentials(ObjectNode args, String authorization) {
    String id = text(args, "client_id");
    if (!isEmpty(id)) {
      return new String[] {id, text(args, "client_secret")};
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        }
      } catch (IllegalArgumentException e) {
        // Not Base64: the client is simply unknown, answered below as invalid_client.
      }
    }
    return new String[] {null, null};
  }

  private static String text(ObjectNode args, String name) {
    JsonNode n = args.get(name);
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  private static String newToken() {
    return UUID.randomUUID().toString();
  }
}
