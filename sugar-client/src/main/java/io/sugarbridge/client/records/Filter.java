package io.sugarbridge.client.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A Sugar filter expression (sugar-api.md §3.5), built in Java instead of by hand-written JSON:
 * {@code Filter.field("last_name").startsWith("Sm")}, {@code Filter.or(a, b)}, {@code Filter.and(a,
 * b)}. {@link #toJson()} gives the array Sugar expects; top-level conditions are ANDed. Immutable.
 */
public final class Filter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Each element is one entry of Sugar's top-level filter array (ANDed). */
  private final List<ObjectNode> terms;

  private Filter(List<ObjectNode> terms) {
    this.terms = List.copyOf(terms);
  }

  /** Starts a condition on a field (related fields as {@code link_name.field}). */
  public static FieldCondition field(String name) {
    return new FieldCondition(name);
  }

  /** All conditions must hold ({@code $and}). */
  public static Filter and(Filter... filters) {
    return group("$and", Arrays.asList(filters));
  }

  /** At least one condition must hold ({@code $or}). */
  public static Filter or(Filter... filters) {
    return group("$or", Arrays.asList(filters));
  }

  /** Records the current user marked favorite. */
  public static Filter favorite() {
    return macro("$favorite", "_this");
  }

  /** Records assigned to the current user. */
  public static Filter owner() {
    return macro("$owner", "_this");
  }

  /** Records created by the current user. */
  public static Filter creator() {
    return macro("$creator", "_this");
  }

  /** Records the current user follows. */
  public static Filter following() {
    return macro("$following", "_this");
  }

  /** Records the current user viewed within an interval such as {@code -7 DAY}. */
  public static Filter tracker(String interval) {
    return macro("$tracker", interval);
  }

  /** Wraps JSON written by hand, one object per top-level entry. */
  public static Filter raw(ArrayNode array) {
    List<ObjectNode> t = new ArrayList<>();
    array.forEach(
        n -> {
          if (!n.isObject()) {
            throw new IllegalArgumentException("filter entries must be JSON objects: " + n);
          }
          t.add((ObjectNode) n.deepCopy());
        });
    return new Filter(t);
  }

  /** This filter and another, both required. */
  public Filter and(Filter other) {
    List<ObjectNode> t = new ArrayList<>(terms);
    t.addAll(other.terms);
    return new Filter(t);
  }

  /** Sugar's filter array. */
  public ArrayNode toJson() {
    ArrayNode a = NODES.arrayNode();
    terms.forEach(t -> a.add(t.deepCopy()));
    return a;
  }

  @Override
  public String toString() {
    try {
      return JSON.writeValueAsString(toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return terms.toString();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Filter f && f.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  private static Filter group(String op, List<Filter> filters) {
    if (filters.isEmpty()) {
      throw new IllegalArgumentException(op + " needs at least one filter");
    }
    ArrayNode items = NODES.arrayNode();
    for (Filter f : filters) {
      Objects.requireNonNull(f, "filter");
      if (f.terms.size() == 1) {
        items.add(f.terms.get(0).deepCopy());
      } else {
        // Several ANDed terms inside an $or must stay together.
        ObjectNode and = NODES.objectNode();
        and.set("$and", f.toJson());
        items.add(and);
      }
    }
    ObjectNode o = NODES.objectNode();
    o.set(op, items);
    return new Filter(List.of(o));
  }

  private static Filter macro(String op, String value) {
    ObjectNode o = NODES.objectNode();
    o.put(op, value);
    return new Filter(List.of(o));
  }

  /** A field awaiting its operator. */
  public static final class FieldCondition {
    private final String field;

    private FieldCondition(String field) {
      if (field == null || field.isBlank()) {
        throw new IllegalArgumentException("field name must not be empty");
      }
      this.field = field;
    }

    public Filter equalTo(Object v) {
      return op("$equals", v);
    }

    public Filter notEqualTo(Object v) {
      return op("$not_equals", v);
    }

    public Filter startsWith(String v) {
      return op("$starts", v);
    }

    public Filter endsWith(String v) {
      return op("$ends", v);
    }

    public Filter contains(String v) {
      return op("$contains", v);
    }

    public Filter notContains(String v) {
      return op("$not_contains", v);
    }

    public Filter in(Collection<?> values) {
      return op("$in", array(values));
    }

    public Filter in(Object... values) {
      return in(Arrays.asList(values));
    }

    public Filter notIn(Collection<?> values) {
      return op("$not_in", array(values));
    }

    public Filter notIn(Object... values) {
      return notIn(Arrays.asList(values));
    }

    public Filter between(Object low, Object high) {
      return op("$between", array(List.of(low, high)));
    }

    /** Dates from {@code start} to {@code end} inclusive, as {@code YYYY-MM-DD}. */
    public Filter dateBetween(String start, String end) {
      return op("$dateBetween", array(List.of(start, end)));
    }

    /** A named range: {@code today}, {@code last_7_days}, {@code this_month}, … */
    public Filter dateRange(String keyword) {
      return op("$dateRange", keyword);
    }

    public Filter lessThan(Object v) {
      return op("$lt", v);
    }

    public Filter lessThanOrEqual(Object v) {
      return op("$lte", v);
    }

    public Filter greaterThan(Object v) {
      return op("$gt", v);
    }

    public Filter greaterThanOrEqual(Object v) {
      return op("$gte", v);
    }

    public Filter isNull() {
      return op("$is_null", "");
    }

    public Filter notNull() {
      return op("$not_null", "");
    }

    public Filter isEmpty() {
      return op("$empty", "");
    }

    public Filter notEmpty() {
      return op("$not_empty", "");
    }

    public Filter lastDays(int days) {
      return op("$last_x_days", days);
    }

    public Filter nextDays(int days) {
      return op("$next_x_days", days);
    }

    private Filter op(String operator, Object value) {
      ObjectNode inner = NODES.objectNode();
      inner.set(operator, value(value));
      ObjectNode o = NODES.objectNode();
      o.set(field, inner);
      return new Filter(List.of(o));
    }

    private static ArrayNode array(Collection<?> values) {
      ArrayNode a = NODES.arrayNode();
      values.forEach(v -> a.add(value(v)));
      return a;
    }

    private static JsonNode value(Object v) {
      if (v instanceof JsonNode n) {
        return n;
      }
      return JSON.valueToTree(v);
    }
  }
}
