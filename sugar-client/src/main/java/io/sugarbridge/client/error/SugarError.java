package io.sugarbridge.client.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.common.config.KnownSecrets;
import java.util.Iterator;
import java.util.Map;

/**
 * What Sugar (or a proxy in front of it) answered to one failed call: the HTTP status, Sugar's
 * {@code error} code and {@code error_message} (null when the body was not Sugar JSON), the call's
 * method and path (never its query or headers), and the parsed body (null when not JSON) or a short
 * excerpt of a non-JSON body. All text from the server is scrubbed of secrets ({@link
 * KnownSecrets#scrub}) when the record is made: a server or proxy that echoes the request (with the
 * password or token in it) must not put it into errors, logs or reports.
 */
public record SugarError(
    int status,
    String code,
    String serverMessage,
    String method,
    String path,
    JsonNode body,
    String bodyExcerpt) {

  public SugarError {
    code = KnownSecrets.scrub(code);
    serverMessage = KnownSecrets.scrub(serverMessage);
    bodyExcerpt = KnownSecrets.scrub(bodyExcerpt);
    body = scrubbed(body);
  }

  private static JsonNode scrubbed(JsonNode body) {
    if (body == null || !(body.isObject() || body.isArray() || body.isTextual())) {
      return body;
    }
    JsonNode copy = body.deepCopy();
    if (copy.isTextual()) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(
          KnownSecrets.scrub(copy.asText()));
    }
    scrub(copy);
    return copy;
  }

  private static void scrub(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          e.setValue(o.textNode(KnownSecrets.scrub(e.getValue().asText())));
        } else {
          scrub(e.getValue());
        }
      }
    } else if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, a.textNode(KnownSecrets.scrub(a.get(i).asText())));
        } else {
          scrub(a.get(i));
        }
      }
    }
  }
}
