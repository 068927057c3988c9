package io.sugarbridge.client.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The logged-in user as {@code GET /me} describes it: id, user name, full name, whether an
 * administrator, the modules it sees, and per-module access ({@link #access(String)}). The full
 * answer stays available as {@link #raw()}.
 */
public record CurrentUser(
    String id,
    String userName,
    String fullName,
    boolean admin,
    List<String> moduleList,
    ObjectNode raw) {

  static CurrentUser from(JsonNode me) {
    JsonNode u = me.has("current_user") ? me.get("current_user") : me;
    List<String> modules = new ArrayList<>();
    u.path("module_list").forEach(n -> modules.add(n.asText()));
    String type = u.path("type").asText("");
    boolean admin = "admin".equals(type) || u.path("is_admin").asBoolean(false);
    return new CurrentUser(
        u.path("id").asText(null),
        u.path("user_name").asText(null),
        u.path("full_name").asText(null),
        admin,
        List.copyOf(modules),
        u instanceof ObjectNode o ? o : null);
  }

  /** What this user may do in {@code module}. */
  public ModuleAccess access(String module) {
    JsonNode acl = raw == null ? null : raw.path("acl").get(module);
    boolean visible = acl != null || moduleList.contains(module) || moduleList.isEmpty() && admin;
    return ModuleAccess.from(module, acl, visible);
  }
}
