package io.sugarbridge.sandbox.app.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.FieldTypes;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.FieldValues;
import io.sugarbridge.sandbox.app.record.RecordFormatter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Lists, filters and counts records as Sugar's FilterApi does (sugar-api.md 3.5): {@code max_num}
 * (default 20, capped only by {@code maxListLimit}), {@code offset} (a number or {@code end}),
 * {@code fields}, {@code order_by} (default {@code date_modified:DESC}, ties broken by id so pages
 * are stable), {@code deleted}, {@code q}, {@code favorites}, {@code my_items}, and {@code
 * next_offset} found by fetching one record more than asked.
 */
public final class RecordLists {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int DEFAULT_LIMIT = 20;

  private final AppContext ctx;
  private final FieldValues values;
  private final FilterCompiler filters;
  private final RecordFormatter formatter;

  public RecordLists(
      AppContext ctx, FieldValues values, FilterCompiler filters, RecordFormatter formatter) {
    this.ctx = ctx;
    this.values = values;
    this.filters = filters;
    this.formatter = formatter;
  }

  /** One page of the records of {@code source} that match the arguments. */
  public ObjectNode page(
      ModuleDef module,
      Collection<ObjectNode> source,
      ObjectNode args,
      Caller caller,
      Function<ObjectNode, ObjectNode> decorate) {
    Comparator<ObjectNode> order = order(module, Args.text(args, "order_by"));
    String offsetText = Args.text(args, "offset");
    ObjectNode out = NODES.objectNode();
    if ("end".equalsIgnoreCase(offsetText)) {
      out.put("next_offset", -1);
      out.putArray("records");
      return out;
    }
    int offset = Math.max(0, Args.integer(args, "offset", 0));
    int limit = limit(args);
    List<ObjectNode> matches = matching(module, source, args, caller);
    matches.sort(order);
    ArrayNode records = NODES.arrayNode();
    Set<String> fields = Args.list(args, "fields");
    int end = Math.min(matches.size(), offset + limit);
    for (int i = offset; i < end; i++) {
      ObjectNode formatted = formatter.format(module, matches.get(i), caller, fields);
      records.add(decorate == null ? formatted : decorate.apply(formatted));
    }
    // Sugar fetches limit + 1 rows; one more than the page means there is a next page.
    out.put("next_offset", matches.size() > offset + limit ? offset + limit : -1);
    out.set("records", records);
    return out;
  }

  /** {@code {"record_count": n}} for the records of {@code source} that match. */
  public ObjectNode count(
      ModuleDef module, Collection<ObjectNode> source, ObjectNode args, Caller caller) {
    ObjectNode out = NODES.objectNode();
    out.put("record_count", matching(module, source, args, caller).size());
    return out;
  }

  /** The records of {@code source} that match {@code filter}, {@code q} and the flags. */
  public List<ObjectNode> matching(
      ModuleDef module, Collection<ObjectNode> source, ObjectNode args, Caller caller) {
    JsonNode filter = Args.json(args, "filter");
    String q = Args.text(args, "q");
    boolean deleted = Args.bool(args, "deleted");
    if (q != null && !q.isEmpty() && (filter != null || args.hasNonNull("filter_id") || deleted)) {
      throw SugarApiException.invalidParameter(
          "The q parameter cannot be combined with filter, filter_id or deleted; send one of"
              + " them");
    }
    Predicate<ObjectNode> p = filters.compile(module, filter, caller);
    if (q != null && !q.isEmpty()) {
      p = p.and(search(module, q));
    }
    if (Args.bool(args, "favorites") && caller != null) {
      p =
          p.and(
              r ->
                  ctx.store()
                      .marked("favorite", caller.userId(), module.name(), r.path("id").asText()));
    }
    if (Args.bool(args, "my_items") && caller != null) {
      p = p.and(r -> caller.userId().equals(r.path("assigned_user_id").asText()));
    }
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode r : source) {
      if ((deleted || !r.path("deleted").asBoolean(false)) && p.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  private int limit(ObjectNode args) {
    int max = Args.integer(args, "max_num", DEFAULT_LIMIT);
    Integer cap = ctx.config().maxListLimit;
    if (cap != null && (max < 1 || max > cap)) {
      return cap;
    }
    return max < 1 ? DEFAULT_LIMIT : max;
  }

  /** Sugar's basic search: any unified-search field (or an email address) starts with q. */
  private Predicate<ObjectNode> search(ModuleDef module, String q) {
    List<String> searchable = new ArrayList<>();
    module
        .fields()
        .forEach(
            (name, def) -> {
              if (def.path("unified_search").asBoolean(false)) {
                searchable.add(name);
              }
            });
    if (module.isPerson()) {
      searchable.add("full_name");
    }
    String prefix = q.trim().replace("%", "");
    return r -> {
      for (String f : searchable) {
        String v = values.text(module, r, f);
        if (v.regionMatches(true, 0, prefix, 0, prefix.length())) {
          return true;
        }
      }
      for (JsonNode e : r.path("email")) {
        if (e.path("email_address").asText().regionMatches(true, 0, prefix, 0, prefix.length())) {
          return true;
        }
      }
      return false;
    };
  }

  /** The comparator for {@code order_by}; unknown fields are 422 as in Sugar. */
  public Comparator<ObjectNode> order(ModuleDef module, String orderBy) {
    Comparator<ObjectNode> result = null;
    String lastDirection = "DESC";
    String spec = orderBy == null || orderBy.isBlank() ? "date_modified:DESC" : orderBy;
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String field = p;
      String direction = "DESC";
      int colon = p.indexOf(':');
      if (colon >= 0) {
        field = p.substring(0, colon).trim();
        direction =
            "asc".equals(p.substring(colon + 1).trim().toLowerCase(Locale.ROOT)) ? "ASC" : "DESC";
      }
      if (!module.hasField(field) || module.isLink(field)) {
        throw SugarApiException.invalidParameter(
            "Non existing field: " + field + " in module: " + module.name());
      }
      Comparator<ObjectNode> c = byField(module, field);
      if ("DESC".equals(direction)) {
        c = c.reversed();
      }
      result = result == null ? c : result.thenComparing(c);
      lastDirection = direction;
    }
    Comparator<ObjectNode> byId = Comparator.comparing(r -> r.path("id").asText());
    if ("DESC".equals(lastDirection)) {
      byId = byId.reversed();
    }
    return result == null ? byId : result.thenComparing(byId);
  }

  private Comparator<ObjectNode> byField(ModuleDef module, String field) {
    String db = module.dbType(field);
    boolean numeric = FieldTypes.isNumeric(db);
    String sortOn = module.field(field).path("sort_on").asText(null);
    String key =
        sortOn != null && module.hasField(sortOn) && !"email".equals(module.type(field))
            ? sortOn
            : field;
    if (numeric) {
      return Comparator.comparing(
          r -> number(values.text(module, r, key)),
          Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    // Stored values are plain, so direct text comparison matches MySQL's ordering closely enough.
    return Comparator.comparing(r -> values.text(module, r, key), String.CASE_INSENSITIVE_ORDER);
  }

  private static BigDecimal number(String s) {
    try {
      return s.isEmpty() ? null : new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
