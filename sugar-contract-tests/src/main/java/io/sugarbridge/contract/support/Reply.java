package io.sugarbridge.contract.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One HTTP answer exactly as the server sent it: status, headers and the raw body text (kept raw so
 * tests can check Sugar's PHP-style escaping byte for byte). {@link #toString()} is what assertion
 * messages show; tokens in it are redacted.
 */
public final class Reply {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern TOKENS =
      Pattern.compile(
          "\"(access_token|refresh_token|download_token|oauth_token)\"\\s*:\\s*\"[^\"]*\"");

  private final String method;
  private final String path;
  private final int status;
  private final HttpHeaders headers;
  private final String body;
  private JsonNode json;

  public Reply(String method, String path, int status, HttpHeaders headers, String body) {
    this.method = method;
    this.path = path;
    this.status = status;
    this.headers = headers;
    this.body = body == null ? "" : body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The body parsed as JSON; fails the test (with the redacted body) if it is not JSON. */
  public JsonNode json() {
    if (json == null) {
      try {
        json = MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("expected a JSON body but got: " + this, e);
      }
      if (json == null || json.isMissingNode()) {
        throw new AssertionError("expected a JSON body but got an empty one: " + this);
      }
    }
    return json;
  }

  /** {@code error} of a Sugar error body, or {@code null}. */
  public String error() {
    JsonNode e = json().get("error");
    return e == null || e.isNull() ? null : e.asText();
  }

  /** {@code error_message} of a Sugar error body, or {@code null} when absent. */
  public String errorMessage() {
    JsonNode e = json().get("error_message");
    return e == null || e.isNull() ? null : e.asText();
  }

  /** {@code Content-Type} without parameters, lower case, or empty. */
  public String mediaType() {
    return header("Content-Type")
        .map(v -> (v.indexOf(';') < 0 ? v : v.substring(0, v.indexOf(';'))).trim())
        .map(v -> v.toLowerCase(java.util.Locale.ROOT))
        .orElse("");
  }

  @Override
  public String toString() {
    String shown = TOKENS.matcher(body).replaceAll("\"$1\":\"<redacted>\"");
    if (shown.length() > 1500) {
      shown = shown.substring(0, 1500) + "...(" + body.length() + " chars)";
    }
    return method + " " + path + " -> HTTP " + status + " " + shown;
  }
}
