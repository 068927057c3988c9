package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.RecordService;
import io.sugarbridge.sandbox.app.record.Timestamps;
import io.sugarbridge.sandbox.app.users.AccessControl;
import io.sugarbridge.sandbox.app.users.ModuleAccess;
import io.sugarbridge.sandbox.app.users.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Discovery routes (sugar-api.md 6): {@code ping}, {@code ping/whattimeisit}, {@code /me} and its
 * password routes, {@code /metadata} with its filters and hash, {@code /metadata/public} and {@code
 * /lang}. {@code server_info} is a metadata section, as in Sugar 13 (there is no {@code
 * /serverinfo} route); it carries {@code sugarbridge_sandbox: true} so nobody mistakes the sandbox
 * for a real Sugar.
 */
public final class MetaRoutes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> SECTIONS =
      List.of(
          "modules",
          "full_module_list",
          "modules_info",
          "relationships",
          "currencies",
          "server_info",
          "config",
          "languages",
          "labels",
          "module_tab_map",
          "hidden_subpanels",
          "filters");

  private final AppContext ctx;
  private final AccessControl access;
  private final RecordService records;
  private final ObjectNode metadata;
  private final String hash;

  public MetaRoutes(AppContext ctx, AccessControl access, RecordService records) {
    this.ctx = ctx;
    this.access = access;
    this.records = records;
    this.metadata = buildMetadata();
    this.hash = md5(metadata.toString());
    metadata.put("_hash", hash);
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "ping", r -> ApiResponse.ok(NODES.textNode("pong"))),
        Route.of(
            "GET",
            "ping/whattimeisit",
            r -> ApiResponse.ok(NODES.textNode(Timestamps.format(ctx.now())))),
        Route.of("GET", "me", this::me),
        Route.of("PUT", "me/password", this::changePassword),
        Route.of("POST", "me/password", this::verifyPassword),
        Route.of("GET", "me/preferences", r -> ApiResponse.ok(preferences())),
        Route.of("GET", "metadata", this::metadata),
        Route.of("POST", "metadata", this::metadata),
        Route.of("GET", "metadata/_hash", r -> ApiResponse.ok(hashBody())),
        Route.publicRoute("GET", "metadata/public", this::publicMeta),
        Route.of("GET", "lang/?", r -> ApiResponse.ok(language())),
        Route.publicRoute("GET", "lang/public/?", r -> ApiResponse.ok(language())));
  }

  /** The metadata hash (also the ETag of {@code /metadata}). */
  public String hash() {
    return hash;
  }

  private ObjectNode hashBody() {
    ObjectNode out = NODES.objectNode();
    out.put("_hash", hash);
    return out;
  }

  private ApiResponse metadata(ApiRequest r) {
    ObjectNode args = r.args();
    if (Args.bool(args, "only_hash")) {
      return new ApiResponse(200, hashBody(), Map.of("ETag", hash));
    }
    String clientHash = Args.text(args, "_hash");
    if (hash.equals(clientHash)) {
      return new ApiResponse(304, NullNode.getInstance(), Map.of("ETag", hash));
    }
    Set<String> types = Args.list(args, "type_filter");
    Set<String> modules = Args.list(args, "module_filter");
    ObjectNode out = NODES.objectNode();
    for (String section : SECTIONS) {
      if (!types.isEmpty() && !types.contains(section)) {
        continue;
      }
      JsonNode value = metadata.get(section);
      if ("modules".equals(section) && !modules.isEmpty()) {
        ObjectNode some = NODES.objectNode();
        for (String m : modules) {
          if (value.has(m)) {
            some.set(m, value.get(m));
          }
        }
        value = some;
      }
      out.set(section, value.deepCopy());
    }
    out.put("_hash", hash);
    return new ApiResponse(200, out, Map.of("ETag", hash));
  }

  private ApiResponse publicMeta(ApiRequest r) {
    Set<String> types = Args.list(r.args(), "type_filter");
    ObjectNode out = NODES.objectNode();
    for (String section : List.of("server_info", "config", "languages", "labels")) {
      if (types.isEmpty() || types.contains(section)) {
        out.set(section, metadata.get(section).deepCopy());
      }
    }
    out.put("_hash", hash);
    return ApiResponse.ok(out);
  }

  private ObjectNode buildMetadata() {
    ObjectNode md = NODES.objectNode();
    ObjectNode modules = md.putObject("modules");
    ObjectNode full = md.putObject("full_module_list");
    ObjectNode info = md.putObject("modules_info");
    ObjectNode tabs = md.putObject("module_tab_map");
    ObjectNode rels = md.putObject("relationships");
    for (ModuleDef m : ctx.catalog().modules()) {
      ObjectNode mod = modules.putObject(m.name());
      ObjectNode fields = mod.putObject("fields");
      m.fields().forEach((name, def) -> fields.set(name, def.deepCopy()));
      if (m.isPerson()) {
        mod.put("nameFormat", "s f l");
      } else {
        mod.putNull("nameFormat");
      }
      mod.put("isBwcEnabled", false);
      mod.put("favoritesEnabled", true);
      mod.put("activityStreamEnabled", false);
      mod.putObject("views");
      mod.putObject("layouts");
      ArrayNode required = mod.putArray("required_fields");
      m.requiredFields().forEach(required::add);
      ObjectNode links = mod.putObject("links");
      for (LinkDef l : m.links().values()) {
        ObjectNode ld = links.putObject(l.name());
        ld.put("module", l.targetModule());
        ld.put("relationship", l.relationship().name());
      }
      full.put(m.name(), m.name());
      ObjectNode mi = info.putObject(m.name());
      mi.put("enabled", true);
      mi.put("visible", !"ACLRoles".equals(m.name()));
      mi.put("display_tab", m.sync());
      mi.put("show_subpanels", true);
      mi.put("quick_create", m.sync());
      tabs.put(m.name(), m.name());
    }
    ctx.catalog()
        .relationships()
        .forEach(
            (name, rel) -> {
              ObjectNode r = rels.putObject(name);
              r.put("name", name);
              r.put("lhs_module", rel.lhsModule());
              r.put("rhs_module", rel.rhsModule());
              r.put("relationship_type", rel.manyToMany() ? "many-to-many" : "one-to-many");
              if (rel.rhsKey() != null) {
                r.put("rhs_key", rel.rhsKey());
              }
              if (rel.roleColumn() != null) {
                r.put("relationship_role_column", rel.roleColumn());
                r.put("relationship_role_column_value", rel.roleValue());
              }
            });
    ObjectNode currency = md.putObject("currencies").putObject("-99");
    currency.put("id", "-99");
    currency.put("iso4217", "USD");
    currency.put("name", "US Dollars");
    currency.put("symbol", "$");
    currency.put("conversion_rate", "1");
    currency.put("status", "Active");
    md.set("server_info", serverInfo());
    ObjectNode config = md.putObject("config");
    config.put("maxQueryResult", 20);
    config.put("maxRecordFetchSize", 1000);
    config.put("maxSubpanelResult", 10);
    config.put("max_record_fetch_size", 1000);
    if (ctx.config().maxListLimit != null) {
      config.put("maxListLimit", ctx.config().maxListLimit);
    }
    config.put("defaultLanguage", "en_us");
    config.put("defaultCurrencyIso4217", "USD");
    config.put("systemName", "SugarCRM (sugarbridge sandbox)");
    config.put("enableLegacyDashboards", false);
    ObjectNode langs = md.putObject("languages");
    langs.putObject("enabled").put("en_us", "English (US)");
    langs.put("default", "en_us");
    ObjectNode labels = md.putObject("labels");
    labels.put("en_us", "lang/en_us");
    labels.put("default", "en_us");
    md.putArray("hidden_subpanels");
    md.putObject("filters");
    return md;
  }

  private ObjectNode serverInfo() {
    ObjectNode si = NODES.objectNode();
    String max = ctx.config().maxVersion;
    String version = "11.23".equals(max) ? "13.3.0" : "11.22".equals(max) ? "13.2.0" : "14.0.0";
    si.put("flavor", "ENT");
    si.put("version", version);
    si.put("build", "sugarbridge-sandbox");
    si.put("marketing_version", "13.3.0".equals(version) ? "Winter '24" : "Spring '24");
    si.put("product_name", "SugarCRM");
    ArrayNode licenses = si.putArray("licenses");
    licenses.add("SUGAR_SELL");
    licenses.add("SUGAR_SERVE");
    ObjectNode fts = si.putObject("fts");
    fts.put("enabled", false);
    fts.put("type", "Elastic");
    si.put("portal_active", false);
    si.put("host_environment", "on-premise");
    si.put("host_designation", "production");
    si.put("site_id", "sugarbridge-sandbox");
    si.put("sugarbridge_sandbox", true);
    si.put("note", "This is the sugarbridge sandbox, a local stand-in; it is not a real SugarCRM.");
    return si;
  }

  private ObjectNode language() {
    ObjectNode out = NODES.objectNode();
    out.set("app_list_strings", ctx.catalog().appListStrings().deepCopy());
    out.putObject("app_strings");
    out.putObject("mod_strings");
    out.put("_hash", hash);
    return out;
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

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
