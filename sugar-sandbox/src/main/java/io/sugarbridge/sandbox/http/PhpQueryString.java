package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a query string or form body the way PHP's {@code parse_str} fills {@code $_GET}: bracket
 * names build nested arrays ({@code filter[0][last_name][$starts]=Sm}), {@code a[]=x} appends, a
 * later value replaces an earlier one, and dots and spaces in the base name become underscores. A
 * PHP array whose keys are 0..n-1 in order becomes a JSON array, as {@code json_encode} would write
 * it; every leaf is a string.
 */
public final class PhpQueryString {
  /** PHP's {@code max_input_nesting_level}. */
  private static final int MAX_NESTING = 64;

  private PhpQueryString() {}

  /** Parses {@code raw} (may be null or empty) into an object of its top-level names. */
  public static ObjectNode parse(String raw) {
    PhpArray root = new PhpArray();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          put(root, name, value);
        }
      }
    }
    return (ObjectNode) root.toJson(true);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // PHP's urldecode leaves malformed %-escapes as they are rather than failing.
      return s.replace('+', ' ');
    }
  }

  private static void put(PhpArray root, String name, String value) {
    String n = name.stripLeading();
    int open = n.indexOf('[');
    String base = open < 0 ? n : n.substring(0, open);
    List<String> keys = new ArrayList<>();
    if (open >= 0) {
      int i = open;
      while (i < n.length() && n.charAt(i) == '[' && keys.size() < MAX_NESTING) {
        int close = n.indexOf(']', i);
        if (close < 0) {
          if (keys.isEmpty()) {
            // "a[b=1": PHP turns the stray bracket into an underscore and keeps the rest.
            base = base + "_" + n.substring(i + 1);
          }
          break;
        }
        keys.add(n.substring(i + 1, close));
        i = close + 1;
      }
    }
    base = base.replace('.', '_').replace(' ', '_');
    if (base.isEmpty()) {
      return;
    }
    PhpArray target = root;
    String key = base;
    for (String next : keys) {
      Object existing = target.get(key);
      PhpArray child;
      if (existing instanceof PhpArray) {
        child = (PhpArray) existing;
      } else {
        child = new PhpArray();
        target.put(key, child);
      }
      target = child;
      key = next.isEmpty() ? null : next;
    }
    target.put(key, value);
  }

  /** An ordered PHP array with integer auto-keys. */
  private static final class PhpArray {
    private final Map<String, Object> entries = new LinkedHashMap<>();
    private long nextIndex;

    Object get(String key) {
      return key == null ? null : entries.get(key);
    }

    void put(String key, Object value) {
      String k = key;
      if (k == null) {
        k = Long.toString(nextIndex);
      }
      entries.put(k, value);
      Long asInt = integerKey(k);
      if (asInt != null && asInt >= nextIndex) {
        nextIndex = asInt + 1;
      }
    }

    private static Long integerKey(String k) {
      if (k.isEmpty() || k.length() > 18 || (k.length() > 1 && k.charAt(0) == '0')) {
        return null;
      }
      for (int i = 0; i < k.length(); i++) {
        char c = k.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
      }
      return Long.parseLong(k);
    }

    JsonNode toJson(boolean forceObject) {
      JsonNodeFactory f = JsonNodeFactory.instance;
      boolean list = !forceObject;
      if (list) {
        int i = 0;
        for (String k : entries.keySet()) {
          if (!k.equals(Integer.toString(i++))) {
            list = false;
            break;
          }
        }
      }
      if (list) {
        ArrayNode a = f.arrayNode();
        for (Object v : entries.values()) {
          a.add(toNode(v));
        }
        return a;
      }
      ObjectNode o = f.objectNode();
      entries.forEach((k, v) -> o.set(k, toNode(v)));
      return o;
    }

    private static JsonNode toNode(Object v) {
      return v instanceof PhpArray
          ? ((PhpArray) v).toJson(false)
          : JsonNodeFactory.instance.textNode((String) v);
    }
  }
}
