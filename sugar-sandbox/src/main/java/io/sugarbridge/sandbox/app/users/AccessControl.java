package io.sugarbridge.sandbox.app.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.record.Args;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may do what: admins everything; other users per module by their ACL roles ({@code
 * module_access} on the ACLRoles records linked to them through {@code aclroles}); Users records
 * only their own, and no ACLRoles changes, as in Sugar.
 */
public final class AccessControl {
  /** The relationship linking users to roles, as in Sugar. */
  public static final String ROLES_RELATIONSHIP = "acl_roles_users";

  private final AppContext ctx;

  public AccessControl(AppContext ctx) {
    this.ctx = ctx;
  }

  /** The caller's access to a module. */
  public ModuleAccess access(Caller caller, String module) {
    if (caller == null) {
      return ModuleAccess.NONE;
    }
    if (caller.admin()) {
      return ModuleAccess.FULL;
    }
    if ("Users".equals(module) || "ACLRoles".equals(module)) {
      return ModuleAccess.READ_ONLY;
    }
    ModuleAccess result = ModuleAccess.FULL;
    for (ObjectNode role : roles(caller.userId())) {
      JsonNode map = moduleAccess(role);
      if (map != null && map.has(module)) {
        ModuleAccess declared = ModuleAccess.parse(map.get(module).asText());
        result = result.strictest(declared == null ? ModuleAccess.NONE : declared);
      }
    }
    return result;
  }

  public boolean canView(Caller caller, String module) {
    return access(caller, module) != ModuleAccess.NONE;
  }

  public boolean canCreate(Caller caller, String module) {
    return access(caller, module) == ModuleAccess.FULL;
  }

  /** Edit access to a record: module access, or for Users a user's own record. */
  public boolean canEdit(Caller caller, String module, String recordId) {
    if (caller != null && !caller.admin() && "Users".equals(module)) {
      return caller.userId().equals(recordId);
    }
    return access(caller, module) == ModuleAccess.FULL;
  }

  public boolean canDelete(Caller caller, String module) {
    return access(caller, module) == ModuleAccess.FULL;
  }

  /**
   * Refuses an ACLRoles {@code module_access} value that is not a map of known modules to {@code
   * full}, {@code read_only} or {@code none}, so a typo is reported when the role is written
   * instead of silently changing what its users may do.
   */
  public void checkRoleAccess(JsonNode value) {
    if (value == null || value.isNull()) {
      return;
    }
    JsonNode map = decoded(value);
    if (map == null || !map.isObject()) {
      throw SugarApiException.invalidParameter(
          "Invalid field value: module_access in module: ACLRoles; write a map of module to"
              + " access, e.g. {\"Accounts\":\"read_only\"}");
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!ctx.catalog().isModule(e.getKey())) {
        throw SugarApiException.invalidParameter(
            "Invalid field value: module_access in module: ACLRoles; unknown module '"
                + e.getKey()
                + "'");
      }
      if (ModuleAccess.parse(e.getValue().asText()) == null) {
        throw SugarApiException.invalidParameter(
            "Invalid field value: module_access in module: ACLRoles; '"
                + e.getValue().asText()
                + "' for "
                + e.getKey()
                + " is not full, read_only or none");
      }
    }
  }

  /** The live ACLRoles records linked to a user. */
  public List<ObjectNode> roles(String userId) {
    List<ObjectNode> out = new ArrayList<>();
    for (String roleId : ctx.store().pairs(ROLES_RELATIONSHIP, userId, false).keySet()) {
      ObjectNode role = ctx.store().get("ACLRoles", roleId);
      if (role != null && !role.path("deleted").asBoolean(false)) {
        out.add(role);
      }
    }
    return out;
  }

  private static JsonNode moduleAccess(ObjectNode role) {
    JsonNode v = role.get("module_access");
    return v == null || v.isNull() ? null : decoded(v);
  }

  /**
   * {@code module_access} as stored: a JSON object, or its text; null when the text is not JSON.
   */
  private static JsonNode decoded(JsonNode value) {
    return value.isTextual() ? Args.parseJson(value.asText()) : value;
  }
}
