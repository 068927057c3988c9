package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.oauth.OAuthServer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The sandbox's own admin endpoints under {@code /rest/_sandbox/} (no API version; not part of
 * Sugar): {@code GET|PUT faults} (the {@link FaultSettings} record as JSON with its field names;
 * durations as ISO-8601 strings such as {@code "PT0.05S"}, a plain number is read as milliseconds;
 * a PUT may carry only the fields to change), {@code POST tokens/expire}, and {@code GET|DELETE
 * requests} (the request log). They need an admin's access token and answer errors in Sugar's
 * format; faults never apply to them and they are not written to the request log.
 */
public final class AdminEndpoints {
  private final OAuthServer oauth;
  private final FaultInjector faults;
  private final RequestLog log;
  private final boolean bearerAuth;

  public AdminEndpoints(
      OAuthServer oauth, FaultInjector faults, RequestLog log, boolean bearerAuth) {
    this.oauth = oauth;
    this.faults = faults;
    this.log = log;
    this.bearerAuth = bearerAuth;
  }

  /**
   * Answers one admin call.
   *
   * @param subPath the path after {@code /rest/_sandbox/}, without trailing slash
   */
  public ApiDispatcher.Outcome handle(
      String method, String subPath, Map<String, String> headers, byte[] body) {
    try {
      requireAdmin(headers);
      String key = method + " " + subPath;
      switch (key) {
        case "GET faults":
          return ok(faultsToJson(faults.current()));
        case "PUT faults":
        case "POST faults":
          {
            FaultSettings updated =
                faultsFromJson(faults.current(), Arguments.fromBody(body, "application/json"));
            faults.set(updated);
            return ok(faultsToJson(updated));
          }
        case "POST tokens/expire":
          faults.expireAllTokens();
          return ok(success());
        case "GET requests":
          return ok(requestsToJson());
        case "DELETE requests":
          log.clear();
          return ok(success());
        default:
          throw SugarApiException.noMethod("/_sandbox/" + subPath);
      }
    } catch (SugarApiException e) {
      return ApiDispatcher.error(e);
    }
  }

  private void requireAdmin(Map<String, String> headers) {
    String token = ApiDispatcher.accessToken(headers, null, bearerAuth);
    if (token == null) {
      throw ApiDispatcher.needLogin();
    }
    Caller caller = oauth.verify(token);
    if (!caller.admin()) {
      throw SugarApiException.notAuthorized(
          "Only an administrator may change the sandbox's faults or read its request log.");
    }
  }

  /** The settings as JSON with the record's field names. */
  public static ObjectNode faultsToJson(FaultSettings s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("latency", s.latency().toString());
    o.put("share429", s.share429());
    o.put("retryAfterSeconds", s.retryAfterSeconds());
    o.put("htmlErrors", s.htmlErrors());
    o.put("share500", s.share500());
    o.put("share503", s.share503());
    o.put("shareDropped", s.shareDropped());
    o.put("requestsPerSecond", s.requestsPerSecond());
    o.put("echoRequest", s.echoRequest());
    if (s.faultPath() == null) {
      o.putNull("faultPath");
    } else {
      o.put("faultPath", s.faultPath());
    }
    o.put("hugeResponseBytes", s.hugeResponseBytes());
    o.put("hugeResponseBytesPerSecond", s.hugeResponseBytesPerSecond());
    return o;
  }

  /**
   * Applies the fields present in {@code json} to {@code base}.
   *
   * @throws SugarApiException 422 naming the field that cannot be read or the rule broken
   */
  public static FaultSettings faultsFromJson(FaultSettings base, ObjectNode json) {
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!faultsToJson(base).has(e.getKey())) {
        throw SugarApiException.invalidParameter(
            "Unknown fault setting '"
                + e.getKey()
                + "'; use latency, share429, retryAfterSeconds, htmlErrors, share500, share503,"
                + " shareDropped, requestsPerSecond, echoRequest, faultPath, hugeResponseBytes or"
                + " hugeResponseBytesPerSecond");
      }
    }
    try {
      return new FaultSettings(
          json.has("latency") ? duration(json.get("latency")) : base.latency(),
          number(json, "share429", base.share429()),
          (int) number(json, "retryAfterSeconds", base.retryAfterSeconds()),
          json.has("htmlErrors") ? bool(json.get("htmlErrors")) : base.htmlErrors(),
          number(json, "share500", base.share500()),
          number(json, "share503", base.share503()),
          number(json, "shareDropped", base.shareDropped()),
          (int) number(json, "requestsPerSecond", base.requestsPerSecond()),
          json.has("echoRequest") ? bool(json.get("echoRequest")) : base.echoRequest(),
          json.has("faultPath")
              ? (json.get("faultPath").isNull() ? null : json.get("faultPath").asText())
              : base.faultPath(),
          (long) number(json, "hugeResponseBytes", base.hugeResponseBytes()),
          (long) number(json, "hugeResponseBytesPerSecond", base.hugeResponseBytesPerSecond()));
    } catch (IllegalArgumentException e) {
      throw SugarApiException.invalidParameter(e.getMessage());
    }
  }

  private static Duration duration(JsonNode n) {
    if (n.isNumber()) {
      return Duration.ofMillis(n.asLong());
    }
    try {
      return Duration.parse(n.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "latency '" + n.asText() + "' is neither ISO-8601 (PT0.05S) nor milliseconds (50)", e);
    }
  }

  private static double number(ObjectNode json, String field, double fallback) {
    JsonNode n = json.get(field);
    if (n == null) {
      return fallback;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a number, was '" + n.asText() + "'", e);
    }
  }

  private static boolean bool(JsonNode n) {
    return n.isBoolean() ? n.asBoolean() : "true".equalsIgnoreCase(n.asText());
  }

  private ObjectNode requestsToJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("requests");
    for (RequestLogEntry e : log.snapshot()) {
      ObjectNode r = a.addObject();
      r.put("at", e.at().toString());
      r.put("method", e.method());
      r.put("path", e.path());
      r.put("status", e.status());
      r.put("duration", e.duration().toString());
      if (e.fault() == null) {
        r.putNull("fault");
      } else {
        r.put("fault", e.fault());
      }
    }
    return o;
  }

  private static ObjectNode success() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("success", true);
    return o;
  }

  private static ApiDispatcher.Outcome ok(JsonNode body) {
    return new ApiDispatcher.Outcome(
        200, body, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
  }
}
