package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * {@code POST /bulk} (sugar-api.md section 4): checks that every sub-request has a {@code url}
 * before running any, then runs them one after another as the calling user through the same
 * dispatcher as top-level calls, so one failing does not stop the rest. The answer is HTTP 200 with
 * one {@code {contents, headers, status, status_text}} per sub-request, in an array for an array of
 * requests and under the same keys for an object.
 */
public final class BulkEndpoint implements EndpointHandler {
  private final ApiDispatcher dispatcher;

  public BulkEndpoint(ApiDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public ApiResponse handle(ApiRequest request, CallContext context) {
    JsonNode requests = request.args().get("requests");
    if (requests == null || !requests.isContainerNode()) {
      throw SugarApiException.missingParameter("Invalid request - requests is missing");
    }
    List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
    if (requests.isArray()) {
      for (int i = 0; i < requests.size(); i++) {
        items.add(Map.entry(Integer.toString(i), requests.get(i)));
      }
    } else {
      items.addAll(requests.properties());
    }
    for (Map.Entry<String, JsonNode> item : items) {
      JsonNode url = item.getValue().get("url");
      if (url == null || !url.isTextual() || url.asText().isEmpty()) {
        throw SugarApiException.missingParameter("Invalid request - URL is missing");
      }
    }

    ContainerNode<?> out =
        requests.isArray()
            ? JsonNodeFactory.instance.arrayNode()
            : JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> item : items) {
      ApiDispatcher.Outcome outcome =
          dispatcher.dispatch(toIncoming(item.getValue()), request.caller(), context.accessToken());
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      result.set(
          "contents",
          outcome.body() == null ? JsonNodeFactory.instance.nullNode() : outcome.body());
      ObjectNode headers = result.putObject("headers");
      outcome.headers().forEach(headers::put);
      result.put("status", outcome.status());
      result.put("status_text", statusText(outcome.status()));
      if (out.isArray()) {
        ((ArrayNode) out).add(result);
      } else {
        ((ObjectNode) out).set(item.getKey(), result);
      }
    }
    return ApiResponse.ok(out);
  }

  private static ApiDispatcher.Incoming toIncoming(JsonNode sub) {
    String url = sub.get("url").asText();
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String query = q < 0 ? null : url.substring(q + 1);
    JsonNode m = sub.get("method");
    String method =
        m == null || m.isNull() || m.asText().isEmpty()
            ? "GET"
            : m.asText().toUpperCase(Locale.ROOT);
    byte[] body = new byte[0];
    JsonNode data = sub.get("data");
    if (data != null && !data.isNull()) {
      body =
          data.isTextual() ? data.asText().getBytes(StandardCharsets.UTF_8) : PhpJson.encode(data);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = sub.get("headers");
    if (h != null && h.isObject()) {
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
      }
    }
    return new ApiDispatcher.Incoming(
        method, path, query, body, headers.get("content-type"), Map.copyOf(headers));
  }

  private static String statusText(int status) {
    String text = HttpStatus.getMessage(status);
    return text == null ? "" : text;
  }
}
