package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value conversions of the user mapping that are more than copying a string: languages, the
 * email array, the work address, the manager, lengths, and reading Sugar's field values. {@link
 * ScimUserMapping} decides which attribute uses which, from the attribute table.
 */
final class SugarUserValues {
  private static final Pattern SCIM_LANGUAGE = Pattern.compile("([a-zA-Z]{2,3})[-_]([a-zA-Z]{2})");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SugarUserValues() {}

  /**
   * Sugar's language key for a SCIM preferredLanguage: {@code de-DE} is {@code de_DE}, and {@code
   * en-US} is Sugar's {@code en_us}; anything else is kept as sent.
   */
  static String sugarLanguage(String scim) {
    Matcher m = SCIM_LANGUAGE.matcher(scim.trim());
    if (!m.matches()) {
      return scim.trim();
    }
    String key = m.group(1).toLowerCase(Locale.ROOT) + "_" + m.group(2).toUpperCase(Locale.ROOT);
    return key.equals("en_US") ? "en_us" : key;
  }

  /** The SCIM (RFC 5646) form of a Sugar language key: {@code en_us} is {@code en-US}. */
  static String scimLanguage(String sugar) {
    Matcher m = SCIM_LANGUAGE.matcher(sugar);
    if (!m.matches()) {
      return sugar;
    }
    return m.group(1).toLowerCase(Locale.ROOT) + "-" + m.group(2).toUpperCase(Locale.ROOT);
  }

  /**
   * The address that goes to Sugar's one address: the one of type work, or a lone address without a
   * type. Other types (home, other) have no place in Sugar.
   */
  static JsonNode workAddress(JsonNode addresses) {
    if (addresses == null || addresses.isNull()) {
      return null;
    }
    if (!addresses.isArray()) {
      throw ScimException.invalidValue(
          "Attribute 'addresses' must be an array of {type, streetAddress, locality, ...}.");
    }
    for (JsonNode a : addresses) {
      if ("work".equalsIgnoreCase(ScimJson.text(a, "type"))) {
        return a;
      }
    }
    if (addresses.size() == 1 && ScimJson.text(addresses.get(0), "type") == null) {
      return addresses.get(0);
    }
    return null;
  }

  /**
   * {@code value}, checked against Sugar's column length.
   *
   * @throws ScimException invalidValue naming the attribute when it is longer
   */
  static String checkLength(String attribute, String value, Integer max) {
    if (max != null && value.length() > max) {
      throw ScimException.invalidValue(
          "Attribute '"
              + attribute
              + "' is longer than Sugar's "
              + max
              + " characters: "
              + value.length()
              + ".");
    }
    return value;
  }

  /** The manager's id from {@code {"value": id}} or, as Entra ID sends it in PATCH, a bare id. */
  static String managerId(JsonNode manager) {
    if (manager == null || manager.isNull()) {
      return null;
    }
    if (manager.isTextual()) {
      return manager.asText().isEmpty() ? null : manager.asText();
    }
    return ScimJson.text(manager, "value");
  }

  /** Sugar's email array for SCIM emails: each address once, the primary one first. */
  static ArrayNode sugarEmails(JsonNode emails) {
    ArrayNode out = NODES.arrayNode();
    if (emails == null || emails.isNull()) {
      return out;
    }
    if (!emails.isArray()) {
      throw ScimException.invalidValue("Attribute 'emails' must be an array of {value, type}.");
    }
    List<String> ordered = new ArrayList<>();
    for (JsonNode e : emails) {
      String value = ScimJson.text(e, "value");
      if (value == null) {
        continue;
      }
      if (!value.contains("@")) {
        throw ScimException.invalidValue(
            "Attribute 'emails' holds '" + value + "', which is not an email address.");
      }
      Boolean primary = ScimJson.bool(ScimJson.child(e, "primary"), "emails.primary");
      if (ordered.stream().anyMatch(value::equalsIgnoreCase)) {
        continue;
      }
      if (Boolean.TRUE.equals(primary)) {
        ordered.add(0, value);
      } else {
        ordered.add(value);
      }
    }
    for (String value : ordered) {
      ObjectNode o = out.addObject();
      o.put("email_address", value);
      o.put("primary_address", out.size() == 1);
    }
    return out;
  }

  /** Sugar's non-empty email entries, the primary one first. */
  static List<JsonNode> primaryFirst(JsonNode sugarEmails) {
    List<JsonNode> out = new ArrayList<>();
    if (sugarEmails == null || !sugarEmails.isArray()) {
      return out;
    }
    for (JsonNode e : sugarEmails) {
      if (e.path("email_address").asText("").isEmpty()) {
        continue;
      }
      if (e.path("primary_address").asBoolean(false)) {
        out.add(0, e);
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** Whether two Sugar email arrays hold the same addresses in the same order (any case). */
  static boolean sameEmails(JsonNode current, JsonNode wanted) {
    List<JsonNode> w = new ArrayList<>();
    wanted.forEach(w::add);
    return addresses(primaryFirst(current)).equals(addresses(w));
  }

  private static List<String> addresses(List<JsonNode> emails) {
    List<String> out = new ArrayList<>();
    emails.forEach(e -> out.add(e.path("email_address").asText().toLowerCase(Locale.ROOT)));
    return out;
  }

  /** Sugar's full name of a user, or its first and last name. */
  static String fullName(ObjectNode sugar) {
    String full = text(sugar, "full_name");
    if (full != null) {
      return full;
    }
    String first = orEmpty(text(sugar, "first_name"));
    String last = orEmpty(text(sugar, "last_name"));
    return (first + " " + last).trim();
  }

  /** Puts Sugar's {@code field} as {@code name} when it has a value. */
  static void putIfText(ObjectNode target, String name, ObjectNode sugar, String field) {
    String v = text(sugar, field);
    if (v != null) {
      target.put(name, v);
    }
  }

  /** A Sugar field's value as text, or null when absent, null, a container or empty. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
