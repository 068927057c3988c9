package io.sugarbridge.contract.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Small JSON builders so request bodies in the tests read like the document's examples. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An object from alternating keys and values; values may be JsonNodes, lists, maps, scalars. */
  public static ObjectNode obj(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("obj() needs key/value pairs");
    }
    ObjectNode o = object();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.set((String) keysAndValues[i], MAPPER.valueToTree(keysAndValues[i + 1]));
    }
    return o;
  }

  public static ArrayNode arr(Object... values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (Object v : values) {
      a.add(MAPPER.<JsonNode>valueToTree(v));
    }
    return a;
  }

  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code id} of every record in a list answer, in order. */
  public static List<String> ids(JsonNode listAnswer) {
    List<String> ids = new ArrayList<>();
    listAnswer.path("records").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  /** The values of one field of every record in a list answer, in order. */
  public static List<String> values(JsonNode listAnswer, String field) {
    List<String> v = new ArrayList<>();
    listAnswer.path("records").forEach(r -> v.add(r.path(field).asText()));
    return v;
  }
}
