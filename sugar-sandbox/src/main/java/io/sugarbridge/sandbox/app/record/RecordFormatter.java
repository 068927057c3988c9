package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.users.AccessControl;
import java.util.Map;
import java.util.Set;

/**
 * Turns a stored record into the JSON Sugar answers with: every field of the module (or the
 * requested ones plus those Sugar always adds), typed as Sugar types them, with {@code _acl} and
 * {@code _module}; passwords read back as {@code true}/{@code null}; Users' private fields hidden
 * from other users.
 */
public final class RecordFormatter {
  /** Fields a list or read always includes, whatever {@code fields} asks (sugar-api.md 3.5). */
  public static final Set<String> ALWAYS =
      Set.of("id", "date_modified", "assigned_user_id", "created_by", "locked_fields");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final FieldValues values;
  private final AccessControl access;

  public RecordFormatter(AppContext ctx, FieldValues values, AccessControl access) {
    this.ctx = ctx;
    this.values = values;
    this.access = access;
  }

  /** The full record. */
  public ObjectNode format(ModuleDef module, ObjectNode record, Caller caller) {
    return format(module, record, caller, null);
  }

  /**
   * The record with only {@code fields} (plus {@link #ALWAYS}); all fields when {@code fields} is
   * null or empty.
   */
  public ObjectNode format(ModuleDef module, ObjectNode record, Caller caller, Set<String> fields) {
    boolean all = fields == null || fields.isEmpty();
    String id = record.path("id").asText();
    boolean privateHidden =
        !module.noAccessFields().isEmpty()
            && caller != null
            && !caller.admin()
            && !caller.userId().equals(id);
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, ObjectNode> e : module.fields().entrySet()) {
      String name = e.getKey();
      String type = e.getValue().path("type").asText();
      if ("link".equals(type)) {
        continue;
      }
      if (!all && !fields.contains(name) && !ALWAYS.contains(name)) {
        continue;
      }
      if (privateHidden && module.noAccessFields().contains(name)) {
        continue;
      }
      out.set(name, value(module, record, name, type, caller));
    }
    out.set("_acl", acl(module, record, caller));
    out.put("_module", module.name());
    return out;
  }

  private JsonNode value(
      ModuleDef module, ObjectNode record, String name, String type, Caller caller) {
    String id = record.path("id").asText();
    switch (name) {
      case "my_favorite":
        return NODES.booleanNode(
            caller != null && ctx.store().marked("favorite", caller.userId(), module.name(), id));
      case "following":
        return NODES.booleanNode(
            caller != null && ctx.store().marked("follow", caller.userId(), module.name(), id));
      case "locked_fields":
        return NODES.arrayNode();
      default:
        break;
    }
    JsonNode v = values.value(module, record, name);
    switch (type) {
      case "password":
        return v != null && !v.asText().isEmpty() ? NODES.booleanNode(true) : NODES.nullNode();
      case "bool":
        return NODES.booleanNode(Args.truthy(v));
      case "email":
        return v != null && v.isArray() ? v.deepCopy() : NODES.arrayNode();
      case "int":
      case "float":
      case "decimal":
        return v == null || v.asText().isEmpty() ? NODES.nullNode() : v;
      case "json":
        return v == null ? NODES.nullNode() : v;
      default:
        if (e(module, name).path("isMultiSelect").asBoolean(false) || "multienum".equals(type)) {
          return v != null && v.isArray() ? v.deepCopy() : NODES.arrayNode();
        }
        return v == null ? NODES.textNode("") : v;
    }
  }

  private static JsonNode e(ModuleDef module, String name) {
    return module.field(name);
  }

  private ObjectNode acl(ModuleDef module, ObjectNode record, Caller caller) {
    ObjectNode acl = NODES.objectNode();
    ObjectNode fieldAcl = acl.putObject("fields");
    if (caller == null || caller.admin()) {
      return acl;
    }
    String id = record.path("id").asText();
    if (!access.canEdit(caller, module.name(), id)) {
      acl.put("edit", "no");
    }
    if (!access.canDelete(caller, module.name())) {
      acl.put("delete", "no");
    }
    for (String f : module.adminOnlyFields()) {
      if (module.hasField(f)) {
        ObjectNode no = fieldAcl.putObject(f);
        no.put("write", "no");
        no.put("create", "no");
      }
    }
    return acl;
  }

  /** An empty JSON array (for callers that answer {@code []}). */
  public static ArrayNode emptyArray() {
    return NODES.arrayNode();
  }
}
