package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.users.AccessControl;
import io.sugarbridge.sandbox.app.users.UserRules;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Record create, read, update and delete with Sugar's rules (sugar-api.md 3.1 to 3.4): 200 with the
 * full record on create, 422 on an existing id, unknown fields ignored, required fields not
 * enforced unless configured, partial updates, {@code X-Timestamp} edit conflicts, soft deletes,
 * and the access checks and messages Sugar answers with.
 */
public final class RecordService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final AccessControl access;
  private final Relations relations;
  private final RecordFormatter formatter;
  private final UserRules userRules;
  // user id -> "module\u0000id" -> last viewed, for the $tracker filter macro.
  private final Map<String, Map<String, Instant>> tracker = new ConcurrentHashMap<>();

  public RecordService(
      AppContext ctx,
      AccessControl access,
      Relations relations,
      RecordFormatter formatter,
      UserRules userRules) {
    this.ctx = ctx;
    this.access = access;
    this.relations = relations;
    this.formatter = formatter;
    this.userRules = userRules;
  }

  /** {@code POST /<module>}: creates and answers the formatted record. */
  public ObjectNode create(ModuleDef module, ObjectNode args, Caller caller, String version) {
    return formatter.format(module, createStored(module, args, caller, version), caller);
  }

  /** Creates a record and returns the stored version. */
  public ObjectNode createStored(ModuleDef module, ObjectNode args, Caller caller, String version) {
    if (!access.canCreate(caller, module.name())) {
      throw SugarApiException.notAuthorized(
          "You are not authorized to create "
              + module.name()
              + ". Contact your administrator if you need access.");
    }
    ctx.store().writeLock().lock();
    try {
      String id = Args.text(args, "id");
      if (id != null && !id.isBlank()) {
        if (ctx.store().get(module.name(), id) != null) {
          throw SugarApiException.invalidParameter(
              "Record already exists: " + id + " in module: " + module.name());
        }
      } else {
        id = AppContext.newId();
      }
      if ("Users".equals(module.name())) {
        userRules.checkCreate(args, caller, version);
      } else if ("ACLRoles".equals(module.name())) {
        access.checkRoleAccess(args.get("module_access"));
      }
      String now = Timestamps.format(ctx.now());
      ObjectNode record = NODES.objectNode();
      record.put("id", id);
      for (Map.Entry<String, ObjectNode> e : module.fields().entrySet()) {
        JsonNode dflt = e.getValue().get("default");
        if (dflt != null && !module.isNonDb(e.getKey())) {
          record.set(e.getKey(), dflt.deepCopy());
        }
      }
      record.put("date_entered", now);
      record.put("date_modified", now);
      String userId = caller == null ? "1" : caller.userId();
      record.put("created_by", userId);
      record.put("modified_user_id", userId);
      if (module.hasField("assigned_user_id") && !module.isNonDb("assigned_user_id")) {
        record.put("assigned_user_id", userId);
      }
      record.put("deleted", false);
      if (module.hasField("case_number")) {
        record.put("case_number", nextNumber(module, "case_number"));
      }
      RecordWriter.apply(module, record, args);
      if (module.hasEmail() && !record.has("email")) {
        record.set("email", NODES.arrayNode());
        EmailAddresses.populateLegacy(record);
      }
      if ("Users".equals(module.name())) {
        userRules.checkWrite(null, record, caller);
      }
      if (ctx.config().enforceRequiredFields) {
        checkRequired(module, record);
      }
      ctx.store().put(module.name(), record);
      applyLinkArgs(module, record, args, caller);
      return ctx.store().get(module.name(), id);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  /** {@code GET /<module>/<id>}. */
  public ObjectNode read(ModuleDef module, String id, Caller caller, Set<String> fields) {
    ObjectNode record = readable(module, id, caller);
    if (caller != null) {
      tracker
          .computeIfAbsent(caller.userId(), k -> new ConcurrentHashMap<>())
          .put(module.name() + '\u0000' + id, ctx.now());
    }
    return formatter.format(module, record, caller, fields);
  }

  /** The live record a caller may view, or the 404/403 Sugar answers. */
  public ObjectNode readable(ModuleDef module, String id, Caller caller) {
    ObjectNode record = requireLive(module, id);
    if (!access.canView(caller, module.name())) {
      throw SugarApiException.notAuthorized(
          "Not allowed to perform action \"view\" on this record");
    }
    if ("Users".equals(module.name())
        && caller != null
        && !caller.admin()
        && !caller.userId().equals(id)) {
      throw notFound(module, id);
    }
    return record;
  }

  /** {@code PUT /<module>/<id>}: partial update; answers the formatted record. */
  public ObjectNode update(
      ModuleDef module, String id, ObjectNode args, Caller caller, String xTimestamp) {
    return formatter.format(module, updateStored(module, id, args, caller, xTimestamp), caller);
  }

  /** Updates a record and returns the stored version. */
  public ObjectNode updateStored(
      ModuleDef module, String id, ObjectNode args, Caller caller, String xTimestamp) {
    ctx.store().writeLock().lock();
    try {
      ObjectNode current = readable(module, id, caller);
      if (!access.canEdit(caller, module.name(), id)) {
        throw SugarApiException.notAuthorized(
            "Not allowed to perform action \"edit\" on this record");
      }
      ObjectNode input = args.deepCopy();
      input.remove("deleted");
      input.remove("created_by");
      String newId = Args.text(input, "id");
      if (newId != null && !newId.isEmpty() && !newId.equals(id)) {
        throw SugarApiException.invalidParameter(
            "Not allowed to change record id '" + newId + "' in the " + module.name() + " module");
      }
      if (xTimestamp != null && !xTimestamp.isBlank()) {
        String modified = current.path("date_modified").asText();
        Instant a = Timestamps.parseDateTime(xTimestamp);
        Instant b = Timestamps.parseDateTime(modified);
        boolean same = a != null && b != null ? a.equals(b) : xTimestamp.trim().equals(modified);
        if (!same) {
          ObjectNode extra = NODES.objectNode();
          extra.set("record", formatter.format(module, current, caller));
          throw new SugarApiException(
              409, "edit_conflict", "Edit conflict, please reload the record data.", extra);
        }
      }
      if ("ACLRoles".equals(module.name())) {
        access.checkRoleAccess(input.get("module_access"));
      }
      ObjectNode record = current.deepCopy();
      RecordWriter.apply(module, record, input);
      if ("Users".equals(module.name())) {
        userRules.checkWrite(current, record, caller);
      }
      record.put("date_modified", Timestamps.format(ctx.now()));
      record.put("modified_user_id", caller == null ? "1" : caller.userId());
      ctx.store().put(module.name(), record);
      applyLinkArgs(module, record, input, caller);
      return ctx.store().get(module.name(), id);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  /** {@code DELETE /<module>/<id>}: soft delete; answers {@code {"id": id}}. */
  public ObjectNode delete(ModuleDef module, String id, Caller caller) {
    ctx.store().writeLock().lock();
    try {
      ObjectNode current = requireLive(module, id);
      if ("Users".equals(module.name())) {
        userRules.checkDelete(current, caller);
      } else if (!access.canDelete(caller, module.name())) {
        if (!access.canView(caller, module.name())) {
          throw notFound(module, id);
        }
        throw SugarApiException.notAuthorized(
            "Not allowed to perform action \"delete\" on this record");
      }
      ObjectNode record = current.deepCopy();
      record.put("deleted", true);
      record.put("date_modified", Timestamps.format(ctx.now()));
      record.put("modified_user_id", caller == null ? "1" : caller.userId());
      ctx.store().put(module.name(), record);
      ObjectNode out = NODES.objectNode();
      out.put("id", id);
      return out;
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  /** The live record or 404 {@code not_found} with Sugar's message. */
  public ObjectNode requireLive(ModuleDef module, String id) {
    ObjectNode r = ctx.store().get(module.name(), id);
    if (r == null || r.path("deleted").asBoolean(false)) {
      throw notFound(module, id);
    }
    return r;
  }

  public static SugarApiException notFound(ModuleDef module, String id) {
    return SugarApiException.notFound(
        "Could not find record: " + id + " in module: " + module.name());
  }

  /** When the user last viewed each record ("module\u0000id"), for {@code $tracker}. */
  public Map<String, Instant> viewedBy(String userId) {
    return tracker.getOrDefault(userId, Map.of());
  }

  /**
   * Link arguments in a create or update body: relate ids written through a link (e.g. Contacts'
   * {@code account_id}) and link fields with {@code add}, {@code create} and {@code delete}.
   */
  private void applyLinkArgs(ModuleDef module, ObjectNode record, ObjectNode args, Caller caller) {
    for (Map.Entry<String, ObjectNode> e : module.fields().entrySet()) {
      String name = e.getKey();
      ObjectNode def = e.getValue();
      JsonNode v = args.get(name);
      if (v == null) {
        continue;
      }
      if ("relate".equals(def.path("type").asText())
          && "id".equals(def.path("rname").asText())
          && module.isNonDb(name)) {
        LinkDef link = module.links().get(def.path("link").asText());
        if (link == null) {
          continue;
        }
        ObjectNode fresh = ctx.store().get(module.name(), record.path("id").asText());
        String targetId = v.isNull() ? "" : v.asText("");
        ObjectNode current = relations.first(link, fresh);
        if (current != null && current.path("id").asText().equals(targetId)) {
          continue;
        }
        relations.unlinkAll(link, fresh);
        if (!targetId.isEmpty()) {
          ObjectNode target = ctx.store().get(link.targetModule(), targetId);
          if (target != null && !target.path("deleted").asBoolean(false)) {
            relations.link(link, fresh, target, null);
          }
        }
      } else if ("link".equals(def.path("type").asText()) && v.isObject()) {
        LinkDef link = module.links().get(name);
        ModuleDef target = ctx.module(link.targetModule());
        for (JsonNode add : v.path("add")) {
          ObjectNode fresh = ctx.store().get(module.name(), record.path("id").asText());
          String otherId = add.isObject() ? add.path("id").asText("") : add.asText("");
          ObjectNode other = ctx.store().get(target.name(), otherId);
          if (other != null && !other.path("deleted").asBoolean(false)) {
            relations.link(link, fresh, other, add.isObject() ? pairFields(link, add) : null);
          }
        }
        for (JsonNode create : v.path("create")) {
          if (create.isObject()) {
            ObjectNode other = createStored(target, (ObjectNode) create, caller, "11");
            ObjectNode fresh = ctx.store().get(module.name(), record.path("id").asText());
            relations.link(link, fresh, other, pairFields(link, create));
          }
        }
        for (JsonNode del : v.path("delete")) {
          ObjectNode fresh = ctx.store().get(module.name(), record.path("id").asText());
          ObjectNode other = ctx.store().get(target.name(), del.asText(""));
          if (other != null) {
            relations.unlink(link, fresh, other);
          }
        }
      }
    }
  }

  /** The relationship fields (e.g. contact_role) found in an item. */
  public static ObjectNode pairFields(LinkDef link, JsonNode item) {
    ObjectNode out = NODES.objectNode();
    for (String f : link.relationship().fields()) {
      if (item.has(f)) {
        out.set(f, item.get(f));
      }
    }
    return out;
  }

  private void checkRequired(ModuleDef module, ObjectNode record) {
    for (String f : module.requiredFields()) {
      ObjectNode def = module.field(f);
      if (module.isNonDb(f)
          || def.path("readonly").asBoolean(false)
          || "bool".equals(def.path("type").asText())
          || Set.of("date_entered", "date_modified", "id").contains(f)) {
        continue;
      }
      JsonNode v = record.get(f);
      if (v == null || v.isNull() || v.asText("").isBlank() && v.isValueNode()) {
        if ("user_name".equals(f)) {
          throw SugarApiException.missingParameter("Missing username");
        }
        throw SugarApiException.missingParameter("Missing parameter: " + f);
      }
    }
  }

  private long nextNumber(ModuleDef module, String field) {
    long max = 0;
    for (ObjectNode r : ctx.store().records(module.name())) {
      max = Math.max(max, r.path(field).asLong(0));
    }
    return max + 1;
  }
}
