package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.RecordService;
import io.sugarbridge.sandbox.app.record.Timestamps;
import io.sugarbridge.sandbox.app.users.AccessControl;
import io.sugarbridge.sandbox.app.users.ModuleAccess;
import io.sugarbridge.sandbox.app.users.PasswordHasher;
import java.util.List;

/**
 * The current user's routes (sugar-api.md 6): {@code /me} with its roles and per-module ACL, {@code
 * /me/preferences}, and {@code /me/password} to change (PUT) or verify (POST) the password.
 */
public final class MeRoutes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final AccessControl access;
  private final RecordService records;

  public MeRoutes(AppContext ctx, AccessControl access, RecordService records) {
    this.ctx = ctx;
    this.access = access;
    this.records = records;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "me", this::me),
        Route.of("PUT", "me/password", this::changePassword),
        Route.of("POST", "me/password", this::verifyPassword),
        Route.of("GET", "me/preferences", r -> ApiResponse.ok(preferences())));
  }

  private ObjectNode preferences() {
    ObjectNode p = NODES.objectNode();
    p.put("timezone", "UTC");
    p.put("tz_offset", "+00:00");
    p.put("tz_offset_sec", 0);
    p.put("datepref", "Y-m-d");
    p.put("timepref", "H:i");
    p.put("currency_id", "-99");
    p.put("currency_name", "US Dollars");
    p.put("currency_symbol", "$");
    p.put("currency_iso", "USD");
    p.put("decimal_separator", ".");
    p.put("number_grouping_separator", ",");
    p.put("language", "en_us");
    p.put("default_locale_name_format", "s f l");
    p.put("email_link_type", "sugar");
    return p;
  }

  private ApiResponse me(ApiRequest r) {
    Caller caller = r.caller();
    ModuleDef users = ctx.module("Users");
    ObjectNode user = records.requireLive(users, caller.userId());
    ObjectNode cu = NODES.objectNode();
    cu.put("type", caller.admin() ? "admin" : "user");
    cu.put("id", caller.userId());
    cu.put("user_name", user.path("user_name").asText());
    String full =
        (user.path("first_name").asText("") + " " + user.path("last_name").asText("")).trim();
    cu.put("full_name", full);
    cu.put("first_name", user.path("first_name").asText(""));
    cu.put("last_name", user.path("last_name").asText(""));
    cu.set("email", user.has("email") ? user.get("email").deepCopy() : NODES.arrayNode());
    ArrayNode roles = cu.putArray("roles");
    for (ObjectNode role : access.roles(caller.userId())) {
      roles.add(role.path("name").asText());
    }
    boolean manager = false;
    for (ObjectNode u : ctx.store().records("Users")) {
      if (!u.path("deleted").asBoolean(false)
          && caller.userId().equals(u.path("reports_to_id").asText())) {
        manager = true;
        break;
      }
    }
    cu.put("is_manager", manager);
    String managerId = user.path("reports_to_id").asText("");
    cu.put("reports_to_id", managerId);
    ObjectNode mgr = managerId.isEmpty() ? null : ctx.store().get("Users", managerId);
    cu.put(
        "reports_to_name",
        mgr == null
            ? ""
            : (mgr.path("first_name").asText("") + " " + mgr.path("last_name").asText("")).trim());
    cu.put("status", user.path("status").asText("Active"));
    cu.put("is_password_expired", false);
    cu.set("preferences", preferences());
    ArrayNode moduleList = cu.putArray("module_list");
    ObjectNode acl = cu.putObject("acl");
    for (ModuleDef m : ctx.catalog().modules()) {
      ModuleAccess a = access.access(caller, m.name());
      if (a != ModuleAccess.NONE) {
        moduleList.add(m.name());
      }
      acl.set(m.name(), moduleAcl(caller, m.name(), a));
    }
    cu.set(
        "licenses",
        user.get("license_type") != null && user.get("license_type").isArray()
            ? user.get("license_type").deepCopy()
            : NODES.arrayNode());
    ObjectNode out = NODES.objectNode();
    out.set("current_user", cu);
    return ApiResponse.ok(out);
  }

  /** Sugar's per-module ACL as {@code /me} shows it: only denied actions, each as "no". */
  private static ObjectNode moduleAcl(Caller caller, String module, ModuleAccess a) {
    ObjectNode acl = NODES.objectNode();
    if (!caller.admin()) {
      acl.put("admin", "no");
      acl.put("developer", "no");
    }
    if (a == ModuleAccess.NONE) {
      for (String action : List.of("access", "view", "list", "export")) {
        acl.put(action, "no");
      }
    }
    if (a != ModuleAccess.FULL) {
      boolean ownUser = "Users".equals(module);
      for (String action : List.of("create", "edit", "delete", "import", "massupdate")) {
        if (!(ownUser && "edit".equals(action))) {
          acl.put(action, "no");
        }
      }
    }
    acl.putObject("fields");
    return acl;
  }

  private ApiResponse changePassword(ApiRequest r) {
    String oldPassword = Args.text(r.args(), "old_password");
    String newPassword = Args.text(r.args(), "new_password");
    if (newPassword == null || newPassword.isEmpty()) {
      throw SugarApiException.missingParameter("Missing parameter: new_password");
    }
    ModuleDef users = ctx.module("Users");
    ctx.store().writeLock().lock();
    try {
      ObjectNode user = records.requireLive(users, r.caller().userId());
      ObjectNode out = NODES.objectNode();
      if (!PasswordHasher.matches(oldPassword, user.path("user_hash").asText(null))) {
        out.put("valid", false);
        out.put("message", "Incorrect old password. Enter your current password.");
        return ApiResponse.ok(out);
      }
      ObjectNode copy = user.deepCopy();
      copy.put("user_hash", PasswordHasher.hash(newPassword));
      copy.put("pwd_last_changed", Timestamps.format(ctx.now()));
      copy.put("date_modified", Timestamps.format(ctx.now()));
      ctx.store().put("Users", copy);
      out.put("valid", true);
      out.put("message", "Password updated.");
      out.putNull("expiration");
      return ApiResponse.ok(out);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse verifyPassword(ApiRequest r) {
    String password = Args.text(r.args(), "password_to_verify");
    if (password == null) {
      password = Args.text(r.args(), "password");
    }
    ObjectNode user = records.requireLive(ctx.module("Users"), r.caller().userId());
    ObjectNode out = NODES.objectNode();
    out.put("valid", PasswordHasher.matches(password, user.path("user_hash").asText(null)));
    return ApiResponse.ok(out);
  }
}
