package io.sugarbridge.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from what gets logged: the values of named headers ({@code OAuth-Token}, {@code
 * Authorization}, cookies) and of secret-bearing JSON fields ({@code password}, {@code
 * client_secret}, tokens, {@code user_hash}), like okhttp's logging interceptor's {@code
 * redactHeader}.
 */
public final class Redaction {
  /** Lower-case header names whose values are never logged. */
  public static final Set<String> HEADERS =
      Set.of("oauth-token", "authorization", "cookie", "set-cookie", "proxy-authorization");

  /** Lower-case JSON field names whose values are never logged. */
  public static final Set<String> FIELDS =
      Set.of(
          "password",
          "new_password",
          "old_password",
          "client_secret",
          "access_token",
          "refresh_token",
          "download_token",
          "oauth_token",
          "oauth-token",
          "user_hash");

  private static final String MASK = "██";
  private static final ObjectMapper EMBEDDED = new ObjectMapper();

  private Redaction() {}

  public static String header(String name, String value) {
    return HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : value;
  }

  /** A deep copy of {@code json} with secret fields masked, at any depth. */
  public static JsonNode json(JsonNode json) {
    if (json == null) {
      return null;
    }
    JsonNode copy = json.deepCopy();
    mask(copy);
    return copy;
  }

  /**
   * A bulk item's {@code data} is a JSON document inside a string, so its secrets hide from a walk
   * over the outer tree; such strings are parsed, masked and written back.
   */
  private static JsonNode maskEmbedded(ObjectNode parent, JsonNode text) {
    String v = text.asText().strip();
    if (!v.startsWith("{") && !v.startsWith("[")) {
      return text;
    }
    try {
      JsonNode inner = EMBEDDED.readTree(v);
      mask(inner);
      return parent.textNode(EMBEDDED.writeValueAsString(inner));
    } catch (JsonProcessingException notJson) {
      return text;
    }
  }

  private static void mask(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (FIELDS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          e.setValue(o.textNode(MASK));
        } else if (e.getValue().isTextual()) {
          e.setValue(maskEmbedded(o, e.getValue()));
        } else {
          mask(e.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(Redaction::mask);
    }
  }
}
