package io.sugarbridge.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call to Sugar, before versioning and authentication: method, path below the version segment
 * (e.g. {@code /Accounts/123}), query parameters, optional JSON body and extra headers. Immutable.
 *
 * @param method HTTP method
 * @param path path below {@code /rest/v…}, starting with '/'
 * @param query query parameters, already plain values (encoded when sent)
 * @param body JSON body or null
 * @param headers extra headers, e.g. {@code X-Timestamp}
 * @param declaredIdempotent the caller declares that sending this request twice does no harm (e.g.
 *     a {@code /bulk} whose every item is safe to repeat), so a 500 may be retried; requests that
 *     are idempotent by {@link RetryPolicy#isIdempotent} need not declare it
 */
public record SugarRequest(
    String method,
    String path,
    Map<String, String> query,
    JsonNode body,
    Map<String, String> headers,
    boolean declaredIdempotent) {

  public SugarRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    query =
        query == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public SugarRequest(
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      Map<String, String> headers) {
    this(method, path, query, body, headers, false);
  }

  /** Whether a 500 answer to this request may be retried ({@link RetryPolicy#isIdempotent}). */
  public boolean idempotent() {
    return declaredIdempotent || RetryPolicy.isIdempotent(method, path, headers);
  }

  /**
   * This request, declared safe to send twice: for the caller that knows a repeat does no harm (an
   * upsert, or writes whose outcome it checks), so that a 500 is retried like a read.
   */
  public SugarRequest asIdempotent() {
    return new SugarRequest(method, path, query, body, headers, true);
  }

  public static SugarRequest get(String path) {
    return new SugarRequest("GET", path, null, null, null);
  }

  public static SugarRequest get(String path, Map<String, String> query) {
    return new SugarRequest("GET", path, query, null, null);
  }

  public static SugarRequest post(String path, JsonNode body) {
    return new SugarRequest("POST", path, null, body, null);
  }

  public static SugarRequest put(String path, JsonNode body) {
    return new SugarRequest("PUT", path, null, body, null);
  }

  public static SugarRequest patch(String path, JsonNode body) {
    return new SugarRequest("PATCH", path, null, body, null);
  }

  public static SugarRequest delete(String path) {
    return new SugarRequest("DELETE", path, null, null, null);
  }

  public SugarRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new SugarRequest(method, path, query, body, h, declaredIdempotent);
  }
}
