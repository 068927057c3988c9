package io.sugarbridge.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sugarbridge.client.error.ErrorContext;
import io.sugarbridge.client.error.SugarError;
import io.sugarbridge.client.error.SugarErrorMapper;
import io.sugarbridge.client.error.UnsupportedApiVersionException;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link SugarRequest} into an authenticated, versioned HTTP call and its JSON answer:
 * builds {@code /rest/v…/path?query}, sends the token as {@code OAuth-Token}, and on a 401 {@code
 * invalid_grant} or {@code need_login} renews the token once and retries once (okhttp's
 * Authenticator rule: never loop). Failed answers become exceptions through {@link
 * SugarErrorMapper}. Shared by every typed operation; not meant for application code.
 */
public final class ApiCaller {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCaller.class);
  private static final Set<String> REAUTH_CODES = Set.of("invalid_grant", "need_login");
  private static final String USER_AGENT = "sugarbridge-client/0.1";

  private final URI instanceUrl;
  private final SugarTransport transport;
  private final VersionSource versions;
  private final ObjectMapper json;
  private final ErrorContext baseContext;
  private volatile TokenSource tokens;

  public ApiCaller(
      URI instanceUrl,
      SugarTransport transport,
      VersionSource versions,
      ObjectMapper json,
      ErrorContext baseContext) {
    this.instanceUrl = instanceUrl;
    this.transport = transport;
    this.versions = versions;
    this.json = json;
    this.baseContext = baseContext;
  }

  /** Wires the token source (the auth layer is built after this caller, which it uses). */
  public void tokens(TokenSource source) {
    this.tokens = source;
  }

  public ObjectMapper json() {
    return json;
  }

  public VersionSource versions() {
    return versions;
  }

  public URI instanceUrl() {
    return instanceUrl;
  }

  /** What error messages need to know about this client, with the API version in use. */
  public ErrorContext errorContext() {
    return new ErrorContext(
        baseContext.instanceUrl(),
        baseContext.username(),
        baseContext.platform(),
        baseContext.clientId(),
        versions.current().toString(),
        false,
        1);
  }

  /** Sends an authenticated call and returns the parsed JSON answer. */
  public JsonNode call(SugarRequest request) {
    return exchange(request).body();
  }

  /** Sends an authenticated call and returns status and body of the successful answer. */
  public ApiAnswer exchange(SugarRequest request) {
    ApiVersion version = versions.current();
    TokenSource source = this.tokens;
    String token = source.token();
    SugarResponse response = send(version, request, token, null);
    if (response.status() == 401) {
      SugarError first = parse(response, request, version);
      if (first.code() == null || REAUTH_CODES.contains(first.code())) {
        String retryToken = source.renewAfterRejection(token);
        response = send(version, request, retryToken, null);
      }
    }
    return new ApiAnswer(response.status(), answer(response, request, version, false));
  }

  /** Like {@link #call} but first checks that the version in use is at least {@code minimum}. */
  public JsonNode call(SugarRequest request, ApiVersion minimum, String operation) {
    requireVersion(minimum, operation);
    return call(request);
  }

  /** Sends a call without a token (the token endpoint); {@code tokenCall} shapes error advice. */
  public JsonNode callWithoutToken(SugarRequest request, boolean tokenCall) {
    ApiVersion version = versions.current();
    return answer(send(version, request, null, null), request, version, tokenCall);
  }

  /**
   * Like {@link #callWithoutToken(SugarRequest, boolean)} but sent exactly once, never retried: for
   * a request whose repetition would do harm, such as spending a single-use refresh token.
   */
  public JsonNode callOnceWithoutToken(SugarRequest request, boolean tokenCall) {
    ApiVersion version = versions.current();
    return answer(send(version, request, null, RetryPolicy.none()), request, version, tokenCall);
  }

  /**
   * Fails before sending when the version in use is lower than an operation needs.
   *
   * @throws UnsupportedApiVersionException naming the operation, the needed and the used version
   */
  public void requireVersion(ApiVersion minimum, String operation) {
    ApiVersion v = versions.current();
    if (v.isAtLeast(minimum)) {
      return;
    }
    String advice;
    ApiVersion max = versions.serverMaximum();
    if (versions.configured() && (max == null || max.isAtLeast(minimum))) {
      advice = "; raise api_version to " + minimum + " or higher, or remove it to discover it";
    } else {
      advice = "; the server serves at most " + v + ", so upgrade Sugar to use it";
    }
    SugarError e =
        new SugarError(0, "version_too_low", "needs API " + minimum, "-", operation, null, null);
    throw new UnsupportedApiVersionException(
        e, operation + " needs Sugar REST API " + minimum + " but this client uses " + v + advice);
  }

  /** {@code policy} null means the transport's own retry rule. */
  private SugarResponse send(
      ApiVersion version, SugarRequest request, String token, RetryPolicy policy) {
    URI uri = uri(version, request);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put("User-Agent", USER_AGENT);
    byte[] body = null;
    if (request.body() != null) {
      headers.put("Content-Type", "application/json");
      try {
        body = json.writeValueAsBytes(request.body());
      } catch (IOException e) {
        throw new SugarbridgeException("Cannot encode the request body as JSON", e);
      }
    }
    if (token != null) {
      headers.put("OAuth-Token", token);
    }
    headers.putAll(request.headers());
    if (LOG.isTraceEnabled()) {
      StringBuilder h = new StringBuilder();
      headers.forEach((k, v) -> h.append(k).append('=').append(Redaction.header(k, v)).append(' '));
      LOG.trace(
          "{} {} headers: {}body: {}",
          request.method(),
          logPath(version, request),
          h,
          Redaction.json(request.body()));
    }
    String path = logPath(version, request);
    return transport.execute(
        request.method(),
        uri,
        headers,
        body,
        path,
        policy == null ? transport.policy() : policy,
        request.idempotent());
  }

  private JsonNode answer(
      SugarResponse response, SugarRequest request, ApiVersion version, boolean tokenCall) {
    if (response.isSuccess() || response.status() == 304) {
      byte[] b = response.body();
      if (b == null || b.length == 0) {
        return NullNode.getInstance();
      }
      try {
        return json.readTree(b);
      } catch (IOException e) {
        SugarError err =
            new SugarError(
                response.status(),
                null,
                null,
                request.method(),
                logPath(version, request),
                null,
                SugarErrorMapper.excerpt(new String(b, StandardCharsets.UTF_8)));
        throw new io.sugarbridge.client.error.SugarApiException(
            err,
            "Sugar answered with a body that is not JSON: check that instance_url points at Sugar"
                + " itself, not a login page or proxy");
      }
    }
    SugarError err = parse(response, request, version);
    ErrorContext ctx =
        new ErrorContext(
            baseContext.instanceUrl(),
            baseContext.username(),
            baseContext.platform(),
            baseContext.clientId(),
            version.toString(),
            tokenCall,
            response.attempts());
    throw SugarErrorMapper.toException(err, ctx);
  }

  private SugarError parse(SugarResponse response, SugarRequest request, ApiVersion version) {
    return SugarErrorMapper.parse(
        response.status(), response.body(), request.method(), logPath(version, request));
  }

  private URI uri(ApiVersion version, SugarRequest request) {
    StringBuilder b = new StringBuilder(instanceUrl.toString());
    b.append("/rest/").append(version.pathSegment()).append(request.path());
    if (!request.query().isEmpty()) {
      StringJoiner q = new StringJoiner("&");
      request.query().forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
      b.append('?').append(q);
    }
    return URI.create(b.toString());
  }

  private static String logPath(ApiVersion version, SugarRequest request) {
    return "/rest/" + version.pathSegment() + request.path();
  }

  /** Encodes one path segment or query value (spaces as %20). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
