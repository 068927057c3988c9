package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a request's arguments as Sugar does: {@code array_merge(body, queryString, pathVars)}. The
 * body is JSON whatever the Content-Type says (clients send JSON as form-urlencoded or with no type
 * at all), unless it is a form body that is not JSON; any method may carry one. Bad JSON is 422
 * {@code invalid_parameter} with no message, as in Sugar. The query string uses PHP bracket
 * notation, and a {@code filter} query value that starts with {@code {} or {@code [} is
 * JSON-decoded (Sugar's {@code jsonParams}).
 */
public final class Arguments {
  /** Query parameters Sugar's list routes declare as {@code jsonParams}. */
  private static final String JSON_PARAM = "filter";

  private Arguments() {}

  /** The body's arguments; an empty or blank body gives none. */
  public static ObjectNode fromBody(byte[] body, String contentType) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return JsonNodeFactory.instance.objectNode();
    }
    boolean looksJson = trimmed.startsWith("{") || trimmed.startsWith("[");
    if (!looksJson && isForm(contentType)) {
      return PhpQueryString.parse(text);
    }
    JsonNode node;
    try {
      node = PhpJson.decode(text);
    } catch (IOException e) {
      throw new SugarApiException(422, "invalid_parameter", null);
    }
    return asArguments(node);
  }

  /**
   * Turns a decoded JSON value into arguments: an object as is, an array with keys "0", "1", ... as
   * PHP's array_merge would; anything else is refused.
   */
  public static ObjectNode asArguments(JsonNode node) {
    if (node instanceof ObjectNode) {
      return (ObjectNode) node;
    }
    if (node != null && node.isArray()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (int i = 0; i < node.size(); i++) {
        o.set(Integer.toString(i), node.get(i));
      }
      return o;
    }
    throw new SugarApiException(422, "invalid_parameter", null);
  }

  /** The query string's arguments with JSON-valued {@code filter} decoded. */
  public static ObjectNode fromQuery(String rawQuery) {
    ObjectNode q = PhpQueryString.parse(rawQuery);
    JsonNode f = q.get(JSON_PARAM);
    if (f != null && f.isTextual()) {
      String s = f.asText().strip();
      if (s.startsWith("{") || s.startsWith("[")) {
        try {
          q.set(JSON_PARAM, PhpJson.decode(s));
        } catch (IOException e) {
          throw SugarApiException.invalidParameter(
              "The filter query parameter is not valid JSON; send a JSON array of filter"
                  + " definitions or use bracket notation (filter[0][name]=x)");
        }
      }
    }
    return q;
  }

  /** Body, then query string, then path variables: later sources win, key by key. */
  public static ObjectNode merge(ObjectNode body, ObjectNode query, Map<String, String> pathVars) {
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.setAll(body);
    args.setAll(query);
    pathVars.forEach(args::put);
    return args;
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }
}
