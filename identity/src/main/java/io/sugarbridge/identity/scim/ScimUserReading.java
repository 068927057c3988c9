package io.sugarbridge.identity.scim;

import static io.sugarbridge.identity.scim.SugarUserValues.emptyToNull;
import static io.sugarbridge.identity.scim.SugarUserValues.firstNonNull;
import static io.sugarbridge.identity.scim.SugarUserValues.putIfText;
import static io.sugarbridge.identity.scim.SugarUserValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.scim.ScimAttribute.Storage;
import java.util.Locale;

/**
 * The Sugar-to-SCIM direction of {@link ScimUserMapping}: a Sugar user, and what the bridge keeps
 * for it, read into a SCIM User attribute by attribute as the attribute table says.
 */
final class ScimUserReading {
  private static final ScimResourceSchema USER = ScimResourceSchema.USER;
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScimUserReading() {}

  /**
   * The SCIM representation of a Sugar user, with the attributes the bridge keeps for it ({@code
   * kept}, from {@link #bridgeOnly}; null when none) merged in.
   */
  static ObjectNode toScim(ObjectNode sugar, String externalId, JsonNode kept, String baseUrl) {
    ObjectNode u = NODES.objectNode();
    ArrayNode schemas = u.putArray("schemas");
    schemas.add(ScimSchemas.USER);
    schemas.add(ENTERPRISE);
    String id = sugar.path("id").asText();
    u.put("id", id);
    if (externalId != null) {
      u.put("externalId", externalId);
    }
    Reading r = new Reading(sugar, kept, baseUrl);
    for (ScimAttribute a : USER.core().attributes()) {
      r.read(u, a, kept);
    }
    ObjectNode enterprise = NODES.objectNode();
    for (ScimAttribute a : USER.schema(ENTERPRISE).attributes()) {
      r.read(enterprise, a, kept == null ? null : kept.get("enterprise"));
    }
    if (!enterprise.isEmpty()) {
      u.set(ENTERPRISE, enterprise);
    }
    u.set("meta", ScimJson.meta("User", sugar, baseUrl + "/Users/" + id));
    return u;
  }

  /** One Sugar user being read into SCIM form. */
  private record Reading(ObjectNode sugar, JsonNode kept, String baseUrl) {
    /** Puts attribute {@code a} into {@code target}; {@code keptHere} holds its kept sibling. */
    void read(ObjectNode target, ScimAttribute a, JsonNode keptHere) {
      if (!a.published() || a.storage() == Storage.IGNORED || a.storage() == Storage.SERVER) {
        return;
      }
      if (a.converted()) {
        readConverted(target, a, keptHere);
      } else if (a.type().equals("complex")) {
        ObjectNode child = target.putObject(a.name());
        JsonNode keptChild = keptHere == null ? null : keptHere.get(a.name());
        a.subAttributes().forEach(sub -> read(child, sub, keptChild));
      } else if (a.storage() == Storage.BRIDGE) {
        String v = ScimJson.text(keptHere, a.name());
        if (v != null) {
          target.put(a.name(), v);
        }
      } else {
        putIfText(target, a.name(), sugar, a.sugarField());
      }
    }

    private void readConverted(ObjectNode target, ScimAttribute a, JsonNode keptHere) {
      switch (a.path()) {
        case "userName" -> target.put(a.name(), sugar.path(a.sugarField()).asText(""));
        case "name.familyName" -> putIfText(target, a.name(), sugar, a.sugarField());
        case "name.formatted", "displayName" -> {
          String v =
              firstNonNull(
                  ScimJson.text(keptHere, a.name()), emptyToNull(SugarUserValues.fullName(sugar)));
          if (v != null) {
            target.put(a.name(), v);
          }
        }
        case "preferredLanguage" -> {
          String language = text(sugar, a.sugarField());
          if (language != null) {
            target.put(a.name(), SugarUserValues.scimLanguage(language));
          }
        }
        case "active" ->
            target.put(
                a.name(), "Active".equalsIgnoreCase(sugar.path(a.sugarField()).asText("Active")));
        case "emails" -> readEmails(target, a);
        case "phoneNumbers" -> {
          ArrayNode phones = NODES.arrayNode();
          a.sugarFieldByType()
              .forEach(
                  (type, field) -> {
                    String v = text(sugar, field);
                    if (v != null) {
                      phones.addObject().put("value", v).put("type", type);
                    }
                  });
          if (!phones.isEmpty()) {
            target.set(a.name(), phones);
          }
        }
        case "addresses" -> readAddresses(target, a);
        case "manager" -> {
          String manager = text(sugar, a.sugarField());
          if (manager != null) {
            ObjectNode m = target.putObject(a.name());
            m.put("value", manager);
            m.put("$ref", baseUrl + "/Users/" + manager);
            putIfText(m, "displayName", sugar, a.sub("displayName").sugarField());
          }
        }
        default -> throw new IllegalStateException("No rule reads the attribute " + a.path());
      }
    }

    private void readEmails(ObjectNode target, ScimAttribute a) {
      ArrayNode emails = NODES.arrayNode();
      JsonNode keptTypes = kept == null ? null : kept.get("emailTypes");
      for (JsonNode e : SugarUserValues.primaryFirst(sugar.path(a.sugarField()))) {
        ObjectNode o = emails.addObject();
        o.put("value", e.path("email_address").asText());
        boolean primary = emails.size() == 1;
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
        target.set(a.name(), emails);
      }
    }

    private void readAddresses(ObjectNode target, ScimAttribute a) {
      ObjectNode address = NODES.objectNode();
      address.put("type", "work");
      for (ScimAttribute sub : a.subAttributes()) {
        if (sub.sugarField() != null) {
          putIfText(address, sub.name(), sugar, sub.sugarField());
        }
      }
      ArrayNode addresses = NODES.arrayNode();
      if (address.size() > 1) {
        address.put("primary", true);
        addresses.add(address);
      }
      JsonNode keptAddresses = kept == null ? null : kept.get("otherAddresses");
      if (keptAddresses != null && keptAddresses.isArray()) {
        keptAddresses.forEach(o -> addresses.add(o.deepCopy()));
      }
      if (!addresses.isEmpty()) {
        target.set(a.name(), addresses);
      }
    }
  }
}
