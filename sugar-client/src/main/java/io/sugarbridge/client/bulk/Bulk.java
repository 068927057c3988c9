package io.sugarbridge.client.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.error.ErrorContext;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import io.sugarbridge.common.error.SugarbridgeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /bulk}: many sub-requests in one HTTP call, run in order by Sugar under the caller's
 * user, each with its own result. The whole call is authenticated and retried like any other call
 * (a 401 on the bulk call renews the token once); items are never retried individually here,
 * because which of them are safe to repeat is the caller's decision.
 */
public final class Bulk {
  private final ApiCaller api;

  public Bulk(ApiCaller api) {
    this.api = api;
  }

  /**
   * Sends the sub-requests and returns one result per request, in the same order. A 500 answer to
   * the whole call is not retried: some items may have run before it.
   */
  public List<BulkResult> execute(List<BulkRequest> requests) {
    return execute(requests, false);
  }

  /**
   * Like {@link #execute(List)}; {@code safeToRepeat} declares that sending every item again does
   * no harm (updates setting the same values, upserts by a key, writes the caller checks before it
   * trusts them), so that a 500 answer to the whole call is retried like a read ({@link
   * io.sugarbridge.client.http.RetryPolicy}).
   */
  public List<BulkResult> execute(List<BulkRequest> requests, boolean safeToRepeat) {
    if (requests.isEmpty()) {
      return List.of();
    }
    String version = "/" + api.versions().current().pathSegment();
    ObjectNode body = api.json().createObjectNode();
    ArrayNode items = body.putArray("requests");
    for (BulkRequest r : requests) {
      ObjectNode item = items.addObject();
      item.put("url", version + r.path());
      item.put("method", r.method());
      if (r.data() != null) {
        // The documented form is a JSON-encoded string; every server version accepts it.
        item.put("data", r.data().toString());
      }
      if (!r.headers().isEmpty()) {
        ObjectNode h = item.putObject("headers");
        r.headers().forEach(h::put);
      }
    }
    SugarRequest call = SugarRequest.post("/bulk", body);
    JsonNode answer = api.call(safeToRepeat ? call.asIdempotent() : call);
    List<JsonNode> results = results(answer);
    if (results.size() != requests.size()) {
      throw new SugarbridgeException(
          "Sugar's /bulk answer has "
              + results.size()
              + " results for "
              + requests.size()
              + " requests; the outcome of each item is unknown, so check the records before"
              + " retrying");
    }
    ErrorContext context = api.errorContext();
    List<BulkResult> out = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      JsonNode r = results.get(i);
      out.add(
          new BulkResult(
              r.path("status").isMissingNode() || r.path("status").isNull()
                  ? 200
                  : r.path("status").asInt(200),
              r.get("contents"),
              headers(r.get("headers")),
              requests.get(i),
              context));
    }
    return out;
  }

  /**
   * The per-item answers in request order. Sugar answers in the shape of the request's keys; an
   * object answer (keys "0", "1", ...) is ordered by its numeric keys, since JSON member order is
   * not guaranteed to follow them.
   */
  private static List<JsonNode> results(JsonNode answer) {
    List<JsonNode> results = new ArrayList<>();
    if (answer.isArray()) {
      answer.forEach(results::add);
    } else if (answer.isObject()) {
      Map<Integer, JsonNode> byIndex = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = answer.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().matches("\\d{1,9}")) {
          throw new SugarbridgeException(
              "Sugar's /bulk answer has the key '"
                  + e.getKey()
                  + "' where an item index was expected; the outcome of each item is unknown, so"
                  + " check the records before retrying");
        }
        byIndex.put(Integer.parseInt(e.getKey()), e.getValue());
      }
      results.addAll(byIndex.values());
    }
    return results;
  }

  private static Map<String, String> headers(JsonNode h) {
    Map<String, String> out = new LinkedHashMap<>();
    if (h != null && h.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = h.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(
            e.getKey(),
            e.getValue().isArray() ? e.getValue().path(0).asText() : e.getValue().asText());
      }
    }
    return out;
  }
}
