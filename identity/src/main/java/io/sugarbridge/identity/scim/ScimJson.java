package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reading SCIM JSON the way RFC 7643 asks: attribute names are case-insensitive, and identity
 * providers send booleans as strings ({@code "False"}) often enough that every boolean is read
 * through {@link #bool}.
 */
final class ScimJson {
  private ScimJson() {}

  /** The child of {@code node} named {@code name} in any case, or null. */
  static JsonNode child(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The text of a string child, or null when absent, null or empty. */
  static String text(JsonNode node, String name) {
    JsonNode v = child(node, name);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  /**
   * A boolean attribute, from JSON {@code true}/{@code false} or the strings {@code "true"} and
   * {@code "false"} in any case (Entra ID sends {@code "False"}).
   *
   * @throws ScimException invalidValue for anything else
   */
  static Boolean bool(JsonNode v, String attribute) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String s = v.asText().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true")) {
        return true;
      }
      if (s.equals("false")) {
        return false;
      }
    }
    throw ScimException.invalidValue(
        "Attribute '" + attribute + "' must be true or false, not " + v + ".");
  }

  /** Removes {@code name} in any case from {@code node}. */
  static void remove(ObjectNode node, String name) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      if (it.next().equalsIgnoreCase(name)) {
        it.remove();
      }
    }
  }

  /**
   * The {@code meta} of a resource: created and lastModified from Sugar's date_entered and
   * date_modified, its location, and a weak version that changes whenever date_modified does.
   */
  static ObjectNode meta(String resourceType, JsonNode sugar, String location) {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("resourceType", resourceType);
    String created = sugarText(sugar, "date_entered");
    String modified = sugarText(sugar, "date_modified");
    if (created != null) {
      meta.put("created", created);
    }
    if (modified != null) {
      meta.put("lastModified", modified);
    }
    meta.put("location", location);
    meta.put(
        "version",
        "W/\"" + Integer.toHexString(Objects.hash(sugar.path("id").asText(), modified)) + "\"");
    return meta;
  }

  private static String sugarText(JsonNode sugar, String field) {
    JsonNode v = sugar.get(field);
    return v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()
        ? null
        : v.asText();
  }
}
