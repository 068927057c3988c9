package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.directory.RequiredUserFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Maps a SCIM User (core schema plus the enterprise extension) onto the Sugar Users fields and
 * back: userName to {@code user_name}, name.givenName/familyName to {@code first_name}/{@code
 * last_name}, emails to the {@code email} array (the primary one first), phoneNumbers of type work,
 * mobile, home, other and fax to {@code phone_*}, the work address to {@code address_*},
 * preferredLanguage to {@code preferred_language}, title, active to {@code status} Active/Inactive,
 * enterprise department to {@code department} and manager.value (the manager's SCIM id, which is
 * its Sugar id) to {@code reports_to_id}. The attributes Sugar has no field for (see {@link
 * #bridgeOnly}) are split off into an object the bridge keeps in its state file and merged back
 * when reading. The password is never mapped.
 */
final class ScimUserMapping {
  /** The Sugar fields a SCIM write sets; the rest of a Sugar user is left alone. */
  static final List<String> WRITTEN_FIELDS =
      List.of(
          "user_name",
          "first_name",
          "last_name",
          "title",
          "department",
          "phone_work",
          "phone_mobile",
          "phone_home",
          "phone_other",
          "phone_fax",
          "address_street",
          "address_city",
          "address_state",
          "address_postalcode",
          "address_country",
          "preferred_language",
          "status",
          "reports_to_id",
          "email");

  /**
   * The Sugar fields the bridge reads; the list view asks for exactly these: every written field
   * plus those Sugar sets itself.
   */
  static final List<String> SUGAR_FIELDS =
      Stream.concat(
              WRITTEN_FIELDS.stream(),
              Stream.of("id", "full_name", "reports_to_name", "date_entered", "date_modified"))
          .toList();

  /** SCIM phone type to its Sugar field; a type not listed here has no place in Sugar. */
  private static final Map<String, String> PHONE_FIELD_BY_TYPE = phoneFields();

  /** SCIM address sub-attribute to its Sugar field, and the field's length in Sugar. */
  private static final Map<String, String> ADDRESS_FIELD_BY_SUB = addressFields();

  private static final Map<String, Integer> FIELD_LENGTH =
      Map.of(
          "address_street", 150,
          "address_city", 100,
          "address_state", 100,
          "address_country", 100,
          "address_postalcode", 20,
          "preferred_language", 255);

  /** Sugar's phone fields hold 50 characters. */
  private static final int PHONE_LENGTH = 50;

  /** Simple core attributes Sugar has no field for, kept by the bridge. */
  private static final List<String> BRIDGE_CORE =
      List.of("displayName", "nickName", "userType", "profileUrl", "locale", "timezone");

  /** name sub-attributes Sugar has no field for, kept by the bridge. */
  private static final List<String> BRIDGE_NAME =
      List.of("formatted", "middleName", "honorificPrefix", "honorificSuffix");

  /** Enterprise attributes Sugar has no field for, kept by the bridge. */
  private static final List<String> BRIDGE_ENTERPRISE =
      List.of("employeeNumber", "costCenter", "organization", "division");

  private static final Pattern SCIM_LANGUAGE = Pattern.compile("([a-zA-Z]{2,3})[-_]([a-zA-Z]{2})");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScimUserMapping() {}

  /** The SCIM representation of a Sugar user, without bridge-only attributes. */
  static ObjectNode toScim(ObjectNode sugar, String externalId, String baseUrl) {
    return toScim(sugar, externalId, null, baseUrl);
  }

  /**
   * The SCIM representation of a Sugar user, with the attributes the bridge keeps for it ({@code
   * kept}, from {@link #bridgeOnly}; null when none) merged in.
   */
  static ObjectNode toScim(ObjectNode sugar, String externalId, JsonNode kept, String baseUrl) {
    ObjectNode u = NODES.objectNode();
    ArrayNode schemas = u.putArray("schemas");
    schemas.add(ScimSchemas.USER);
    schemas.add(ScimSchemas.ENTERPRISE_USER);
    String id = sugar.path("id").asText();
    u.put("id", id);
    if (externalId != null) {
      u.put("externalId", externalId);
    }
    u.put("userName", sugar.path("user_name").asText(""));
    ObjectNode name = u.putObject("name");
    putIfText(name, "givenName", sugar, "first_name");
    putIfText(name, "familyName", sugar, "last_name");
    JsonNode keptName = kept == null ? null : kept.get("name");
    String full = fullName(sugar);
    String formatted = firstNonNull(ScimJson.text(keptName, "formatted"), emptyToNull(full));
    if (formatted != null) {
      name.put("formatted", formatted);
    }
    for (String sub : BRIDGE_NAME) {
      String v = ScimJson.text(keptName, sub);
      if (v != null && !sub.equals("formatted")) {
        name.put(sub, v);
      }
    }
    String displayName =
        firstNonNull(kept == null ? null : ScimJson.text(kept, "displayName"), emptyToNull(full));
    if (displayName != null) {
      u.put("displayName", displayName);
    }
    for (String a : BRIDGE_CORE) {
      String v = kept == null ? null : ScimJson.text(kept, a);
      if (v != null && !a.equals("displayName")) {
        u.put(a, v);
      }
    }
    putIfText(u, "title", sugar, "title");
    String language = text(sugar, "preferred_language");
    if (language != null) {
      u.put("preferredLanguage", scimLanguage(language));
    }
    u.put("active", "Active".equalsIgnoreCase(sugar.path("status").asText("Active")));
    ArrayNode emails = NODES.arrayNode();
    for (JsonNode e : primaryFirst(sugar.path("email"))) {
      ObjectNode o = emails.addObject();
      o.put("value", e.path("email_address").asText());
      boolean primary = emails.size() == 1;
      JsonNode keptTypes = kept == null ? null : kept.get("emailTypes");
      if (keptTypes == null) {
        // Not written through the bridge: Sugar keeps no types, so the primary one reads as work.
        o.put("type", primary ? "work" : "other");
      } else {
        String keptType =
            ScimJson.text(keptTypes, e.path("email_address").asText().toLowerCase(Locale.ROOT));
        if (keptType != null) {
          o.put("type", keptType);
        }
      }
      o.put("primary", primary);
    }
    if (!emails.isEmpty()) {
      u.set("emails", emails);
    }
    ArrayNode phones = NODES.arrayNode();
    PHONE_FIELD_BY_TYPE.forEach((type, field) -> addPhone(phones, sugar, field, type));
    if (!phones.isEmpty()) {
      u.set("phoneNumbers", phones);
    }
    ObjectNode address = NODES.objectNode();
    address.put("type", "work");
    ADDRESS_FIELD_BY_SUB.forEach((sub, field) -> putIfText(address, sub, sugar, field));
    ArrayNode addresses = NODES.arrayNode();
    if (address.size() > 1) {
      address.put("primary", true);
      addresses.add(address);
    }
    JsonNode keptAddresses = kept == null ? null : kept.get("otherAddresses");
    if (keptAddresses != null && keptAddresses.isArray()) {
      keptAddresses.forEach(a -> addresses.add(a.deepCopy()));
    }
    if (!addresses.isEmpty()) {
      u.set("addresses", addresses);
    }
    ObjectNode enterprise = NODES.objectNode();
    JsonNode keptEnterprise = kept == null ? null : kept.get("enterprise");
    for (String a : BRIDGE_ENTERPRISE) {
      String v = ScimJson.text(keptEnterprise, a);
      if (v != null) {
        enterprise.put(a, v);
      }
    }
    putIfText(enterprise, "department", sugar, "department");
    String manager = text(sugar, "reports_to_id");
    if (manager != null) {
      ObjectNode m = enterprise.putObject("manager");
      m.put("value", manager);
      m.put("$ref", baseUrl + "/Users/" + manager);
      String managerName = text(sugar, "reports_to_name");
      if (managerName != null) {
        m.put("displayName", managerName);
      }
    }
    if (!enterprise.isEmpty()) {
      u.set(ScimSchemas.ENTERPRISE_USER, enterprise);
    }
    u.set("meta", meta("User", sugar, baseUrl + "/Users/" + id));
    return u;
  }

  /**
   * The {@code meta} of a resource: created and lastModified from Sugar's date_entered and
   * date_modified, its location, and a weak version that changes whenever date_modified does.
   */
  static ObjectNode meta(String resourceType, JsonNode sugar, String location) {
    ObjectNode meta = NODES.objectNode();
    meta.put("resourceType", resourceType);
    String created = text(sugar, "date_entered");
    String modified = text(sugar, "date_modified");
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

  /**
   * The Sugar field values a SCIM User asks for, one entry per {@link #WRITTEN_FIELDS} name; an
   * attribute the user leaves out clears its field, as a SCIM replace does.
   *
   * @throws ScimException invalidValue naming the attribute when a value cannot be mapped
   */
  static ObjectNode toSugar(JsonNode scim) {
    if (scim == null || !scim.isObject()) {
      throw ScimException.invalidSyntax("The request body must be a SCIM User JSON object.");
    }
    ObjectNode f = NODES.objectNode();
    String userName = ScimJson.text(scim, "userName");
    if (userName == null || userName.isBlank()) {
      throw ScimException.invalidValue("Attribute 'userName' is required and may not be empty.");
    }
    if (userName.length() > 60) {
      throw ScimException.invalidValue(
          "Attribute 'userName' is longer than Sugar's 60 characters: " + userName.length() + ".");
    }
    f.put("user_name", userName.trim());
    JsonNode name = ScimJson.child(scim, "name");
    f.put("first_name", orEmpty(ScimJson.text(name, "givenName")));
    // Never an empty last name: without name.familyName, the same stand-in as `users apply`.
    f.put(
        "last_name",
        RequiredUserFields.lastName(ScimJson.text(name, "familyName"), userName.trim()));
    f.put("title", orEmpty(ScimJson.text(scim, "title")));
    Boolean active = ScimJson.bool(ScimJson.child(scim, "active"), "active");
    f.put("status", active == null || active ? "Active" : "Inactive");
    PHONE_FIELD_BY_TYPE.values().forEach(field -> f.put(field, ""));
    JsonNode phones = ScimJson.child(scim, "phoneNumbers");
    if (phones != null && phones.isArray()) {
      for (JsonNode p : phones) {
        String value = ScimJson.text(p, "value");
        String type = orEmpty(ScimJson.text(p, "type")).toLowerCase(Locale.ROOT);
        if (value == null) {
          continue;
        }
        if (type.isEmpty() && phones.size() == 1) {
          type = "work";
        }
        String field = PHONE_FIELD_BY_TYPE.get(type);
        if (field != null) {
          f.put(field, checkLength("phoneNumbers[type eq \"" + type + "\"]", value, PHONE_LENGTH));
        }
      }
    }
    ADDRESS_FIELD_BY_SUB.values().forEach(field -> f.put(field, ""));
    JsonNode address = workAddress(ScimJson.child(scim, "addresses"));
    if (address != null) {
      ADDRESS_FIELD_BY_SUB.forEach(
          (sub, field) -> {
            String v = ScimJson.text(address, sub);
            if (v != null) {
              f.put(
                  field,
                  checkLength("addresses[type eq \"work\"]." + sub, v, FIELD_LENGTH.get(field)));
            }
          });
    }
    String language = ScimJson.text(scim, "preferredLanguage");
    f.put(
        "preferred_language",
        language == null ? "" : checkLength("preferredLanguage", sugarLanguage(language), 255));
    f.set("email", emails(ScimJson.child(scim, "emails")));
    JsonNode enterprise = ScimJson.child(scim, ScimSchemas.ENTERPRISE_USER);
    f.put("department", orEmpty(ScimJson.text(enterprise, "department")));
    f.put("reports_to_id", orEmpty(managerId(ScimJson.child(enterprise, "manager"))));
    return f;
  }

  /** The fields of {@code wanted} whose values differ from the Sugar user {@code current}. */
  static ObjectNode changes(ObjectNode current, ObjectNode wanted) {
    ObjectNode out = NODES.objectNode();
    for (String field : WRITTEN_FIELDS) {
      JsonNode w = wanted.get(field);
      if (w == null) {
        continue;
      }
      if (field.equals("email")) {
        if (!addresses(primaryFirst(current.path("email"))).equals(addresses(listOf(w)))) {
          out.set(field, w);
        }
      } else if (!Objects.equals(orEmpty(text(current, field)), w.asText())) {
        out.set(field, w);
      }
    }
    return out;
  }

  /**
   * The attributes of a SCIM User that Sugar has no field for, as the object the bridge keeps:
   * displayName, nickName, userType, name.formatted/middleName/honorificPrefix/honorificSuffix,
   * each email's type (by lower-cased address) and enterprise employeeNumber, costCenter,
   * organization and division. A displayName or name.formatted equal to what Sugar's full name
   * gives ({@code computed}, the user as read from Sugar without kept attributes) is not kept, so
   * that it keeps following the name instead of freezing at the value a PATCH echoes back.
   */
  static ObjectNode bridgeOnly(JsonNode scim, JsonNode computed) {
    ObjectNode kept = NODES.objectNode();
    for (String a : BRIDGE_CORE) {
      String v = keptText(scim, a, a);
      if (v != null && !(a.equals("displayName") && v.equals(ScimJson.text(computed, a)))) {
        kept.put(a, v);
      }
    }
    JsonNode name = ScimJson.child(scim, "name");
    JsonNode computedName = ScimJson.child(computed, "name");
    ObjectNode keptName = NODES.objectNode();
    for (String sub : BRIDGE_NAME) {
      String v = keptText(name, sub, "name." + sub);
      if (v != null
          && !(sub.equals("formatted") && v.equals(ScimJson.text(computedName, "formatted")))) {
        keptName.put(sub, v);
      }
    }
    if (!keptName.isEmpty()) {
      kept.set("name", keptName);
    }
    JsonNode emails = ScimJson.child(scim, "emails");
    ObjectNode types = NODES.objectNode();
    if (emails != null && emails.isArray()) {
      for (JsonNode e : emails) {
        String value = ScimJson.text(e, "value");
        String type = ScimJson.text(e, "type");
        if (value != null && type != null) {
          types.put(value.toLowerCase(Locale.ROOT), type);
        }
      }
    }
    if (emails != null && emails.isArray()) {
      // Kept even when empty: the bridge then knows the addresses have no type, rather than
      // guessing work for the primary one as it does for users it did not write.
      kept.set("emailTypes", types);
    }
    JsonNode addresses = ScimJson.child(scim, "addresses");
    JsonNode work = workAddress(addresses);
    ArrayNode others = NODES.arrayNode();
    if (addresses != null && addresses.isArray()) {
      for (JsonNode a : addresses) {
        if (a != work && a.isObject()) {
          others.add(a.deepCopy());
        }
      }
    }
    if (!others.isEmpty()) {
      kept.set("otherAddresses", others);
    }
    JsonNode enterprise = ScimJson.child(scim, ScimSchemas.ENTERPRISE_USER);
    ObjectNode keptEnterprise = NODES.objectNode();
    for (String a : BRIDGE_ENTERPRISE) {
      String v = keptText(enterprise, a, a);
      if (v != null) {
        keptEnterprise.put(a, v);
      }
    }
    if (!keptEnterprise.isEmpty()) {
      kept.set("enterprise", keptEnterprise);
    }
    return kept;
  }

  /**
   * A string attribute the bridge keeps, or null when absent or empty.
   *
   * @throws ScimException invalidValue when it is a number, boolean, object or array
   */
  private static String keptText(JsonNode node, String name, String attribute) {
    JsonNode v = ScimJson.child(node, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ScimException.invalidValue(
          "Attribute '" + attribute + "' must be a string, not " + v + ".");
    }
    return v.asText().isEmpty() ? null : v.asText();
  }

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
  private static JsonNode workAddress(JsonNode addresses) {
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

  private static String checkLength(String attribute, String value, int max) {
    if (value.length() > max) {
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

  private static Map<String, String> phoneFields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("work", "phone_work");
    m.put("mobile", "phone_mobile");
    m.put("home", "phone_home");
    m.put("other", "phone_other");
    m.put("fax", "phone_fax");
    return m;
  }

  private static Map<String, String> addressFields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("streetAddress", "address_street");
    m.put("locality", "address_city");
    m.put("region", "address_state");
    m.put("postalCode", "address_postalcode");
    m.put("country", "address_country");
    return m;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
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

  private static ArrayNode emails(JsonNode emails) {
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

  private static List<JsonNode> primaryFirst(JsonNode sugarEmails) {
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

  private static List<JsonNode> listOf(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static List<String> addresses(List<JsonNode> emails) {
    List<String> out = new ArrayList<>();
    emails.forEach(e -> out.add(e.path("email_address").asText().toLowerCase(Locale.ROOT)));
    return out;
  }

  private static void addPhone(ArrayNode phones, ObjectNode sugar, String field, String type) {
    String v = text(sugar, field);
    if (v != null) {
      ObjectNode p = phones.addObject();
      p.put("value", v);
      p.put("type", type);
    }
  }

  private static String fullName(ObjectNode sugar) {
    String full = text(sugar, "full_name");
    if (full != null) {
      return full;
    }
    String first = orEmpty(text(sugar, "first_name"));
    String last = orEmpty(text(sugar, "last_name"));
    return (first + " " + last).trim();
  }

  private static void putIfText(ObjectNode target, String name, ObjectNode sugar, String field) {
    String v = text(sugar, field);
    if (v != null) {
      target.put(name, v);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
