package io.sugarbridge.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the Sugar application answers to one {@link ApiRequest}: an HTTP status, a JSON body (a
 * scalar, such as {@code "pong"}, is allowed) and extra response headers.
 */
public record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

  /** A 200 answer with no extra headers. */
  public static ApiResponse ok(JsonNode body) {
    return new ApiResponse(200, body, Map.of());
  }
}
