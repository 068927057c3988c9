package io.sugarbridge.client.users;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the current user may do in one module, read from the {@code acl} section of {@code /me}.
 * Sugar lists only restrictions there ({@code "edit":"no"}); an action not mentioned is allowed. A
 * module absent from both the user's module list and the ACL is not accessible at all.
 */
public record ModuleAccess(
    String module,
    boolean canRead,
    boolean canList,
    boolean canCreate,
    boolean canEdit,
    boolean canDelete) {

  static ModuleAccess from(String module, JsonNode acl, boolean visible) {
    if (!visible) {
      return new ModuleAccess(module, false, false, false, false, false);
    }
    boolean access = allowed(acl, "access");
    return new ModuleAccess(
        module,
        access && allowed(acl, "view"),
        access && allowed(acl, "list"),
        access && allowed(acl, "create"),
        access && allowed(acl, "edit"),
        access && allowed(acl, "delete"));
  }

  private static boolean allowed(JsonNode acl, String action) {
    if (acl == null) {
      return true;
    }
    JsonNode v = acl.get(action);
    if (v == null || v.isNull()) {
      return true;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    String s = v.asText();
    return !("no".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s) || "0".equals(s));
  }
}
