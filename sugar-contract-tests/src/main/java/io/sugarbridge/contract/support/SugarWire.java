package io.sugarbridge.contract.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw HTTP to the server under test with the JDK {@link HttpClient}: no sugarbridge client code in
 * between, because this suite checks the dialect itself. Builds requests under {@code
 * /rest/v{version}/}, logs the configured user in on demand (platform {@code sugarbridge} unless
 * configured otherwise) and keeps that admin session's token for ordinary calls.
 */
public final class SugarWire {
  private final SugarTarget target;
  private final HttpClient http;
  private volatile String sessionToken;
  private volatile Boolean admin;
  private volatile String userId;

  public SugarWire(SugarTarget target) {
    this.target = target;
    // HTTP/1.1 as PHP front ends speak it; redirects are never followed because Sugar answers
    // version errors with 301 and those answers are what the tests inspect.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public SugarTarget target() {
    return target;
  }

  /** A request to {@code /rest/v{default version}{path}}, sent with the suite's session token. */
  public Call call(String method, String path) {
    return new Call(method, "/rest/v" + target.version() + path).withSessionToken();
  }

  /** A request to {@code /rest/{versionSegment}{path}}, e.g. {@code ("v11_5", "/ping")}. */
  public Call callVersion(String versionSegment, String method, String path) {
    return new Call(method, "/rest/" + versionSegment + path).withSessionToken();
  }

  /** A request to an exact path on the instance (for version-less and malformed URLs). */
  public Call raw(String method, String fullPath) {
    return new Call(method, fullPath);
  }

  public Reply get(String path) {
    return call("GET", path).send();
  }

  public Reply post(String path, JsonNode body) {
    return call("POST", path).json(body).send();
  }

  public Reply put(String path, JsonNode body) {
    return call("PUT", path).json(body).send();
  }

  public Reply delete(String path) {
    return call("DELETE", path).send();
  }

  /** {@code POST /oauth2/token} with this body, no token; the raw answer. */
  public Reply token(JsonNode body) {
    return new Call("POST", "/rest/v" + target.version() + "/oauth2/token").json(body).send();
  }

  /** A password-grant body for the configured user on the given platform. */
  public ObjectNode passwordGrant(String platform) {
    return passwordGrant(target.username(), target.password(), platform);
  }

  public ObjectNode passwordGrant(String userName, Secret password, String platform) {
    ObjectNode b = Json.object();
    b.put("grant_type", "password");
    b.put("client_id", target.clientId());
    b.put("client_secret", target.clientSecret().reveal());
    b.put("username", userName);
    b.put("password", password.reveal());
    if (platform != null) {
      b.put("platform", platform);
    }
    return b;
  }

  public ObjectNode refreshGrant(String refreshToken, String platform) {
    ObjectNode b = Json.object();
    b.put("grant_type", "refresh_token");
    b.put("refresh_token", refreshToken);
    b.put("client_id", target.clientId());
    b.put("client_secret", target.clientSecret().reveal());
    b.put("platform", platform);
    return b;
  }

  /**
   * Logs the configured user in on the suite's platform and returns the grant. This replaces the
   * session the suite itself uses (one session per user and platform), so the next ordinary call
   * logs in again.
   */
  public Grant login() {
    return login(target.username(), target.password(), target.platform());
  }

  /** Logs a user in; fails the test unless the server answers 200 with an access token. */
  public Grant login(String userName, Secret password, String platform) {
    if (userName.equals(target.username()) && platform.equals(target.platform())) {
      sessionToken = null;
    }
    Reply r = token(passwordGrant(userName, password, platform));
    if (r.status() != 200 || !r.json().path("access_token").isTextual()) {
      throw new AssertionError(
          "login of "
              + userName
              + " on platform "
              + platform
              + " failed (check the credentials and that the platform is registered): "
              + r);
    }
    return new Grant(r.json());
  }

  /** The access token of the suite's own session, logging in when there is none. */
  public String sessionToken() {
    String t = sessionToken;
    if (t == null) {
      synchronized (this) {
        if (sessionToken == null) {
          sessionToken = login().accessToken();
        }
        t = sessionToken;
      }
    }
    return t;
  }

  /** Forget the suite's token (after a test logged the same user in again, or out). */
  public void forgetSession() {
    sessionToken = null;
  }

  /** Whether the configured user is a Sugar administrator ({@code /me} type {@code admin}). */
  public boolean isAdmin() {
    if (admin == null) {
      readMe();
    }
    return admin;
  }

  /** The configured user's id, from {@code /me}. */
  public String userId() {
    if (userId == null) {
      readMe();
    }
    return userId;
  }

  private void readMe() {
    Reply me = get("/me");
    if (me.status() != 200) {
      throw new AssertionError("GET /me failed, cannot tell who the suite runs as: " + me);
    }
    JsonNode u = me.json().path("current_user");
    admin = "admin".equals(u.path("type").asText());
    userId = u.path("id").asText();
  }

  /** {@code key=value} with both parts URL-encoded (brackets and all). */
  public static String q(String key, String value) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8)
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An access token plus the rest of a successful grant. */
  public record Grant(JsonNode body) {
    public String accessToken() {
      return body.path("access_token").asText();
    }

    public String refreshToken() {
      return body.path("refresh_token").asText();
    }

    @Override
    public String toString() {
      return "Grant[tokens redacted]";
    }
  }

  /** One request being built; {@link #send()} sends it. */
  public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private String token;
    // The suite's session token is looked up when the request is sent, not when it is built: a
    // test that logs in again and then sets its own token must not trigger a login that would
    // end the very session it is about to use.
    private boolean useSession;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Sends this token as {@code OAuth-Token}; {@code null} sends none. */
    public Call token(String accessToken) {
      this.token = accessToken;
      this.useSession = false;
      return this;
    }

    /** Sends the suite's own session token (logging in first if there is none). */
    public Call withSessionToken() {
      this.token = null;
      this.useSession = true;
      return this;
    }

    public Call anonymous() {
      return token(null);
    }

    public Call json(JsonNode value) {
      return body(Json.write(value), "application/json");
    }

    /** A body sent as is; {@code contentType} null sends no {@code Content-Type}. */
    public Call body(String raw, String contentType) {
      this.body = raw;
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      return this;
    }

    public Call form(Map<String, String> fields) {
      String encoded =
          fields.entrySet().stream()
              .map(e -> q(e.getKey(), e.getValue()))
              .collect(Collectors.joining("&"));
      return body(encoded, "application/x-www-form-urlencoded");
    }

    /** Sends the request; an I/O failure (e.g. a dropped connection) is an unchecked exception. */
    public Reply send() {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
              .timeout(Duration.ofSeconds(60))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      String t = useSession ? SugarWire.this.sessionToken() : token;
      if (t != null) {
        b.header("OAuth-Token", t);
      }
      headers.forEach(b::header);
      try {
        HttpResponse<String> r =
            http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(method, path, r.statusCode(), r.headers(), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during " + method + " " + path, e);
      }
    }
  }
}
