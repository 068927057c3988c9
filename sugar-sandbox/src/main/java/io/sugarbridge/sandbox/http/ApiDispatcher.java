package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.oauth.OAuthServer;
import io.sugarbridge.sandbox.util.Md5;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one REST call the way Sugar's {@code RestService::execute} does, for a top-level HTTP
 * request and for each {@code /bulk} sub-request alike: resolve the version, find the route (404
 * {@code no_method}), merge the arguments, authenticate, call the handler, and turn the answer or
 * the error into Sugar's response shape (JSON errors with {@code Cache-Control: no-store}, ETags
 * and 304 on GET).
 */
public final class ApiDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

  /**
   * A call as received.
   *
   * @param method upper-case HTTP method
   * @param path the raw (still percent-encoded) path after {@code /rest/}, without the query
   * @param query the raw query string, or null
   * @param body the raw body (may be empty)
   * @param contentType the Content-Type header, or null
   * @param headers request headers with lower-case names
   */
  public record Incoming(
      String method,
      String path,
      String query,
      byte[] body,
      String contentType,
      Map<String, String> headers) {
    /**
     * The web server in front of Sugar (Apache's {@code MergeSlashes}, nginx's {@code
     * merge_slashes}, both on by default) turns repeated slashes into one before Sugar sees the
     * path; a top-level call and a {@code /bulk} sub-request's {@code url} alike.
     */
    public Incoming {
      path = mergeSlashes(path);
    }
  }

  private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

  /** {@code path} with each run of slashes made one, as the web server in front of Sugar does. */
  static String mergeSlashes(String path) {
    return path == null ? null : REPEATED_SLASHES.matcher(path).replaceAll("/");
  }

  /**
   * The answer, before encoding.
   *
   * @param body the JSON body, or null for none (304)
   */
  public record Outcome(int status, JsonNode body, Map<String, String> headers) {}

  private final VersionPolicy versions;
  private Router router;
  private final OAuthServer oauth;
  private final boolean bearerAuth;

  public ApiDispatcher(VersionPolicy versions, OAuthServer oauth, boolean bearerAuth) {
    this.versions = versions;
    this.oauth = oauth;
    this.bearerAuth = bearerAuth;
  }

  /** Sets the routes; separate from construction because {@code /bulk} routes back through here. */
  public void routes(Router router) {
    this.router = router;
  }

  /** Runs a top-level call, authenticating it from its own token. */
  public Outcome dispatch(Incoming in) {
    return dispatch(in, null, null);
  }

  /**
   * Runs a call; a bulk sub-request passes the outer call's caller and token, and runs as that user
   * whatever its own headers say.
   */
  public Outcome dispatch(Incoming in, Caller asCaller, String asToken) {
    try {
      return execute(in, asCaller, asToken);
    } catch (SugarApiException e) {
      return error(e);
    } catch (RuntimeException e) {
      return unexpected(in, e);
    }
  }

  private Outcome execute(Incoming in, Caller asCaller, String asToken) {
    List<String> raw = splitPath(in.path());
    VersionPolicy.Resolved resolved =
        versions.resolve(raw.isEmpty() ? null : raw.get(0), in.headers().get("accept"));
    List<String> rawRest = resolved.fromUrl() ? raw.subList(1, raw.size()) : raw;
    List<String> segments = new ArrayList<>(rawRest.size());
    for (String s : rawRest) {
      segments.add(decodeSegment(s));
    }
    Router.Match match =
        router
            .match(in.method(), resolved.version(), segments)
            .orElseThrow(() -> SugarApiException.noMethod(rawPath(in.path(), resolved.fromUrl())));
    ObjectNode args =
        Arguments.merge(
            Arguments.fromBody(in.body(), in.contentType()),
            Arguments.fromQuery(in.query()),
            match.pathVars());

    Caller caller = asCaller;
    String token = asToken;
    if (caller == null) {
      token = accessToken(in.headers(), "POST".equals(in.method()) ? args : null, bearerAuth);
      if (token != null) {
        if (match.endpoint().requiresLogin()) {
          caller = oauth.verify(token);
        } else {
          try {
            caller = oauth.verify(token);
          } catch (SugarApiException ignored) {
            // Routes without login (oauth2/token) ignore a stale token, as Sugar does.
            token = null;
          }
        }
      }
      if (caller == null && match.endpoint().requiresLogin()) {
        throw needLogin();
      }
    }

    if (asCaller == null && caller != null) {
      checkHashes(in, segments, resolved, caller, token);
    }

    ApiRequest request =
        new ApiRequest(
            in.method(),
            resolved.version().asDouble(),
            List.copyOf(segments),
            args,
            in.headers(),
            caller,
            resolved.version().toString());
    ApiResponse response =
        match.endpoint().handler().handle(request, new EndpointHandler.CallContext(token));
    return success(in, response);
  }

  /**
   * Sugar's hash check (sugar-api.md 6): a client that sends {@code X-Metadata-Hash} or {@code
   * X-Userpref-Hash} gets 412 {@code metadata_out_of_date} with the current hashes when either is
   * stale. Absent headers are not checked; bulk sub-requests, and the metadata, me and oauth2
   * routes that a client uses to resynchronise, are never checked. The hashes are read through the
   * application's own {@code metadata/_hash} and {@code me} routes, only when a header asks.
   */
  private void checkHashes(
      Incoming in,
      List<String> segments,
      VersionPolicy.Resolved resolved,
      Caller caller,
      String token) {
    String clientMeta = in.headers().get("x-metadata-hash");
    String clientUser = in.headers().get("x-userpref-hash");
    if ((clientMeta == null || clientMeta.isEmpty())
        && (clientUser == null || clientUser.isEmpty())) {
      return;
    }
    String first = segments.isEmpty() ? "" : segments.get(0);
    if (first.equals("metadata") || first.equals("me") || first.equals("oauth2")) {
      return;
    }
    ApiResponse meta = internalGet(List.of("metadata", "_hash"), resolved, caller, token);
    String metaHash =
        meta == null || meta.body() == null ? null : meta.body().path("_hash").asText(null);
    ApiResponse me = internalGet(List.of("me"), resolved, caller, token);
    String userHash = null;
    if (me != null) {
      userHash = headerIgnoreCase(me.headers(), "ETag");
      if (userHash == null && me.body() != null) {
        userHash = Md5.hex(PhpJson.encode(me.body()));
      }
    }
    boolean metaStale = clientMeta != null && !clientMeta.isEmpty() && !clientMeta.equals(metaHash);
    boolean userStale = clientUser != null && !clientUser.isEmpty() && !clientUser.equals(userHash);
    if (metaStale || userStale) {
      ObjectNode extra = JsonNodeFactory.instance.objectNode();
      extra.put("metadata_hash", metaHash);
      extra.put("user_hash", userHash);
      throw new SugarApiException(
          412,
          "metadata_out_of_date",
          "Your metadata or user hash did not match the server. Please resync your metadata.",
          extra);
    }
  }

  private ApiResponse internalGet(
      List<String> path, VersionPolicy.Resolved resolved, Caller caller, String token) {
    return router
        .match("GET", resolved.version(), path)
        .map(
            m ->
                m.endpoint()
                    .handler()
                    .handle(
                        new ApiRequest(
                            "GET",
                            resolved.version().asDouble(),
                            path,
                            JsonNodeFactory.instance.objectNode(),
                            Map.of(),
                            caller,
                            resolved.version().toString()),
                        new EndpointHandler.CallContext(token)))
        .orElse(null);
  }

  private Outcome success(Incoming in, ApiResponse response) {
    JsonNode body = response.body() == null ? JsonNodeFactory.instance.nullNode() : response.body();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.putAll(response.headers());
    if ("GET".equals(in.method()) && response.status() == 200) {
      String etag = headerIgnoreCase(response.headers(), "ETag");
      if (etag == null) {
        etag = Md5.hex(PhpJson.encode(body));
      }
      headers.keySet().removeIf(k -> k.equalsIgnoreCase("ETag"));
      headers.put("ETag", etag);
      headers.put("Cache-Control", "max-age=0, private");
      String ifNoneMatch = in.headers().get("if-none-match");
      if (ifNoneMatch != null && etagMatches(ifNoneMatch, etag)) {
        headers.remove("Content-Type");
        return new Outcome(304, null, headers);
      }
    }
    return new Outcome(response.status(), body, headers);
  }

  /** Sugar's error body: error, error_message when not empty, extra keys merged at top level. */
  public static Outcome error(SugarApiException e) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", e.error());
    if (e.getMessage() != null && !e.getMessage().isEmpty()) {
      body.put("error_message", e.getMessage());
    }
    if (e.extra() != null) {
      body.setAll(e.extra());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return new Outcome(e.status(), body, headers);
  }

  private static Outcome unexpected(Incoming in, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        LOG.error("Database failure answering {} /rest/{}", in.method(), in.path(), e);
        return error(
            new SugarApiException(
                500, "db_error", "Database failure. Please refer to sugarcrm.log for details."));
      }
    }
    // The path carries no secrets (tokens travel in headers, bodies or the query, never logged).
    LOG.error("Unexpected failure answering {} /rest/{}", in.method(), in.path(), e);
    return error(
        new SugarApiException(
            500,
            "unknown_error",
            "The sandbox failed unexpectedly ("
                + e.getClass().getSimpleName()
                + "); see the sandbox log for details."));
  }

  /**
   * The access token a call carries, or null: Sugar checks OAuth-Token, then the POST field, then
   * (8.2+) Authorization: Bearer.
   *
   * @param headers request headers with lower-case names
   * @param postFields a POST call's arguments, or null where no POST field may carry the token
   */
  static String accessToken(
      Map<String, String> headers, ObjectNode postFields, boolean bearerAuth) {
    String header = headers.get("oauth-token");
    if (header != null && !header.isEmpty()) {
      return header;
    }
    if (postFields != null) {
      for (String field : new String[] {"oauth_token", "OAuth-Token"}) {
        JsonNode n = postFields.get(field);
        if (n != null && n.isTextual() && !n.asText().isEmpty()) {
          return n.asText();
        }
      }
    }
    String authorization = headers.get("authorization");
    if (bearerAuth && authorization != null && authorization.startsWith("Bearer ")) {
      String t = authorization.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    return null;
  }

  /** Sugar's 401 for a call without an access token on a route that needs one. */
  static SugarApiException needLogin() {
    return new SugarApiException(401, "need_login", "No valid authentication for user.");
  }

  /** Splits on '/', ignoring the leading slash and one trailing slash (routed the same). */
  static List<String> splitPath(String path) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    List<String> out = new ArrayList<>();
    if (!p.isEmpty()) {
      for (String s : p.split("/", -1)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The path after the version as Sugar quotes it in {@code no_method}, e.g. {@code /Foo/bar}. */
  private static String rawPath(String path, boolean versionInUrl) {
    String p = path == null ? "" : path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (versionInUrl) {
      int slash = p.indexOf('/');
      p = slash < 0 ? "" : p.substring(slash + 1);
    }
    return "/" + p;
  }

  private static String decodeSegment(String s) {
    try {
      // A '+' in a path is a plus, not a space (URLDecoder is for forms).
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String headerIgnoreCase(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static boolean etagMatches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        c = c.substring(1, c.length() - 1);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }
}
