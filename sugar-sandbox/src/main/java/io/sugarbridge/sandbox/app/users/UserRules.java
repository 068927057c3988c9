package io.sugarbridge.sandbox.app.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Users module's own rules (sugar-api.md 7): {@code license_type} on create from v11.6, a
 * required and unique (case-insensitive) {@code user_name}, admin-only fields, no reporting loops,
 * and the last active administrator kept active.
 */
public final class UserRules {
  private final AppContext ctx;

  public UserRules(AppContext ctx) {
    this.ctx = ctx;
  }

  /** Checks a create request's arguments before anything is stored. */
  public void checkCreate(ObjectNode args, Caller caller, String version) {
    boolean admin = caller == null || caller.admin();
    if (ApiRequest.compareVersions(version, "11.6") >= 0) {
      boolean exempt = !admin && (Args.bool(args, "is_group") || Args.bool(args, "portal_only"));
      JsonNode license = args.get("license_type");
      if (!exempt) {
        if (license == null
            || license.isNull()
            || license.isValueNode() && license.asText().isEmpty()) {
          throw SugarApiException.missingParameter("Missing parameter: license_type");
        }
        checkLicense(license);
      }
    }
    String userName = Args.text(args, "user_name");
    if (userName == null || userName.isBlank()) {
      throw SugarApiException.missingParameter("Missing username");
    }
  }

  /**
   * Checks a new version of a Users record against the stored one ({@code before} is null on
   * create).
   */
  public void checkWrite(ObjectNode before, ObjectNode after, Caller caller) {
    ModuleDef users = ctx.module("Users");
    boolean admin = caller == null || caller.admin();
    if (!admin && before != null) {
      for (String f : users.adminOnlyFields()) {
        if (!Objects.equals(text(before.get(f)), text(after.get(f)))) {
          throw SugarApiException.notAuthorized(
              "Not allowed to edit field " + f + " in module: Users");
        }
      }
    }
    if (after.has("license_type")
        && !after.get("license_type").isNull()
        && before != null
        && !after.get("license_type").equals(before.get("license_type"))) {
      checkLicense(after.get("license_type"));
    }
    String id = after.path("id").asText();
    String userName = after.path("user_name").asText("");
    if (before == null || !userName.equalsIgnoreCase(before.path("user_name").asText(""))) {
      if (userName.isBlank()) {
        throw SugarApiException.missingParameter("Missing username");
      }
      for (ObjectNode u : ctx.store().records("Users")) {
        if (!u.path("deleted").asBoolean(false)
            && !u.path("id").asText().equals(id)
            && u.path("user_name").asText("").equalsIgnoreCase(userName)) {
          throw SugarApiException.notAuthorized(
              "The user name "
                  + userName
                  + " already exists. Duplicate user names are not allowed. Change the user"
                  + " name to be unique.");
        }
      }
    }
    String managerId = after.path("reports_to_id").asText("");
    if (!managerId.isEmpty()
        && (before == null || !managerId.equals(before.path("reports_to_id").asText("")))
        && !ctx.config().allowReportingLoops) {
      checkNoLoop(id, managerId);
    }
    if (before != null
        && caller != null
        && caller.userId().equals(id)
        && "Active".equals(before.path("status").asText())
        && !"Active".equals(after.path("status").asText())) {
      if (!caller.admin() || !anotherActiveAdmin(id)) {
        throw SugarApiException.notAuthorized(
            "You cannot deactivate your own user: no other active administrator would remain."
                + " Make another user an active administrator first.");
      }
    }
    if (before != null
        && caller != null
        && caller.userId().equals(id)
        && before.path("is_admin").asBoolean(false)
        && !after.path("is_admin").asBoolean(false)
        && !anotherActiveAdmin(id)) {
      throw SugarApiException.notAuthorized(
          "You cannot remove your own administrator rights: no other active administrator would"
              + " remain. Make another user an active administrator first.");
    }
  }

  /** Checks {@code DELETE /Users/<id>}: admins only, never the last active admin themself. */
  public void checkDelete(ObjectNode user, Caller caller) {
    if (caller != null && !caller.admin()) {
      throw SugarApiException.notAuthorized();
    }
    String id = user.path("id").asText();
    if (caller != null && caller.userId().equals(id) && !anotherActiveAdmin(id)) {
      throw SugarApiException.notAuthorized(
          "You cannot delete your own user: no other active administrator would remain. Make"
              + " another user an active administrator first.");
    }
  }

  private void checkLicense(JsonNode license) {
    JsonNode values = license;
    if (license.isTextual() && license.asText().trim().startsWith("[")) {
      values = Args.parseJson(license.asText());
    }
    ObjectNode known = (ObjectNode) ctx.catalog().appListStrings().get("license_type_dom");
    boolean ok = values != null && values.isArray() && values.size() > 0;
    if (ok) {
      for (JsonNode v : values) {
        ok &= v.isTextual() && known.has(v.asText());
      }
    }
    if (!ok) {
      throw SugarApiException.invalidParameter("Invalid license_type in module: Users");
    }
  }

  private void checkNoLoop(String userId, String managerId) {
    Set<String> seen = new HashSet<>();
    String current = managerId;
    while (current != null && !current.isEmpty() && seen.add(current)) {
      if (current.equals(userId)) {
        throw SugarApiException.notAuthorized(
            "The system detected a reporting loop. A user cannot report to themselves, nor can"
                + " any of their managers report to them.");
      }
      ObjectNode manager = ctx.store().get("Users", current);
      current = manager == null ? null : manager.path("reports_to_id").asText(null);
    }
  }

  private boolean anotherActiveAdmin(String exceptId) {
    for (ObjectNode u : ctx.store().records("Users")) {
      if (!u.path("id").asText().equals(exceptId)
          && !u.path("deleted").asBoolean(false)
          && u.path("is_admin").asBoolean(false)
          && "Active".equals(u.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
