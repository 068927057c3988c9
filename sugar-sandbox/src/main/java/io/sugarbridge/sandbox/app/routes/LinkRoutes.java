package io.sugarbridge.sandbox.app.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.filter.RecordLists;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.RecordFormatter;
import io.sugarbridge.sandbox.app.record.RecordService;
import io.sugarbridge.sandbox.app.record.Relations;
import io.sugarbridge.sandbox.app.users.AccessControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Routes for links and relationships (sugar-api.md 5), including bulk link. */
public final class LinkRoutes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final RecordService records;
  private final RecordLists lists;
  private final RecordFormatter formatter;
  private final Relations relations;
  private final AccessControl access;

  public LinkRoutes(
      AppContext ctx,
      RecordService records,
      RecordLists lists,
      RecordFormatter formatter,
      Relations relations,
      AccessControl access) {
    this.ctx = ctx;
    this.records = records;
    this.lists = lists;
    this.formatter = formatter;
    this.relations = relations;
    this.access = access;
  }

  public List<Route> routes() {
    List<Route> out = new ArrayList<>();
    out.add(Route.of("GET", "<module>/?/link/?", this::list));
    out.add(Route.of("GET", "<module>/?/link/?/filter", this::list));
    out.add(Route.of("GET", "<module>/?/link/?/count", this::count));
    out.add(Route.since("11.4", "GET", "<module>/?/link/?/leancount", this::leanCount));
    out.add(Route.of("GET", "<module>/?/link/?/?", this::readOne));
    out.add(Route.of("POST", "<module>/?/link/?", this::createRelated));
    out.add(Route.of("POST", "<module>/?/link/?/?", this::linkExisting));
    out.add(Route.of("PUT", "<module>/?/link/?/?", this::linkExisting));
    out.add(Route.of("DELETE", "<module>/?/link/?/?", this::unlink));
    out.add(Route.of("POST", "<module>/?/link", this::bulkLink));
    return out;
  }

  private record Side(ModuleDef module, ObjectNode record, LinkDef link, ModuleDef target) {}

  private Side side(ApiRequest r, String linkName, boolean writing) {
    ModuleDef m = RecordRoutes.module(ctx, r);
    ObjectNode record = records.readable(m, r.path().get(1), r.caller());
    LinkDef link = m.links().get(linkName);
    if (link == null) {
      throw SugarApiException.notFound("Could not find a relationship named: " + linkName);
    }
    ModuleDef target = ctx.module(link.targetModule());
    if (!access.canView(r.caller(), target.name())) {
      throw SugarApiException.notAuthorized(
          "No access to view records for module: " + target.name());
    }
    if (writing && "teams".equals(linkName) && !r.caller().admin()) {
      throw SugarApiException.notAuthorized("No access to modify link \"teams\"");
    }
    return new Side(m, record, link, target);
  }

  private ApiResponse list(ApiRequest r) {
    Side s = side(r, r.path().get(3), false);
    List<ObjectNode> related = relations.related(s.link(), s.record());
    Function<ObjectNode, ObjectNode> decorate = f -> withPairFields(s, f);
    return ApiResponse.ok(lists.page(s.target(), related, r.args(), r.caller(), decorate));
  }

  private ApiResponse count(ApiRequest r) {
    Side s = side(r, r.path().get(3), false);
    return ApiResponse.ok(
        lists.count(s.target(), relations.related(s.link(), s.record()), r.args(), r.caller()));
  }

  private ApiResponse leanCount(ApiRequest r) {
    Side s = side(r, r.path().get(3), false);
    int n =
        lists
            .matching(s.target(), relations.related(s.link(), s.record()), r.args(), r.caller())
            .size();
    int max = Args.integer(r.args(), "max_num", 20);
    ObjectNode out = NODES.objectNode();
    out.put("record_count", Math.min(n, max));
    out.put("has_more", n > max);
    return ApiResponse.ok(out);
  }

  private ApiResponse readOne(ApiRequest r) {
    Side s = side(r, r.path().get(3), false);
    String remoteId = r.path().get(4);
    for (ObjectNode rel : relations.related(s.link(), s.record())) {
      if (rel.path("id").asText().equals(remoteId)) {
        return ApiResponse.ok(
            withPairFields(
                s, formatter.format(s.target(), rel, r.caller(), Args.list(r.args(), "fields"))));
      }
    }
    throw SugarApiException.notFound("Could not find the related bean");
  }

  private ApiResponse createRelated(ApiRequest r) {
    Side s = side(r, r.path().get(3), true);
    ctx.store().writeLock().lock();
    try {
      ObjectNode created = records.createStored(s.target(), r.args(), r.caller(), r.versionText());
      relations.link(s.link(), fresh(s), created, RecordService.pairFields(s.link(), r.args()));
      return pair(r, s, created.path("id").asText());
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse linkExisting(ApiRequest r) {
    Side s = side(r, r.path().get(3), true);
    String remoteId = r.path().get(4);
    ctx.store().writeLock().lock();
    try {
      ObjectNode other = live(s.target(), remoteId);
      relations.link(s.link(), fresh(s), other, RecordService.pairFields(s.link(), r.args()));
      return pair(r, s, remoteId);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse unlink(ApiRequest r) {
    Side s = side(r, r.path().get(3), true);
    String remoteId = r.path().get(4);
    ctx.store().writeLock().lock();
    try {
      ObjectNode other = live(s.target(), remoteId);
      relations.unlink(s.link(), fresh(s), other);
      return pair(r, s, remoteId);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse bulkLink(ApiRequest r) {
    JsonNode linkName = r.args().get("link_name");
    if (linkName == null || linkName.isNull() || linkName.asText().isEmpty()) {
      throw SugarApiException.missingParameter("Missing parameter: link_name");
    }
    JsonNode ids = Args.normalize(r.args().get("ids"));
    if (ids == null || ids.isNull()) {
      throw SugarApiException.missingParameter("Missing parameter: ids");
    }
    if (!ids.isArray()) {
      throw SugarApiException.invalidParameter(
          "Related record IDs must be array, " + Args.phpType(ids) + " given");
    }
    Side s = side(r, linkName.asText(), true);
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : ids) {
      if (item.isObject() && (!item.hasNonNull("id") || item.get("id").asText().isEmpty())) {
        throw SugarApiException.invalidParameter(
            "Related record ID is not specified in array notation");
      }
      items.add(item);
    }
    ctx.store().writeLock().lock();
    try {
      List<ObjectNode> others = new ArrayList<>();
      for (JsonNode item : items) {
        others.add(live(s.target(), item.isObject() ? item.get("id").asText() : item.asText()));
      }
      ArrayNode related = NODES.arrayNode();
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        ObjectNode fields = item.isObject() ? RecordService.pairFields(s.link(), item) : null;
        relations.link(s.link(), fresh(s), others.get(i), fields);
        ObjectNode now = ctx.store().get(s.target().name(), others.get(i).path("id").asText());
        related.add(withPairFields(s, formatter.format(s.target(), now, r.caller())));
      }
      if (Args.bool(r.args(), "avoid_response")) {
        return ApiResponse.ok(NODES.arrayNode());
      }
      ObjectNode out = NODES.objectNode();
      out.set("related_records", related);
      out.set("record", formatter.format(s.module(), fresh(s), r.caller()));
      return ApiResponse.ok(out);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ApiResponse pair(ApiRequest r, Side s, String remoteId) {
    if (Args.bool(r.args(), "avoid_response")) {
      return ApiResponse.ok(NODES.arrayNode());
    }
    Caller caller = r.caller();
    ObjectNode out = NODES.objectNode();
    out.set("record", formatter.format(s.module(), fresh(s), caller));
    ObjectNode other = ctx.store().get(s.target().name(), remoteId);
    out.set("related_record", withPairFields(s, formatter.format(s.target(), other, caller)));
    return ApiResponse.ok(out);
  }

  private ObjectNode fresh(Side s) {
    return ctx.store().get(s.module().name(), s.record().path("id").asText());
  }

  private ObjectNode live(ModuleDef module, String id) {
    ObjectNode other = ctx.store().get(module.name(), id);
    if (other == null || other.path("deleted").asBoolean(false)) {
      throw SugarApiException.notFound("Could not find the related bean");
    }
    return other;
  }

  private ObjectNode withPairFields(Side s, ObjectNode formatted) {
    ObjectNode fields = relations.pairFields(s.link(), fresh(s), formatted.path("id").asText());
    if (fields != null) {
      for (Map.Entry<String, JsonNode> e : iterable(fields)) {
        formatted.set(e.getKey(), e.getValue());
      }
    }
    return formatted;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
    return node::fields;
  }
}
