package io.sugarbridge.identity.scim;

import static io.sugarbridge.identity.scim.ScimAttribute.of;

import io.sugarbridge.identity.scim.ScimAttribute.Builder;
import io.sugarbridge.identity.scim.ScimAttribute.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attribute table: every attribute of the SCIM User (core and enterprise extension) and Group
 * the bridge knows, declared once, in the order /Schemas lists them. /Schemas ({@link
 * ScimDiscovery}), the PATCH and filter path checks ({@link ScimAttributes}), the Sugar fields a
 * filter is handed to ({@link #filterFields}), the user mapping ({@link ScimUserMapping}) and the
 * attribute tables in docs/scim.md ({@link ScimAttributeDocs}) are all made from it.
 */
final class ScimResourceSchema {
  /** One schema of a resource type: its URN, name, description and attributes. */
  record Schema(String id, String name, String description, List<ScimAttribute> attributes) {}

  private static final String[] MULTI_VALUED_SUBS = {"value", "display", "type", "primary", "$ref"};
  private static final String[] META_SUBS = {
    "resourceType", "created", "lastModified", "location", "version"
  };
  private static final String FULL_NAME_OR_KEPT =
      "Sugar's full name unless set; a set value is kept by the bridge.";

  static final ScimResourceSchema USER =
      new ScimResourceSchema(
          "User",
          new Schema(ScimSchemas.USER, "User", "User Account", build(ScimSchemas.USER, user())),
          new Schema(
              ScimSchemas.ENTERPRISE_USER,
              "EnterpriseUser",
              "Enterprise User",
              build(ScimSchemas.ENTERPRISE_USER, enterprise())));

  static final ScimResourceSchema GROUP =
      new ScimResourceSchema(
          "Group",
          new Schema(
              ScimSchemas.GROUP,
              "Group",
              "Group (a Sugar role)",
              build(ScimSchemas.GROUP, group())));

  private final String resourceType;
  private final List<Schema> schemas;

  private ScimResourceSchema(String resourceType, Schema... schemas) {
    this.resourceType = resourceType;
    this.schemas = List.of(schemas);
  }

  String resourceType() {
    return resourceType;
  }

  /** The core schema first, then the extensions. */
  List<Schema> schemas() {
    return schemas;
  }

  Schema core() {
    return schemas.get(0);
  }

  /** The schema with URN {@code urn} (case-insensitively), or null. */
  Schema schema(String urn) {
    for (Schema s : schemas) {
      if (s.id().equalsIgnoreCase(urn)) {
        return s;
      }
    }
    return null;
  }

  /** The attribute at {@code path} ({@code name} or {@code name.sub}) of schema {@code urn}. */
  ScimAttribute attribute(String urn, String path) {
    Schema s = schema(urn);
    String[] parts = path.split("\\.", 2);
    for (ScimAttribute a : s == null ? List.<ScimAttribute>of() : s.attributes()) {
      if (a.name().equalsIgnoreCase(parts[0])) {
        return parts.length == 1 ? a : a.sub(parts[1]);
      }
    }
    throw new IllegalArgumentException("No attribute " + path + " in " + urn);
  }

  /** A core attribute, {@code name} or {@code name.sub}. */
  ScimAttribute attribute(String path) {
    return attribute(core().id(), path);
  }

  /** Every attribute and sub-attribute of every schema, parents before their subs. */
  List<ScimAttribute> all() {
    List<ScimAttribute> out = new ArrayList<>();
    for (Schema s : schemas) {
      for (ScimAttribute a : s.attributes()) {
        out.add(a);
        out.addAll(a.subAttributes());
      }
    }
    return out;
  }

  /**
   * The attribute paths a list filter can hand to Sugar, and their Sugar fields: core attributes by
   * their path, extension attributes by {@code urn:path}, as the filter parser writes them.
   */
  Map<String, String> filterFields() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ScimAttribute a : all()) {
      if (a.filterField() != null) {
        String key = a.schema().equals(core().id()) ? a.path() : a.schema() + ":" + a.path();
        out.put(key, a.filterField());
      }
    }
    return out;
  }

  /** The attributes of schema {@code urn} that the bridge keeps as plain strings in its state. */
  List<ScimAttribute> keptStrings(String urn, String parent) {
    List<ScimAttribute> out = new ArrayList<>();
    for (ScimAttribute a : all()) {
      if (a.schema().equals(urn)
          && java.util.Objects.equals(a.parent(), parent)
          && a.storage() == Storage.BRIDGE
          && a.type().equals("string")
          && a.published()) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<ScimAttribute> build(String schema, List<Builder> builders) {
    List<ScimAttribute> out = new ArrayList<>();
    builders.forEach(b -> out.add(b.build(schema, null)));
    return List.copyOf(out);
  }

  private static Builder text(String name) {
    return of(name, "string");
  }

  private static Builder multiValue(String name, String... types) {
    return of(name, "complex")
        .multiValued()
        .subAttributes(text("value"), text("type").canonicalValues(types), of("primary", "boolean"))
        .alsoAccepted("display", "$ref");
  }

  private static Builder ignoredMulti(String name) {
    return of(name, "complex")
        .multiValued()
        .storage(Storage.IGNORED)
        .alsoAccepted(MULTI_VALUED_SUBS)
        .unpublished()
        .notes("Accepted and ignored: neither Sugar nor the bridge keeps it.");
  }

  private static List<Builder> user() {
    return List.of(
        text("userName")
            .required()
            .uniqueness("server")
            .sugar("user_name")
            .maxLength(60)
            .filter("user_name")
            .converted()
            .notes(
                "Required, unique (case-insensitively); longer than Sugar's column is 400,"
                    + " not cut."),
        of("name", "complex")
            .storage(Storage.SUGAR_AND_BRIDGE)
            .subAttributes(
                text("givenName").sugar("first_name").filter("first_name"),
                text("familyName")
                    .sugar("last_name")
                    .filter("last_name")
                    .converted()
                    .notes(
                        "Sugar needs a last name: without `name.familyName` (on create, or left"
                            + " out of a PUT or removed by PATCH) `last_name` is the `userName`,"
                            + " as `users apply` does for a file row without `last_name`."),
                text("formatted")
                    .bridge()
                    .description(FULL_NAME_OR_KEPT)
                    .converted()
                    .notes(
                        "Sugar's `full_name`, unless set to something else: that is kept by the"
                            + " bridge; otherwise it follows `first_name`/`last_name`."),
                text("middleName").bridge(),
                text("honorificPrefix").bridge(),
                text("honorificSuffix").bridge()),
        text("displayName")
            .bridge()
            .description(FULL_NAME_OR_KEPT)
            .converted()
            .notes(
                "Sugar's `full_name`, unless set to something else: that is kept by the bridge;"
                    + " otherwise it follows `first_name`/`last_name`."),
        text("nickName")
            .bridge()
            .notes(
                "Like every string the bridge keeps: any other JSON type is 400 `invalidValue`"
                    + " naming the attribute."),
        text("userType").bridge(),
        text("profileUrl").bridge(),
        text("locale").bridge(),
        text("timezone").bridge(),
        text("title").sugar("title").filter("title"),
        text("preferredLanguage")
            .sugar("preferred_language")
            .maxLength(255)
            .converted()
            .description("Sugar's preferred_language: en-US is en_us, de-DE is de_DE.")
            .notes(
                "Sugar's language keys: `en-US` is `en_us`, `de-DE` is `de_DE` (and back); any"
                    + " other value is stored as sent. Sugar does not check it against the"
                    + " instance's installed languages."),
        of("active", "boolean")
            .sugar("status")
            .filter("status")
            .converted()
            .notes(
                "`true` = Active, `false` = Inactive. `\"True\"`/`\"False\"` strings are accepted"
                    + " (Entra ID). Only `active eq true/false` is handed to Sugar."),
        text("password")
            .mutability("writeOnly")
            .returned("never")
            .storage(Storage.IGNORED)
            .description("Accepted and ignored: the bridge never sends a password to Sugar.")
            .notes(
                "Accepted and ignored; never sent to Sugar, never returned. Users sign in however"
                    + " Sugar is set up (SAML, LDAP, or a password an admin sets)."),
        multiValue("emails", "work", "home", "other")
            .sugar("email")
            .storage(Storage.SUGAR_AND_BRIDGE)
            .converted()
            .notes(
                "Sugar's `email` array, the primary email first. Sugar keeps addresses, not"
                    + " their types: each address's type is kept by the bridge (by address,"
                    + " case-insensitively). A user the bridge did not write reads its primary"
                    + " address as type `work`, others as `other`; an address sent without a type"
                    + " reads back without one."),
        multiValue("phoneNumbers", "work", "mobile", "home", "other", "fax")
            .sugarFieldForType("work", "phone_work")
            .sugarFieldForType("mobile", "phone_mobile")
            .sugarFieldForType("home", "phone_home")
            .sugarFieldForType("other", "phone_other")
            .sugarFieldForType("fax", "phone_fax")
            .maxLength(50)
            .converted()
            .notes(
                "One Sugar field per type. A single number without a type is the work"
                    + " number; other types (`pager`...) are ignored. Longer than Sugar's columns is"
                    + " 400 naming the number."),
        of("addresses", "complex")
            .multiValued()
            .storage(Storage.SUGAR_AND_BRIDGE)
            .converted()
            .description(
                "The work address (or a lone address without a type) is kept in Sugar; addresses"
                    + " of other types are kept by the bridge in its state file, not in Sugar.")
            .notes(
                "The work address (a lone address without a type counts as it) goes to Sugar's"
                    + " one address, a sub-attribute too long for its column is 400 naming it;"
                    + " addresses of other types (`home`, `other`) are kept whole by the bridge,"
                    + " as sent.")
            .subAttributes(
                text("streetAddress").sugar("address_street").maxLength(150),
                text("locality").sugar("address_city").maxLength(100),
                text("region").sugar("address_state").maxLength(100),
                text("postalCode").sugar("address_postalcode").maxLength(20),
                text("country").sugar("address_country").maxLength(100),
                text("formatted")
                    .bridge()
                    .notes("Kept for addresses other than work; the work address's is not kept."),
                text("type").canonicalValues("work", "home", "other"),
                of("primary", "boolean")),
        of("groups", "complex")
            .multiValued()
            .mutability("readOnly")
            .storage(Storage.SERVER)
            .subAttributes(
                text("value").mutability("readOnly"), text("display").mutability("readOnly"))
            .alsoAccepted("type", "primary", "$ref")
            .notes(
                "The Sugar roles linked through `aclroles`; returned by `GET /Users/{id}` (not in"
                    + " lists, where it would cost one Sugar call per user)."),
        text("externalId")
            .storage(Storage.BRIDGE)
            .unpublished()
            .notes("Kept in the state file (`--state`), never in Sugar."),
        ignoredMulti("ims"),
        ignoredMulti("photos"),
        ignoredMulti("entitlements"),
        ignoredMulti("roles"),
        ignoredMulti("x509Certificates"),
        text("id")
            .mutability("readOnly")
            .storage(Storage.SERVER)
            .sugar("id")
            .unpublished()
            .notes("The SCIM id is the Sugar user id."),
        of("meta", "complex")
            .mutability("readOnly")
            .storage(Storage.SERVER)
            .alsoAccepted(META_SUBS)
            .unpublished()
            .notes(
                "`created` and `lastModified` are Sugar's `date_entered` and `date_modified`"
                    + " (Sugar keeps seconds); `version` is a weak tag that changes with"
                    + " `date_modified`."),
        of("schemas", "string").mutability("readOnly").storage(Storage.SERVER).unpublished());
  }

  private static List<Builder> enterprise() {
    return List.of(
        text("department").sugar("department").filter("department"),
        text("employeeNumber").bridge(),
        text("costCenter").bridge(),
        text("organization").bridge(),
        text("division").bridge(),
        of("manager", "complex")
            .sugar("reports_to_id")
            .converted()
            .notes(
                "`manager.value` is the manager's SCIM id (= Sugar id): it must be an existing"
                    + " user, not the user itself; a bare id (Entra ID) is read as"
                    + " `{\"value\": id}`.")
            .subAttributes(
                text("value").sugar("reports_to_id"),
                of("$ref", "reference").mutability("readOnly").storage(Storage.SERVER),
                text("displayName")
                    .mutability("readOnly")
                    .sugar("reports_to_name")
                    .notes("Sugar's `reports_to_name`.")));
  }

  private static List<Builder> group() {
    return List.of(
        text("displayName")
            .required()
            .uniqueness("server")
            .sugar("name")
            .filter("name")
            .notes(
                "The role's `name`: required and unique (case-insensitively); a second group"
                    + " with the same name is 409."),
        of("members", "complex")
            .multiValued()
            .sugar("users")
            .notes(
                "The users linked to the role (its `users` link). Users only: Sugar roles cannot"
                    + " contain roles, so a `type: Group` member is 400. Unknown user ids are"
                    + " 400, naming them.")
            .subAttributes(
                text("value").mutability("immutable"),
                of("$ref", "reference").mutability("immutable"),
                text("type").mutability("immutable"),
                text("display").mutability("readOnly")),
        text("externalId").storage(Storage.BRIDGE).unpublished().notes("Kept in the state file."),
        text("id")
            .mutability("readOnly")
            .storage(Storage.SERVER)
            .sugar("id")
            .unpublished()
            .notes("The ACLRoles id."),
        of("meta", "complex")
            .mutability("readOnly")
            .storage(Storage.SERVER)
            .alsoAccepted(META_SUBS)
            .unpublished(),
        of("schemas", "string").mutability("readOnly").storage(Storage.SERVER).unpublished());
  }

  /** Lower-cased, for case-insensitive lookups by schema URN. */
  static String key(String urn) {
    return urn.toLowerCase(Locale.ROOT);
  }
}
