package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiHandler;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.RecordService;
import java.util.List;
import java.util.Map;

/**
 * Upsert by external key (sugar-api.md 12 and 3.8), from API v11.10: {@code PATCH|PUT
 * /integrate/<module>/<sync_key_field>/<value>} answers 201 {@code {"record": id}} on create and
 * 200 on update, as the public developer guide documents; {@code GET} and {@code DELETE} find the
 * record by key (422 "Could not find record with field:value in module: M" when none); {@code
 * PATCH|PUT /integrate/<module>/<id>/<field>/<value>} sets a record's key; {@code
 * /<module>/sync_key/<value>} is the same with the default key field {@code sync_key}.
 */
public final class IntegrateRoutes {
  private static final String MIN_VERSION = "11.10";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final RecordService records;

  public IntegrateRoutes(AppContext ctx, RecordService records) {
    this.ctx = ctx;
    this.records = records;
  }

  public List<Route> routes() {
    return List.of(
        route("PATCH", "integrate/<module>/?/?", r -> upsert(r, r.path().get(2), r.path().get(3))),
        route("PUT", "integrate/<module>/?/?", r -> upsert(r, r.path().get(2), r.path().get(3))),
        route("GET", "integrate/<module>/?/?", r -> get(r, r.path().get(2), r.path().get(3))),
        route("DELETE", "integrate/<module>/?/?", r -> delete(r, r.path().get(2), r.path().get(3))),
        route("PATCH", "integrate/<module>/?/?/?", this::setKey),
        route("PUT", "integrate/<module>/?/?/?", this::setKey),
        route("PATCH", "<module>/sync_key/?", r -> upsert(r, "sync_key", r.path().get(2))),
        route("PUT", "<module>/sync_key/?", r -> upsert(r, "sync_key", r.path().get(2))),
        route("GET", "<module>/sync_key/?", r -> get(r, "sync_key", r.path().get(2))),
        route("DELETE", "<module>/sync_key/?", r -> delete(r, "sync_key", r.path().get(2))));
  }

  /** The routes exist from v11.10; older versions get the 404 {@code no_method} Sugar answers. */
  private static Route route(String method, String pattern, ApiHandler handler) {
    return Route.since(MIN_VERSION, method, pattern, handler);
  }

  private ModuleDef module(ApiRequest r) {
    String name = "integrate".equals(r.path().get(0)) ? r.path().get(1) : r.path().get(0);
    return ctx.module(name);
  }

  private void check(ApiRequest r, ModuleDef m, String field) {
    Caller caller = r.caller();
    if (ctx.config().integrateAdminOnly && (caller == null || !caller.admin())) {
      throw SugarApiException.notAuthorized();
    }
    if (!m.hasField(field) || m.isLink(field) || m.isNonDb(field)) {
      throw SugarApiException.invalidParameter(
          "Invalid field: " + field + " in module: " + m.name());
    }
  }

  private ObjectNode find(ModuleDef m, String field, String value) {
    for (ObjectNode r : ctx.store().records(m.name())) {
      if (!r.path("deleted").asBoolean(false) && value.equals(r.path(field).asText(null))) {
        return r;
      }
    }
    return null;
  }

  private ApiResponse upsert(ApiRequest r, String field, String value) {
    ModuleDef m = module(r);
    check(r, m, field);
    ctx.store().writeLock().lock();
    try {
      ObjectNode existing = find(m, field, value);
      ObjectNode args = r.args().deepCopy();
      args.remove("id");
      args.put(field, value);
      ObjectNode out = NODES.objectNode();
      if (existing != null) {
        String id = existing.path("id").asText();
        records.updateStored(m, id, args, r.caller(), r.header("x-timestamp"));
        out.put("record", id);
        return ApiResponse.ok(out);
      }
      ObjectNode created = records.createStored(m, args, r.caller(), r.versionText());
      out.put("record", created.path("id").asText());
      return new ApiResponse(201, out, Map.of());
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse get(ApiRequest r, String field, String value) {
    ModuleDef m = module(r);
    check(r, m, field);
    ObjectNode existing = require(m, field, value);
    return ApiResponse.ok(records.read(m, existing.path("id").asText(), r.caller(), null));
  }

  private ApiResponse delete(ApiRequest r, String field, String value) {
    ModuleDef m = module(r);
    check(r, m, field);
    ObjectNode existing = require(m, field, value);
    return ApiResponse.ok(records.delete(m, existing.path("id").asText(), r.caller()));
  }

  private ApiResponse setKey(ApiRequest r) {
    ModuleDef m = module(r);
    String id = r.path().get(2);
    String field = r.path().get(3);
    String value = r.path().get(4);
    check(r, m, field);
    ObjectNode args = NODES.objectNode();
    args.put(field, value);
    records.updateStored(m, id, args, r.caller(), null);
    ObjectNode out = NODES.objectNode();
    out.put("success", true);
    return ApiResponse.ok(out);
  }

  private ObjectNode require(ModuleDef m, String field, String value) {
    ObjectNode existing = find(m, field, value);
    if (existing == null) {
      throw SugarApiException.invalidParameter(
          "Could not find record with " + field + ":" + value + " in module: " + m.name());
    }
    return existing;
  }
}
