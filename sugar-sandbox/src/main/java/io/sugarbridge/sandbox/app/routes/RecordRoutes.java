package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.filter.RecordLists;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.RecordFormatter;
import io.sugarbridge.sandbox.app.record.RecordService;
import io.sugarbridge.sandbox.app.users.AccessControl;
import java.util.List;

/**
 * Routes for records (sugar-api.md 3): create, read, update, delete, list, filter, count, enum
 * options, favorites and follows.
 */
public final class RecordRoutes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final RecordService records;
  private final RecordLists lists;
  private final RecordFormatter formatter;
  private final AccessControl access;

  public RecordRoutes(
      AppContext ctx,
      RecordService records,
      RecordLists lists,
      RecordFormatter formatter,
      AccessControl access) {
    this.ctx = ctx;
    this.records = records;
    this.lists = lists;
    this.formatter = formatter;
    this.access = access;
  }

  public List<Route> routes() {
    return List.of(
        Route.of("GET", "<module>", this::list),
        Route.of("GET", "<module>/filter", this::list),
        Route.of("POST", "<module>/filter", this::list),
        Route.of("GET", "<module>/count", this::count),
        Route.of("GET", "<module>/filter/count", this::count),
        Route.of("POST", "<module>/filter/count", this::count),
        Route.of("POST", "<module>", this::create),
        Route.of("GET", "<module>/?", this::read),
        Route.of("PUT", "<module>/?", this::update),
        Route.of("DELETE", "<module>/?", this::delete),
        Route.of("GET", "<module>/enum/?", this::enumOptions),
        Route.of("PUT", "<module>/?/favorite", r -> mark(r, "favorite", true)),
        Route.of("DELETE", "<module>/?/favorite", r -> mark(r, "favorite", false)),
        Route.of("POST", "<module>/?/subscribe", r -> mark(r, "follow", true)),
        Route.of("DELETE", "<module>/?/unsubscribe", r -> mark(r, "follow", false)));
  }

  static ModuleDef module(AppContext ctx, ApiRequest r) {
    return ctx.module(r.path().get(0));
  }

  private ApiResponse list(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    checkList(m, r);
    return ApiResponse.ok(lists.page(m, ctx.store().records(m.name()), r.args(), r.caller(), null));
  }

  private ApiResponse count(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    checkList(m, r);
    return ApiResponse.ok(lists.count(m, ctx.store().records(m.name()), r.args(), r.caller()));
  }

  private void checkList(ModuleDef m, ApiRequest r) {
    if (!access.canView(r.caller(), m.name())) {
      throw SugarApiException.notAuthorized("No access to view records for module: " + m.name());
    }
  }

  private ApiResponse create(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    return ApiResponse.ok(records.create(m, r.args(), r.caller(), r.versionText()));
  }

  private ApiResponse read(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    return ApiResponse.ok(
        records.read(m, r.path().get(1), r.caller(), Args.list(r.args(), "fields")));
  }

  private ApiResponse update(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    return ApiResponse.ok(
        records.update(m, r.path().get(1), r.args(), r.caller(), r.header("x-timestamp")));
  }

  private ApiResponse delete(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    return ApiResponse.ok(records.delete(m, r.path().get(1), r.caller()));
  }

  private ApiResponse enumOptions(ApiRequest r) {
    ModuleDef m = module(ctx, r);
    ObjectNode def = m.field(r.path().get(2));
    JsonNode options =
        def == null ? null : ctx.catalog().appListStrings().get(def.path("options").asText(""));
    if (options == null) {
      throw SugarApiException.notFound("field not found");
    }
    return ApiResponse.ok(options.deepCopy());
  }

  private ApiResponse mark(ApiRequest r, String kind, boolean on) {
    ModuleDef m = module(ctx, r);
    String id = r.path().get(1);
    ObjectNode record = records.readable(m, id, r.caller());
    ctx.store().mark(kind, r.caller().userId(), m.name(), id, on);
    if ("follow".equals(kind)) {
      return ApiResponse.ok(NODES.booleanNode(true));
    }
    return ApiResponse.ok(formatter.format(m, record, r.caller()));
  }
}
