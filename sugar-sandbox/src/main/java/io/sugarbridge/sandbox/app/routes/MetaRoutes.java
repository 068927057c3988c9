package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.Timestamps;
import io.sugarbridge.sandbox.util.Md5;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Discovery routes (sugar-api.md 6): {@code ping}, {@code ping/whattimeisit}, {@code /metadata}
 * with its filters and hash, {@code /metadata/public} and {@code /lang} ({@code /me} is {@link
 * MeRoutes}). {@code server_info} is a metadata section, as in Sugar 13 (there is no {@code
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
  private final ObjectNode metadata;
  private final String hash;

  public MetaRoutes(AppContext ctx) {
    this.ctx = ctx;
    this.metadata = buildMetadata();
    this.hash = Md5.hex(metadata.toString());
    metadata.put("_hash", hash);
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "ping", r -> ApiResponse.ok(NODES.textNode("pong"))),
        Route.of(
            "GET",
            "ping/whattimeisit",
            r -> ApiResponse.ok(NODES.textNode(Timestamps.format(ctx.now())))),
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
}
