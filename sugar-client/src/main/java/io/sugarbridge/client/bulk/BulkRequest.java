package io.sugarbridge.client.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * One sub-request of a {@code /bulk} call: method, path below the version (e.g. {@code /Accounts}
 * or {@code /Accounts/123?fields=name}), optional JSON body and headers. The client adds the
 * version segment, so callers never write {@code /v11_4/…}.
 */
public record BulkRequest(String method, String path, JsonNode data, Map<String, String> headers) {
  public BulkRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("bulk path must start with '/': " + path);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public static BulkRequest get(String path) {
    return new BulkRequest("GET", path, null, null);
  }

  public static BulkRequest post(String path, JsonNode data) {
    return new BulkRequest("POST", path, data, null);
  }

  public static BulkRequest put(String path, JsonNode data) {
    return new BulkRequest("PUT", path, data, null);
  }

  public static BulkRequest delete(String path) {
    return new BulkRequest("DELETE", path, null, null);
  }
}
