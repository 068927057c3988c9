package io.sugarbridge.sandbox.app.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.filter.ValueTests.Kind;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.Args;
import io.sugarbridge.sandbox.app.record.FieldValues;
import io.sugarbridge.sandbox.app.record.Relations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles Sugar's filter language (sugar-api.md 3.5) into a predicate over stored records, once
 * per request, so a list scans memory without parsing anything per record: every field operator,
 * {@code $or}/{@code $and} nesting, the macros {@code $owner}, {@code $creator}, {@code $favorite},
 * {@code $following}, {@code $tracker}, related fields {@code link.field}, and Sugar's error
 * messages. Text compares case-insensitively, as MySQL's default collation does; date-times compare
 * in their stored UTC form, and a bare date against a date-time field means that whole day.
 */
public final class FilterCompiler {
  private static final Pattern TRACKER =
      Pattern.compile(
          "\\s*-?\\s*(\\d+)\\s*(MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)S?\\s*", Pattern.CASE_INSENSITIVE);

  private final AppContext ctx;
  private final FieldValues values;
  private final Relations relations;
  private final Function<String, Map<String, Instant>> tracker;
  private final ValueTests tests;

  /**
   * @param tracker for a user id, when they last viewed each record (keys {@code module\0id})
   */
  public FilterCompiler(
      AppContext ctx,
      FieldValues values,
      Relations relations,
      Function<String, Map<String, Instant>> tracker) {
    this.ctx = ctx;
    this.values = values;
    this.relations = relations;
    this.tracker = tracker;
    this.tests = new ValueTests(this::today);
  }

  /** Compiles a {@code filter} argument (an array of filter objects, all ANDed). */
  public Predicate<ObjectNode> compile(ModuleDef module, JsonNode filter, Caller caller) {
    if (filter == null || filter.isNull()) {
      return r -> true;
    }
    if (!filter.isArray()) {
      throw SugarApiException.invalidParameter(
          "Unexpected filter type " + Args.phpType(filter) + ".");
    }
    List<Predicate<ObjectNode>> parts = new ArrayList<>();
    for (JsonNode item : filter) {
      parts.add(object(module, item, caller));
    }
    return and(parts);
  }

  private Predicate<ObjectNode> object(ModuleDef module, JsonNode item, Caller caller) {
    if (!item.isObject()) {
      throw SugarApiException.invalidParameter(
          "Unexpected filter type " + Args.phpType(item) + ".");
    }
    List<Predicate<ObjectNode>> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      switch (key) {
        case "$or":
        case "$and":
          if (!value.isArray() && !value.isObject()) {
            throw SugarApiException.invalidParameter(
                "Unexpected filter type " + Args.phpType(value) + ".");
          }
          List<Predicate<ObjectNode>> group = new ArrayList<>();
          for (JsonNode sub : value) {
            group.add(object(module, sub, caller));
          }
          parts.add("$or".equals(key) ? or(group) : and(group));
          break;
        case "$owner":
          parts.add(
              r -> caller != null && caller.userId().equals(r.path("assigned_user_id").asText()));
          break;
        case "$creator":
          parts.add(r -> caller != null && caller.userId().equals(r.path("created_by").asText()));
          break;
        case "$favorite":
          parts.add(mark(module, "favorite", caller));
          break;
        case "$following":
          parts.add(mark(module, "follow", caller));
          break;
        case "$tracker":
          parts.add(tracked(module, value, caller));
          break;
        default:
          if (key.startsWith("$")) {
            throw SugarApiException.invalidParameter("Did not recognize the operand: " + key);
          }
          parts.add(field(module, key, value, caller));
      }
    }
    return and(parts);
  }

  private Predicate<ObjectNode> field(
      ModuleDef module, String name, JsonNode value, Caller caller) {
    int dot = name.indexOf('.');
    if (dot > 0) {
      return related(module, name, name.substring(0, dot), name.substring(dot + 1), value, caller);
    }
    if (!module.hasField(name) || module.isLink(name)) {
      throw SugarApiException.invalidParameter("Unknown field " + name);
    }
    if (!value.isObject()) {
      return op(module, name, "$equals", value);
    }
    List<Predicate<ObjectNode>> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(op(module, name, e.getKey(), e.getValue()));
    }
    return and(parts);
  }

  private Predicate<ObjectNode> related(
      ModuleDef module, String full, String linkName, String field, JsonNode value, Caller caller) {
    LinkDef link = module.links().get(linkName);
    ModuleDef target = link == null ? null : ctx.module(link.targetModule());
    if (target == null || field.contains(".")) {
      throw SugarApiException.invalidParameter("Unknown field " + full);
    }
    if (!target.hasField(field) || target.isLink(field)) {
      throw SugarApiException.invalidParameter("Unknown field " + full);
    }
    Predicate<ObjectNode> onTarget = field(target, field, value, caller);
    Set<String> targetIds = new HashSet<>();
    for (ObjectNode r : ctx.store().records(target.name())) {
      if (!r.path("deleted").asBoolean(false) && onTarget.test(r)) {
        targetIds.add(r.path("id").asText());
      }
    }
    Set<String> ids = relations.idsRelatedTo(link, targetIds);
    return r -> ids.contains(r.path("id").asText());
  }

  private Predicate<ObjectNode> mark(ModuleDef module, String kind, Caller caller) {
    return r ->
        caller != null
            && ctx.store().marked(kind, caller.userId(), module.name(), r.path("id").asText());
  }

  private Predicate<ObjectNode> tracked(ModuleDef module, JsonNode value, Caller caller) {
    Matcher m = TRACKER.matcher(value.asText(""));
    Instant since;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2).toUpperCase(Locale.ROOT);
      since =
          switch (unit) {
            case "MINUTE" -> ctx.now().minus(Duration.ofMinutes(n));
            case "HOUR" -> ctx.now().minus(Duration.ofHours(n));
            case "WEEK" -> ctx.now().minus(Duration.ofDays(7 * n));
            case "MONTH" -> ctx.now().atOffset(ZoneOffset.UTC).minusMonths(n).toInstant();
            case "YEAR" -> ctx.now().atOffset(ZoneOffset.UTC).minusYears(n).toInstant();
            default -> ctx.now().minus(Duration.ofDays(n));
          };
    } else {
      since = Instant.EPOCH;
    }
    Map<String, Instant> viewed = caller == null ? Map.of() : tracker.apply(caller.userId());
    String prefix = module.name() + '\u0000';
    return r -> {
      Instant t = viewed.get(prefix + r.path("id").asText());
      return t != null && !t.isBefore(since);
    };
  }

  private Predicate<ObjectNode> op(ModuleDef module, String name, String op, JsonNode arg) {
    Kind kind = ValueTests.kind(module, name);
    boolean email = "email".equals(module.type(name));
    Function<ObjectNode, JsonNode> get = r -> values.value(module, r, name);
    switch (op) {
      case "$is_null":
        return r -> blank(get.apply(r), false);
      case "$not_null":
        return r -> !blank(get.apply(r), false);
      case "$empty":
        return r -> blank(get.apply(r), true);
      case "$not_empty":
        return r -> !blank(get.apply(r), true);
      default:
        break;
    }
    boolean negate = op.equals("$not_equals") || op.equals("$not_in") || op.equals("$not_contains");
    Predicate<String> test = tests.test(kind, op, arg);
    Predicate<ObjectNode> positive =
        r -> {
          JsonNode v = get.apply(r);
          if (v == null) {
            return kind == Kind.BOOL && test.test("0");
          }
          if (v.isArray()) {
            for (JsonNode el : v) {
              String t = email ? el.path("email_address").asText() : el.asText();
              if (test.test(t)) {
                return true;
              }
            }
            return false;
          }
          return test.test(v.asText());
        };
    return negate ? positive.negate() : positive;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(ctx.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
  }

  private static boolean blank(JsonNode v, boolean emptyTextToo) {
    if (v == null || v.isNull()) {
      return true;
    }
    if (v.isArray()) {
      return v.isEmpty();
    }
    return emptyTextToo && v.asText("").isEmpty();
  }

  private static Predicate<ObjectNode> and(List<Predicate<ObjectNode>> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Predicate<ObjectNode>[] array = toArray(parts);
    return r -> {
      for (Predicate<ObjectNode> p : array) {
        if (!p.test(r)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<ObjectNode> or(List<Predicate<ObjectNode>> parts) {
    Predicate<ObjectNode>[] array = toArray(parts);
    return r -> {
      for (Predicate<ObjectNode> p : array) {
        if (p.test(r)) {
          return true;
        }
      }
      return false;
    };
  }

  @SuppressWarnings("unchecked")
  private static Predicate<ObjectNode>[] toArray(List<Predicate<ObjectNode>> parts) {
    return parts.toArray(new Predicate[0]);
  }
}
