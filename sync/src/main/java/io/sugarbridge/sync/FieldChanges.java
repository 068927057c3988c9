package io.sugarbridge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.sync.plan.Candidate;
import io.sugarbridge.sync.report.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a plan shows for a row it would send: each field whose value differs from the one last
 * confirmed in Sugar, before and after, in words.
 */
final class FieldChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FieldChanges() {}

  static List<FieldChange> of(Candidate c) {
    Map<String, String> before = new HashMap<>();
    if (c.previous() != null && c.previous().valuesJson() != null) {
      try {
        JsonNode prev = JSON.readTree(c.previous().valuesJson());
        prev.fields().forEachRemaining(e -> before.put(e.getKey(), text(e.getValue())));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // An unreadable earlier value shows as unknown rather than failing the plan.
      }
    }
    JsonNode now = canonical(c);
    List<FieldChange> out = new ArrayList<>();
    now.fields()
        .forEachRemaining(
            e -> {
              String after = text(e.getValue());
              String b = before.get(e.getKey());
              if (!Objects.equals(b, after)) {
                out.add(new FieldChange(e.getKey(), b, after));
              }
            });
    return out;
  }

  private static JsonNode canonical(Candidate c) {
    try {
      return JSON.readTree(c.row().valuesJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field value as a plan shows it: lookups and email lists in words, not as JSON. */
  private static String text(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    JsonNode lookup = n.get("$lookup");
    if (n.isObject() && n.size() == 1 && lookup != null && lookup.isTextual()) {
      // Module.field=value, as RowMapper writes it
      String l = lookup.asText();
      int dot = l.indexOf('.');
      int eq = l.indexOf('=', dot + 1);
      if (dot > 0 && eq > dot) {
        return "id of the "
            + l.substring(0, dot)
            + " record whose "
            + l.substring(dot + 1, eq)
            + " is '"
            + l.substring(eq + 1)
            + "'";
      }
    }
    if (n.isArray() && n.size() > 0 && n.get(0).has("email_address")) {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : n) {
        String flags = e.path("primary_address").asBoolean(false) ? "primary" : "";
        if (e.has("opt_out")) {
          flags +=
              (flags.isEmpty() ? "" : ", ")
                  + (e.path("opt_out").asBoolean() ? "opted out" : "opted in");
        }
        parts.add(e.path("email_address").asText() + (flags.isEmpty() ? "" : " (" + flags + ")"));
      }
      return String.join(", ", parts);
    }
    return n.toString();
  }
}
