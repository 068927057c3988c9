package io.sugarbridge.sandbox.app.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Sugar module of the sandbox: its name, table, field definitions (vardefs, as served by {@code
 * /metadata}) and links. Built by {@link ModuleCatalog} from the data files; immutable.
 */
public final class ModuleDef {
  private final String name;
  private final String table;
  private final String objectName;
  private final boolean sync;
  private final Map<String, ObjectNode> fields;
  private final Map<String, LinkDef> links;
  private final Set<String> noAccessFields;
  private final Set<String> adminOnlyFields;

  ModuleDef(
      String name,
      String table,
      String objectName,
      boolean sync,
      Map<String, ObjectNode> fields,
      Map<String, LinkDef> links,
      Set<String> noAccessFields,
      Set<String> adminOnlyFields) {
    this.name = name;
    this.table = table;
    this.objectName = objectName;
    this.sync = sync;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    this.noAccessFields = Set.copyOf(noAccessFields);
    this.adminOnlyFields = Set.copyOf(adminOnlyFields);
  }

  public String name() {
    return name;
  }

  public String table() {
    return table;
  }

  public String objectName() {
    return objectName;
  }

  /** Whether this is one of the modules sugarbridge syncs (and {@code seed} fills). */
  public boolean sync() {
    return sync;
  }

  /** Field name to vardef, in declaration order. Callers must not modify the nodes. */
  public Map<String, ObjectNode> fields() {
    return fields;
  }

  public Map<String, LinkDef> links() {
    return links;
  }

  public ObjectNode field(String fieldName) {
    return fields.get(fieldName);
  }

  public boolean hasField(String fieldName) {
    return fields.containsKey(fieldName);
  }

  public String type(String fieldName) {
    ObjectNode f = fields.get(fieldName);
    return f == null ? null : f.path("type").asText();
  }

  /** The storage type: {@code dbType} when declared, else {@code type}. */
  public String dbType(String fieldName) {
    ObjectNode f = fields.get(fieldName);
    if (f == null) {
      return null;
    }
    JsonNode db = f.get("dbType");
    return db != null ? db.asText() : f.path("type").asText();
  }

  public boolean isLink(String fieldName) {
    return "link".equals(type(fieldName));
  }

  public boolean isNonDb(String fieldName) {
    ObjectNode f = fields.get(fieldName);
    return f != null && "non-db".equals(f.path("source").asText());
  }

  /** Whether records of this module carry the {@code email} array (and legacy email fields). */
  public boolean hasEmail() {
    return "email".equals(type("email"));
  }

  /** Whether {@code name} is computed from first and last name (Contacts, Leads, Users). */
  public boolean isPerson() {
    return "fullname".equals(type("name")) || "fullname".equals(type("full_name"));
  }

  /** Fields hidden from users other than the record's own user (Users' no_access_fields). */
  public Set<String> noAccessFields() {
    return noAccessFields;
  }

  /** Fields only an admin may write (Users). */
  public Set<String> adminOnlyFields() {
    return adminOnlyFields;
  }

  /** Names of fields with {@code required: true}. */
  public List<String> requiredFields() {
    return fields.values().stream()
        .filter(f -> f.path("required").asBoolean(false))
        .filter(f -> !"id".equals(f.path("name").asText()))
        .map(f -> f.path("name").asText())
        .toList();
  }
}
