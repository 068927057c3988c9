package io.sugarbridge.sync.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds records by the value of one field for many values at once with Sugar's {@code $in} filter
 * (never one call per row), answering every matching id per value so that a value matching several
 * records can be reported as ambiguous instead of guessed. Values compare without regard to case,
 * as Sugar's database collation does; {@code email} matches any of a record's addresses.
 */
public final class RecordFinder {
  /** Values per filter call; keeps request bodies and answers small. */
  static final int VALUES_PER_CALL = 100;

  private final SugarClient client;

  public RecordFinder(SugarClient client) {
    this.client = client;
  }

  /** Lower-cased value to the ids of the records whose {@code field} has it. */
  public Map<String, List<String>> find(String module, String field, Collection<String> values) {
    Map<String, List<String>> out = new HashMap<>();
    findRecords(module, field, values, List.of())
        .forEach(
            (v, records) -> out.put(v, records.stream().map(r -> r.path("id").asText()).toList()));
    return out;
  }

  /**
   * Lower-cased value to the records whose {@code field} has it, each with {@code id}, the field
   * and {@code fields}: recovery reads the values a found record really holds this way, in the same
   * call that finds it.
   */
  public Map<String, List<ObjectNode>> findRecords(
      String module, String field, Collection<String> values, Collection<String> fields) {
    Map<String, List<ObjectNode>> out = new HashMap<>();
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
    boolean email = "email".equals(field) || "email1".equals(field);
    String filterField = email ? "email" : field;
    for (int i = 0; i < distinct.size(); i += VALUES_PER_CALL) {
      List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + VALUES_PER_CALL));
      Set<String> wanted = new java.util.HashSet<>();
      chunk.forEach(v -> wanted.add(v.toLowerCase(Locale.ROOT)));
      Set<String> wantedFields = new LinkedHashSet<>(List.of("id", filterField));
      wantedFields.addAll(fields);
      RecordQuery q =
          RecordQuery.where(Filter.field(filterField).in(chunk))
              .withFields(wantedFields.toArray(String[]::new))
              .withPageSize(Math.min(1000, Math.max(20, chunk.size() * 2)));
      Iterator<ObjectNode> it = client.records().iterate(module, q);
      while (it.hasNext()) {
        ObjectNode r = it.next();
        String id = r.path("id").asText();
        JsonNode v = r.path(filterField);
        Set<String> hits = new LinkedHashSet<>();
        if (v.isArray()) {
          for (JsonNode el : v) {
            hits.add(el.path("email_address").asText(el.asText()).toLowerCase(Locale.ROOT));
          }
        } else if (!v.isMissingNode() && !v.isNull()) {
          hits.add(v.asText().toLowerCase(Locale.ROOT));
        }
        for (String h : hits) {
          if (wanted.contains(h)) {
            List<ObjectNode> records = out.computeIfAbsent(h, k -> new ArrayList<>());
            if (records.stream().noneMatch(x -> x.path("id").asText().equals(id))) {
              records.add(r);
            }
          }
        }
      }
    }
    return out;
  }
}
