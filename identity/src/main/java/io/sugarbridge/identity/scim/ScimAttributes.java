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
 * The attribute names of each resource type, from the attribute table ({@link ScimResourceSchema}),
 * used to refuse a PATCH path or filter that names no such attribute (a typo, another resource's
 * schema) with 400 invalidPath or invalidFilter instead of silently doing nothing, and a PATCH of a
 * read-only core attribute with 400 mutability. Attributes the bridge neither maps to Sugar nor
 * keeps itself (ims, photos, entitlements...) are still valid names: identity providers send them,
 * and the bridge ignores them, as docs/scim.md lists.
 */
final class ScimAttributes {
  /** Attribute name to its sub-attributes (empty for simple attributes), per schema. */
  private final Map<String, Map<String, Set<String>>> bySchema;

  private final Set<String> readOnly;
  private final String coreSchema;

  private ScimAttributes(ScimResourceSchema resource) {
    this.coreSchema = resource.core().id();
    Map<String, Map<String, Set<String>>> schemas = new TreeMap<>();
    for (ScimResourceSchema.Schema s : resource.schemas()) {
      Map<String, Set<String>> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (ScimAttribute a : s.attributes()) {
        Set<String> subs = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        a.subAttributes().forEach(sub -> subs.add(sub.name()));
        subs.addAll(a.alsoAccepted());
        attributes.put(a.name(), subs);
      }
      schemas.put(ScimResourceSchema.key(s.id()), attributes);
    }
    this.bySchema = schemas;
    Set<String> ro = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (ScimAttribute a : resource.core().attributes()) {
      if (a.mutability().equals("readOnly")) {
        ro.add(a.name());
      }
    }
    this.readOnly = ro;
  }

  static final ScimAttributes USER = new ScimAttributes(ScimResourceSchema.USER);

  static final ScimAttributes GROUP = new ScimAttributes(ScimResourceSchema.GROUP);

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
}
