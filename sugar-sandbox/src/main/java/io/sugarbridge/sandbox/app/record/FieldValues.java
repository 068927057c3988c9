package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;

/**
 * The value of any field of a record, stored or computed: full names of people, relate fields (e.g.
 * Contacts' {@code account_name} through the {@code accounts} link), parent names. Filters,
 * ordering and formatting all read fields through here, so they agree.
 */
public final class FieldValues {
  private final AppContext ctx;
  private final Relations relations;

  public FieldValues(AppContext ctx, Relations relations) {
    this.ctx = ctx;
    this.relations = relations;
  }

  /** The field's value, or null when it has none. */
  public JsonNode value(ModuleDef module, ObjectNode record, String field) {
    if (record == null) {
      return null;
    }
    ObjectNode def = module.field(field);
    if (def == null || !"non-db".equals(def.path("source").asText())) {
      JsonNode v = record.get(field);
      return v == null || v.isNull() ? null : v;
    }
    String type = def.path("type").asText();
    switch (type) {
      case "fullname":
        return fullName(record);
      case "relate":
        return relate(module, record, def);
      case "parent":
        return parentName(record, def);
      default:
        JsonNode v = record.get(field);
        return v == null || v.isNull() ? null : v;
    }
  }

  /** A value as plain text ("" for none). */
  public String text(ModuleDef module, ObjectNode record, String field) {
    JsonNode v = value(module, record, field);
    return v == null ? "" : v.isValueNode() ? v.asText() : v.toString();
  }

  /** A record's display name: {@code name}, or first and last name for people. */
  public String displayName(ModuleDef module, ObjectNode record) {
    JsonNode v = value(module, record, module.hasField("name") ? "name" : "id");
    return v == null ? "" : v.asText();
  }

  private static JsonNode fullName(ObjectNode record) {
    String first = record.path("first_name").asText("");
    String last = record.path("last_name").asText("");
    String full = (first + " " + last).trim();
    return full.isEmpty() ? null : TextNode.valueOf(full);
  }

  private JsonNode relate(ModuleDef module, ObjectNode record, ObjectNode def) {
    String rname = def.path("rname").asText("name");
    String targetName = def.path("module").asText();
    ModuleDef target = ctx.module(targetName);
    ObjectNode related = null;
    String idName = def.path("id_name").asText(null);
    if (idName != null && module.hasField(idName) && !module.isNonDb(idName)) {
      String id = record.path(idName).asText(null);
      related = id == null ? null : ctx.store().get(targetName, id);
      if (related != null && related.path("deleted").asBoolean(false)) {
        related = null;
      }
    } else {
      LinkDef link = module.links().get(def.path("link").asText());
      if (link != null) {
        related = relations.first(link, record);
      }
    }
    if (related == null || target == null) {
      return null;
    }
    return "id".equals(rname) ? related.get("id") : value(target, related, rname);
  }

  private JsonNode parentName(ObjectNode record, ObjectNode def) {
    String type = record.path(def.path("type_name").asText("parent_type")).asText("");
    String id = record.path(def.path("id_name").asText("parent_id")).asText(null);
    ModuleDef target = ctx.module(type);
    if (target == null || id == null) {
      return null;
    }
    ObjectNode parent = ctx.store().get(type, id);
    if (parent == null || parent.path("deleted").asBoolean(false)) {
      return null;
    }
    String name = displayName(target, parent);
    return name.isEmpty() ? null : TextNode.valueOf(name);
  }
}
