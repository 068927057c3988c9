package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer to a tracking request, without HTTP: its status, its JSON body and, for a refusal that
 * may pass later, the seconds to send as {@code Retry-After}.
 *
 * @param retryAfterSeconds 0 for no {@code Retry-After}
 */
record IngestResponse(int status, String body, long retryAfterSeconds) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUCCESS = "{\"success\":true}";

  /** {@code 200 {"success":true}}. */
  static IngestResponse success() {
    return new IngestResponse(200, SUCCESS, 0);
  }

  /** {@code 200}, listing the events of a batch that were refused. */
  static IngestResponse success(List<ObjectNode> refused) {
    if (refused.isEmpty()) {
      return success();
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.putArray("rejected").addAll(refused);
    return new IngestResponse(200, out.toString(), 0);
  }

  /** A refusal: {@code {"success":false,"reason":..,"error":..}}. */
  static IngestResponse error(int status, String reason, String error) {
    return error(status, reason, error, null);
  }

  /** A refusal listing refused events under {@code rejected} (none when null). */
  static IngestResponse error(int status, String reason, String error, List<ObjectNode> refused) {
    return new IngestResponse(status, errorBody(reason, error, refused), 0);
  }

  /** The same answer with {@code Retry-After}. */
  IngestResponse retryAfter(long seconds) {
    return new IngestResponse(status, body, seconds);
  }

  /** A refusal's JSON body. */
  static String errorBody(String reason, String error, List<ObjectNode> refused) {
    ObjectNode out = JSON.createObjectNode();
    out.put("success", false);
    out.put("reason", reason);
    out.put("error", error);
    if (refused != null) {
      out.putArray("rejected").addAll(refused);
    }
    return out.toString();
  }

  /** A 429's body: a refusal naming the setting of the limit under {@code limit}. */
  static IngestResponse limited(String reason, String setting, String error, long seconds) {
    ObjectNode out = JSON.createObjectNode();
    out.put("success", false);
    out.put("reason", reason);
    out.put("error", error);
    out.put("limit", setting);
    return new IngestResponse(429, out.toString(), seconds);
  }

  /** An entry of a batch's {@code rejected} list. */
  static ObjectNode rejectedEntry(int index, String messageId, String reason, String error) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("index", index);
    if (messageId != null) {
      entry.put("messageId", messageId);
    }
    entry.put("reason", reason);
    entry.put("error", error);
    return entry;
  }
}
