package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reading request arguments the way Sugar's PHP does: query values arrive as strings, bracket query
 * parameters as objects with numeric keys ({@code filter[0][name]=x}), list parameters as
 * comma-separated strings or arrays, and JSON parameters ({@code filter}) possibly as a JSON text.
 */
public final class Args {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Args() {}

  /** The argument as text, or null when absent or JSON null; arrays are joined with commas. */
  public static String text(JsonNode args, String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(p -> parts.add(p.asText()));
      return String.join(",", parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** An integer argument, or {@code dflt} when absent or not a number (PHP casts such to 0). */
  public static int integer(JsonNode args, String name, int dflt) {
    String t = text(args, name);
    if (t == null || t.isBlank()) {
      return dflt;
    }
    try {
      return (int) Double.parseDouble(t.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /** A boolean argument: {@code true}, {@code "true"}, {@code "1"}, {@code 1} are true. */
  public static boolean bool(JsonNode args, String name) {
    return truthy(args.get(name));
  }

  /** PHP-style truthiness for flags sent as booleans, numbers or strings. */
  public static boolean truthy(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.doubleValue() != 0;
    }
    String s = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
    return !(s.isEmpty()
        || s.equals("0")
        || s.equals("false")
        || s.equals("off")
        || s.equals("no"));
  }

  /** A comma list ({@code "a,b"} or {@code ["a","b"]}) as an ordered set; empty when absent. */
  public static Set<String> list(JsonNode args, String name) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray() || v.isObject()) {
      v.forEach(p -> addCsv(out, p.asText()));
    } else {
      addCsv(out, v.asText());
    }
    return out;
  }

  private static void addCsv(Set<String> out, String csv) {
    for (String p : csv.split(",")) {
      String t = p.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
  }

  /**
   * Decodes a JSON text stored in or sent for a field (module_access, license_type, multienum and
   * json values), or null when it is not JSON. One shared reader: building a mapper per value is
   * costly.
   */
  public static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A JSON-valued argument: a JSON text that starts with {@code [} or {@code {} is decoded (as
   * Sugar's {@code jsonParams} do), and objects whose keys are all 0, 1, 2... (PHP bracket query
   * arrays) become arrays, at every depth.
   */
  public static JsonNode json(JsonNode args, String name) {
    JsonNode v = args.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      String t = v.asText().trim();
      if (t.startsWith("[") || t.startsWith("{")) {
        v = parseJson(t);
        if (v == null) {
          throw SugarApiException.invalidParameter("Invalid JSON in parameter: " + name);
        }
      }
    }
    return normalize(v);
  }

  /** Converts PHP-style numeric-key objects into arrays, recursively. */
  public static JsonNode normalize(JsonNode v) {
    if (v == null) {
      return null;
    }
    if (v.isObject()) {
      ObjectNode o = (ObjectNode) v;
      boolean numeric = o.size() > 0;
      Iterator<String> names = o.fieldNames();
      while (names.hasNext() && numeric) {
        numeric = names.next().matches("\\d{1,9}");
      }
      if (numeric) {
        TreeMap<Integer, JsonNode> ordered = new TreeMap<>();
        o.fields().forEachRemaining(e -> ordered.put(Integer.valueOf(e.getKey()), e.getValue()));
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : ordered.values()) {
          a.add(normalize(item));
        }
        return a;
      }
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), normalize(e.getValue()));
      }
      return copy;
    }
    if (v.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      v.forEach(item -> a.add(normalize(item)));
      return a;
    }
    return v;
  }

  /** PHP's {@code gettype} name for a JSON value, as Sugar's messages show it. */
  public static String phpType(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "NULL";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "double";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isArray() ? "array" : "object";
  }
}
