package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps a SCIM User (core schema plus the enterprise extension) onto the Sugar Users fields and
 * back: userName to {@code user_name}, name.givenName/familyName to {@code first_name}/{@code
 * last_name}, emails to the {@code email} array (the primary one first), phoneNumbers of type work
 * and mobile to {@code phone_work}/{@code phone_mobile}, title, active to {@code status}
 * Active/Inactive, enterprise department to {@code department} and manager.value (the manager's
 * SCIM id, which is its Sugar id) to {@code reports_to_id}. The password is never mapped.
 */
final class ScimUserMapping {
  /** The Sugar fields the bridge reads; the list view asks for exactly these. */
  static final List<String> SUGAR_FIELDS =
      List.of(
          "id",
          "user_name",
          "first_name",
          "last_name",
          "full_name",
          "title",
          "department",
          "phone_work",
          "phone_mobile",
          "status",
          "reports_to_id",
          "reports_to_name",
          "email",
          "date_entered",
          "date_modified");

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
          "status",
          "reports_to_id",
          "email");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScimUserMapping() {}

  /** The SCIM representation of a Sugar user. */
  static ObjectNode toScim(ObjectNode sugar, String externalId, String baseUrl) {
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
    String full = fullName(sugar);
    if (!full.isEmpty()) {
      name.put("formatted", full);
      u.put("displayName", full);
    }
    putIfText(u, "title", sugar, "title");
    u.put("active", "Active".equalsIgnoreCase(sugar.path("status").asText("Active")));
    ArrayNode emails = NODES.arrayNode();
    for (JsonNode e : primaryFirst(sugar.path("email"))) {
      ObjectNode o = emails.addObject();
      o.put("value", e.path("email_address").asText());
      boolean primary = emails.size() == 1;
      o.put("type", primary ? "work" : "other");
      o.put("primary", primary);
    }
    if (!emails.isEmpty()) {
      u.set("emails", emails);
    }
    ArrayNode phones = NODES.arrayNode();
    addPhone(phones, sugar, "phone_work", "work");
    addPhone(phones, sugar, "phone_mobile", "mobile");
    if (!phones.isEmpty()) {
      u.set("phoneNumbers", phones);
    }
    ObjectNode enterprise = NODES.objectNode();
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
    f.put("last_name", orEmpty(ScimJson.text(name, "familyName")));
    f.put("title", orEmpty(ScimJson.text(scim, "title")));
    Boolean active = ScimJson.bool(ScimJson.child(scim, "active"), "active");
    f.put("status", active == null || active ? "Active" : "Inactive");
    f.put("phone_work", "");
    f.put("phone_mobile", "");
    JsonNode phones = ScimJson.child(scim, "phoneNumbers");
    if (phones != null && phones.isArray()) {
      for (JsonNode p : phones) {
        String value = ScimJson.text(p, "value");
        String type = orEmpty(ScimJson.text(p, "type")).toLowerCase(Locale.ROOT);
        if (value == null) {
          continue;
        }
        if (type.equals("mobile")) {
          f.put("phone_mobile", value);
        } else if (type.equals("work") || (type.isEmpty() && phones.size() == 1)) {
          f.put("phone_work", value);
        }
      }
    }
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
