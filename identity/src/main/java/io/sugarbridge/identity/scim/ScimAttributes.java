package io.sugarbridge.identity.scim;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The attribute names RFC 7643 defines for each resource type, used to refuse a PATCH path that
 * names no such attribute (a typo, another resource's schema) with 400 invalidPath instead of
 * silently doing nothing. Attributes the bridge neither maps to Sugar nor keeps itself (ims,
 * photos, entitlements...) are still valid names: identity providers send them, and the bridge
 * ignores them, as docs/scim.md lists.
 */
final class ScimAttributes {
  private static final Set<String> MULTI_VALUED_SUBS =
      names("value", "display", "type", "primary", "$ref");

  private static final Set<String> META_SUBS =
      names("resourceType", "created", "lastModified", "location", "version");

  /** Attribute name to its sub-attributes (empty for simple attributes), per schema. */
  private final Map<String, Map<String, Set<String>>> bySchema;

  private final Set<String> readOnly;
  private final String coreSchema;

  private ScimAttributes(
      String coreSchema, Map<String, Map<String, Set<String>>> bySchema, Set<String> readOnly) {
    this.coreSchema = coreSchema;
    this.bySchema = bySchema;
    this.readOnly = readOnly;
  }

  static final ScimAttributes USER =
      new ScimAttributes(
          ScimSchemas.USER,
          Map.of(
              ScimSchemas.USER.toLowerCase(java.util.Locale.ROOT),
              attrs(
                  "externalId", Set.of(),
                  "userName", Set.of(),
                  "name",
                      names(
                          "formatted",
                          "familyName",
                          "givenName",
                          "middleName",
                          "honorificPrefix",
                          "honorificSuffix"),
                  "displayName", Set.of(),
                  "nickName", Set.of(),
                  "profileUrl", Set.of(),
                  "title", Set.of(),
                  "userType", Set.of(),
                  "preferredLanguage", Set.of(),
                  "locale", Set.of(),
                  "timezone", Set.of(),
                  "active", Set.of(),
                  "password", Set.of(),
                  "emails", MULTI_VALUED_SUBS,
                  "phoneNumbers", MULTI_VALUED_SUBS,
                  "ims", MULTI_VALUED_SUBS,
                  "photos", MULTI_VALUED_SUBS,
                  "addresses",
                      names(
                          "formatted",
                          "streetAddress",
                          "locality",
                          "region",
                          "postalCode",
                          "country",
                          "type",
                          "primary"),
                  "groups", MULTI_VALUED_SUBS,
                  "entitlements", MULTI_VALUED_SUBS,
                  "roles", MULTI_VALUED_SUBS,
                  "x509Certificates", MULTI_VALUED_SUBS,
                  "id", Set.of(),
                  "meta", META_SUBS,
                  "schemas", Set.of()),
              ScimSchemas.ENTERPRISE_USER.toLowerCase(java.util.Locale.ROOT),
              attrs(
                  "employeeNumber", Set.of(),
                  "costCenter", Set.of(),
                  "organization", Set.of(),
                  "division", Set.of(),
                  "department", Set.of(),
                  "manager", names("value", "$ref", "displayName"))),
          names("id", "meta", "groups", "schemas"));

  static final ScimAttributes GROUP =
      new ScimAttributes(
          ScimSchemas.GROUP,
          Map.of(
              ScimSchemas.GROUP.toLowerCase(java.util.Locale.ROOT),
              attrs(
                  "externalId", Set.of(),
                  "displayName", Set.of(),
                  "members", names("value", "display", "type", "$ref"),
                  "id", Set.of(),
                  "meta", META_SUBS,
                  "schemas", Set.of())),
          names("id", "meta", "schemas"));

  /**
   * Checks a PATCH path.
   *
   * @throws ScimException invalidPath for an unknown schema or attribute, mutability for a
   *     read-only attribute
   */
  void checkPatchPath(String text) {
    Path path;
    try {
      path = Path.fromString(text);
    } catch (BadRequestException | RuntimeException e) {
      throw ScimException.invalidPath("PATCH path '" + text + "' is not valid: " + e.getMessage());
    }
    String schema = path.getSchemaUrn() == null ? coreSchema : path.getSchemaUrn();
    Map<String, Set<String>> attributes = bySchema.get(schema.toLowerCase(java.util.Locale.ROOT));
    if (attributes == null) {
      throw ScimException.invalidPath(
          "PATCH path '" + text + "' names the schema " + schema + ", which this resource lacks.");
    }
    if (path.size() == 0) {
      return;
    }
    if (path.size() > 2) {
      throw ScimException.invalidPath("PATCH path '" + text + "' is nested too deeply.");
    }
    String first = path.getElement(0).getAttribute();
    Set<String> subs = attributes.get(first);
    if (subs == null) {
      throw ScimException.invalidPath(
          "PATCH path '" + text + "': there is no attribute '" + first + "' in " + schema + ".");
    }
    if (path.getSchemaUrn() == null || schema.equals(coreSchema)) {
      if (readOnly.contains(first)) {
        throw ScimException.mutability("PATCH path '" + text + "': '" + first + "' is read-only.");
      }
    }
    if (path.size() == 2) {
      String second = path.getElement(1).getAttribute();
      if (!subs.contains(second)) {
        throw ScimException.invalidPath(
            "PATCH path '" + text + "': '" + first + "' has no sub-attribute '" + second + "'.");
      }
    }
  }

  /**
   * Why a filter may not name {@code path} (a sub-attribute of {@code parent}, inside {@code
   * parent[...]}, when parent is not null), or null when it may.
   */
  String unknownFilterPath(Path path, Path parent) {
    String urn = path.getSchemaUrn() != null ? path.getSchemaUrn() : null;
    if (urn == null && parent != null) {
      urn = parent.getSchemaUrn();
    }
    String schema = urn == null ? coreSchema : urn;
    Map<String, Set<String>> attributes = bySchema.get(schema.toLowerCase(java.util.Locale.ROOT));
    if (attributes == null) {
      return "the schema " + schema + ", which this resource lacks";
    }
    List<String> names = new ArrayList<>();
    if (parent != null) {
      for (int i = 0; i < parent.size(); i++) {
        names.add(parent.getElement(i).getAttribute());
      }
    }
    for (int i = 0; i < path.size(); i++) {
      names.add(path.getElement(i).getAttribute());
    }
    String written = String.join(".", names);
    if (names.isEmpty() || names.size() > 2) {
      return "'" + written + "', which is not an attribute of " + schema;
    }
    Set<String> subs = attributes.get(names.get(0));
    if (subs == null) {
      return "'" + names.get(0) + "', which is not an attribute of " + schema;
    }
    if (names.size() == 2 && !subs.contains(names.get(1))) {
      return "'"
          + written
          + "': '"
          + names.get(0)
          + "' has no sub-attribute '"
          + names.get(1)
          + "'";
    }
    return null;
  }

  private static Set<String> names(String... names) {
    Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    s.addAll(java.util.List.of(names));
    return s;
  }

  private static Map<String, Set<String>> attrs(Object... pairs) {
    Map<String, Set<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      Set<String> subs = (Set<String>) pairs[i + 1];
      m.put((String) pairs[i], subs);
    }
    return m;
  }
}
