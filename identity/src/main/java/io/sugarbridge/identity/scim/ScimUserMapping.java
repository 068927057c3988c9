package io.sugarbridge.identity.scim;

import static io.sugarbridge.identity.scim.SugarUserValues.checkLength;
import static io.sugarbridge.identity.scim.SugarUserValues.orEmpty;
import static io.sugarbridge.identity.scim.SugarUserValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.directory.RequiredUserFields;
import io.sugarbridge.identity.scim.ScimAttribute.Storage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Maps a SCIM User (core schema plus the enterprise extension) onto the Sugar Users fields and
 * back, as the attribute table ({@link ScimResourceSchema#USER}) says: an attribute kept in Sugar
 * is copied to or from its Sugar field, one kept by the bridge goes into the object the bridge
 * keeps in its state file ({@link #bridgeOnly}) and is merged back when reading, and an ignored one
 * (the password among them) is never mapped. The attributes the table marks as converted have their
 * rule here (userName, name.familyName, the full-name defaults, preferredLanguage, active, emails,
 * phoneNumbers, addresses and the manager); the value work is {@link SugarUserValues}'.
 */
final class ScimUserMapping {
  private static final ScimResourceSchema USER = ScimResourceSchema.USER;
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;

  /** The Sugar fields a SCIM write sets; the rest of a Sugar user is left alone. */
  static final List<String> WRITTEN_FIELDS = writtenFields();

  /**
   * The Sugar fields the bridge reads; the list view asks for exactly these: every written field
   * plus those Sugar sets itself.
   */
  static final List<String> SUGAR_FIELDS =
      Stream.concat(
              WRITTEN_FIELDS.stream(),
              Stream.of("id", "full_name", "reports_to_name", "date_entered", "date_modified"))
          .toList();

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
    return ScimUserReading.toScim(sugar, externalId, kept, baseUrl);
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
    ScimAttribute userNameAttribute = USER.attribute("userName");
    String userName = ScimJson.text(scim, userNameAttribute.name());
    if (userName == null || userName.isBlank()) {
      throw ScimException.invalidValue("Attribute 'userName' is required and may not be empty.");
    }
    if (userName.length() > userNameAttribute.maxLength()) {
      throw ScimException.invalidValue(
          "Attribute 'userName' is longer than Sugar's "
              + userNameAttribute.maxLength()
              + " characters: "
              + userName.length()
              + ".");
    }
    ObjectNode f = NODES.objectNode();
    Writing w = new Writing(f, userName.trim());
    for (ScimAttribute a : USER.core().attributes()) {
      w.write(a, scim);
    }
    JsonNode enterprise = ScimJson.child(scim, ENTERPRISE);
    for (ScimAttribute a : USER.schema(ENTERPRISE).attributes()) {
      w.write(a, enterprise);
    }
    return f;
  }

  /** One SCIM user being turned into Sugar field values. */
  private record Writing(ObjectNode f, String userName) {
    void write(ScimAttribute a, JsonNode node) {
      if (a.storage() != Storage.SUGAR && a.storage() != Storage.SUGAR_AND_BRIDGE) {
        return;
      }
      if (a.converted()) {
        writeConverted(a, node);
      } else if (a.type().equals("complex")) {
        JsonNode child = ScimJson.child(node, a.name());
        a.subAttributes().forEach(sub -> write(sub, child));
      } else {
        f.put(a.sugarField(), orEmpty(ScimJson.text(node, a.name())));
      }
    }

    private void writeConverted(ScimAttribute a, JsonNode node) {
      JsonNode value = ScimJson.child(node, a.name());
      switch (a.path()) {
        case "userName" -> f.put(a.sugarField(), userName);
        // Never an empty last name: without name.familyName, the same stand-in as `users apply`.
        case "name.familyName" ->
            f.put(
                a.sugarField(),
                RequiredUserFields.lastName(ScimJson.text(node, a.name()), userName));
        case "active" -> {
          Boolean active = ScimJson.bool(value, a.name());
          f.put(a.sugarField(), active == null || active ? "Active" : "Inactive");
        }
        case "preferredLanguage" -> {
          String language = ScimJson.text(node, a.name());
          f.put(
              a.sugarField(),
              language == null
                  ? ""
                  : checkLength(a.name(), SugarUserValues.sugarLanguage(language), a.maxLength()));
        }
        case "emails" -> f.set(a.sugarField(), SugarUserValues.sugarEmails(value));
        case "phoneNumbers" -> writePhones(a, value);
        case "addresses" -> writeWorkAddress(a, value);
        case "manager" -> f.put(a.sugarField(), orEmpty(SugarUserValues.managerId(value)));
        default -> throw new IllegalStateException("No rule writes the attribute " + a.path());
      }
    }

    private void writePhones(ScimAttribute a, JsonNode phones) {
      a.sugarFieldByType().values().forEach(field -> f.put(field, ""));
      if (phones == null || !phones.isArray()) {
        return;
      }
      for (JsonNode p : phones) {
        String value = ScimJson.text(p, "value");
        String type = orEmpty(ScimJson.text(p, "type")).toLowerCase(Locale.ROOT);
        if (value == null) {
          continue;
        }
        if (type.isEmpty() && phones.size() == 1) {
          type = "work";
        }
        String field = a.sugarFieldByType().get(type);
        if (field != null) {
          String attribute = a.name() + "[type eq \"" + type + "\"]";
          f.put(field, checkLength(attribute, value, a.maxLength()));
        }
      }
    }

    private void writeWorkAddress(ScimAttribute a, JsonNode addresses) {
      List<ScimAttribute> mapped =
          a.subAttributes().stream().filter(sub -> sub.sugarField() != null).toList();
      mapped.forEach(sub -> f.put(sub.sugarField(), ""));
      JsonNode address = SugarUserValues.workAddress(addresses);
      if (address == null) {
        return;
      }
      for (ScimAttribute sub : mapped) {
        String v = ScimJson.text(address, sub.name());
        if (v != null) {
          String attribute = a.name() + "[type eq \"work\"]." + sub.name();
          f.put(sub.sugarField(), checkLength(attribute, v, sub.maxLength()));
        }
      }
    }
  }

  /** The fields of {@code wanted} whose values differ from the Sugar user {@code current}. */
  static ObjectNode changes(ObjectNode current, ObjectNode wanted) {
    ObjectNode out = NODES.objectNode();
    String emailField = USER.attribute("emails").sugarField();
    for (String field : WRITTEN_FIELDS) {
      JsonNode w = wanted.get(field);
      if (w == null) {
        continue;
      }
      if (field.equals(emailField)) {
        if (!SugarUserValues.sameEmails(current.path(field), w)) {
          out.set(field, w);
        }
      } else if (!Objects.equals(orEmpty(text(current, field)), w.asText())) {
        out.set(field, w);
      }
    }
    return out;
  }

  /**
   * The attributes of a SCIM User that Sugar has no field for (those the attribute table says the
   * bridge keeps), as the object the bridge keeps: the core ones by name, name's under {@code
   * name}, the enterprise ones under {@code enterprise}, each email's type (by lower-cased address)
   * under {@code emailTypes} and the addresses other than work under {@code otherAddresses}. A
   * displayName or name.formatted equal to what Sugar's full name gives ({@code computed}, the user
   * as read from Sugar without kept attributes) is not kept, so that it keeps following the name
   * instead of freezing at the value a PATCH echoes back.
   */
  static ObjectNode bridgeOnly(JsonNode scim, JsonNode computed) {
    ObjectNode kept = NODES.objectNode();
    keepStrings(kept, USER.keptStrings(ScimSchemas.USER, null), scim, computed, "");
    JsonNode name = ScimJson.child(scim, "name");
    ObjectNode keptName = NODES.objectNode();
    keepStrings(
        keptName,
        USER.keptStrings(ScimSchemas.USER, "name"),
        name,
        ScimJson.child(computed, "name"),
        "name.");
    if (!keptName.isEmpty()) {
      kept.set("name", keptName);
    }
    JsonNode emails = ScimJson.child(scim, "emails");
    if (emails != null && emails.isArray()) {
      ObjectNode types = NODES.objectNode();
      for (JsonNode e : emails) {
        String value = ScimJson.text(e, "value");
        String type = ScimJson.text(e, "type");
        if (value != null && type != null) {
          types.put(value.toLowerCase(Locale.ROOT), type);
        }
      }
      // Kept even when empty: the bridge then knows the addresses have no type, rather than
      // guessing work for the primary one as it does for users it did not write.
      kept.set("emailTypes", types);
    }
    JsonNode addresses = ScimJson.child(scim, "addresses");
    JsonNode work = SugarUserValues.workAddress(addresses);
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
    ObjectNode keptEnterprise = NODES.objectNode();
    keepStrings(
        keptEnterprise,
        USER.keptStrings(ENTERPRISE, null),
        ScimJson.child(scim, ENTERPRISE),
        null,
        "");
    if (!keptEnterprise.isEmpty()) {
      kept.set("enterprise", keptEnterprise);
    }
    return kept;
  }

  private static void keepStrings(
      ObjectNode into,
      List<ScimAttribute> attributes,
      JsonNode node,
      JsonNode computed,
      String prefix) {
    for (ScimAttribute a : attributes) {
      String v = keptText(node, a.name(), prefix + a.name());
      // A converted kept attribute defaults to Sugar's full name: the default is not kept.
      if (v != null && !(a.converted() && v.equals(ScimJson.text(computed, a.name())))) {
        into.put(a.name(), v);
      }
    }
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

  /** The Sugar fields the mapped attributes write, in the table's order. */
  private static List<String> writtenFields() {
    Set<String> out = new LinkedHashSet<>();
    for (ScimAttribute a : USER.all()) {
      boolean inSugar = a.storage() == Storage.SUGAR || a.storage() == Storage.SUGAR_AND_BRIDGE;
      if (inSugar && a.mutability().equals("readWrite") && a.sugarField() != null) {
        out.add(a.sugarField());
      }
      out.addAll(a.sugarFieldByType().values());
    }
    return List.copyOf(out);
  }
}
