package io.sugarbridge.sync.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.state.RowState;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.state.WriteIntent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finishes what an interrupted run (killed, or its calls refused) left undone before a new run
 * sends anything. Every write whose intent was recorded but never confirmed is resolved against
 * Sugar, never assumed:
 *
 * <ul>
 *   <li>a create (or {@code /integrate} upsert) is looked up by the value it stamped on the record
 *       ({@code sync_key} = {@link SyncKeyStamp}, or the match field), in batches with {@code $in},
 *       reading the mapped fields in the same call. One record found whose values are the ones the
 *       run meant to write is confirmed ({@code synced}); one whose values differ gives only its
 *       id, and the row is sent again as an update; none found means the create never landed and
 *       the row is sent again as a create; several found are not guessed at (the row is created
 *       again, and a notice names the ids).
 *   <li>an update, or a create with no stamp, is sent again: its row keeps its Sugar id but loses
 *       its confirmed fingerprint, so even a row whose source went back to the last confirmed
 *       values is not reported {@code unchanged} while Sugar may hold the unconfirmed ones.
 * </ul>
 */
public final class Recovery {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reason stored for a row whose last write was not confirmed (it is sent again). */
  public static final String UNCONFIRMED = "unconfirmed";

  private Recovery() {}

  /** How recovery resolved the pending intents. */
  public record Result(int confirmed, int resent) {}

  public static Result recover(
      SyncState state, RecordFinder finder, String module, Consumer<String> notices) {
    List<WriteIntent> pending = state.pendingIntents();
    if (pending.isEmpty()) {
      return new Result(0, 0);
    }
    Map<String, List<WriteIntent>> byField = new LinkedHashMap<>();
    List<RowState> resolved = new ArrayList<>();
    for (WriteIntent i : pending) {
      if (i.stampField() == null || i.stampValue() == null) {
        resolved.add(unconfirmed(i.key(), null));
      } else {
        byField.computeIfAbsent(i.stampField(), f -> new ArrayList<>()).add(i);
      }
    }
    int confirmed = 0;
    List<String> ambiguous = new ArrayList<>();
    for (Map.Entry<String, List<WriteIntent>> e : byField.entrySet()) {
      Set<String> fields = new LinkedHashSet<>();
      for (WriteIntent i : e.getValue()) {
        values(i).fieldNames().forEachRemaining(fields::add);
      }
      Map<String, List<ObjectNode>> found =
          finder.findRecords(
              module,
              e.getKey(),
              e.getValue().stream().map(WriteIntent::stampValue).toList(),
              fields);
      for (WriteIntent i : e.getValue()) {
        List<ObjectNode> records =
            found.getOrDefault(i.stampValue().toLowerCase(Locale.ROOT), List.of());
        if (records.isEmpty()) {
          resolved.add(unconfirmed(i.key(), null));
        } else if (records.size() > 1) {
          resolved.add(unconfirmed(i.key(), null));
          ambiguous.add(
              e.getKey()
                  + " '"
                  + i.stampValue()
                  + "' ("
                  + String.join(
                      ", ", records.stream().limit(3).map(r -> r.path("id").asText()).toList())
                  + ")");
        } else {
          ObjectNode record = records.get(0);
          String id = record.path("id").asText();
          if (holds(record, values(i))) {
            resolved.add(
                new RowState(i.key(), i.fingerprint(), id, RowState.SYNCED, i.valuesJson(), null));
            confirmed++;
          } else {
            resolved.add(unconfirmed(i.key(), id));
          }
        }
      }
    }
    state.record(resolved);
    if (!ambiguous.isEmpty()) {
      notices.accept(
          ambiguous.size()
              + " unconfirmed create(s) match several "
              + module
              + " records, so none was taken as this sync's and the rows are sent again: "
              + String.join("; ", ambiguous.subList(0, Math.min(5, ambiguous.size())))
              + (ambiguous.size() > 5 ? "; and " + (ambiguous.size() - 5) + " more" : "")
              + ". Another sync (or a copy of this one) may stamp the same values.");
    }
    notices.accept(
        "Resumed an interrupted run: "
            + confirmed
            + " of its "
            + pending.size()
            + " unconfirmed write(s) found in Sugar with the intended values; the rest are sent"
            + " again.");
    return new Result(confirmed, pending.size() - confirmed);
  }

  /** Keeps the row's Sugar id ({@code id}, else the one known) and makes the row send again. */
  private static RowState unconfirmed(String key, String id) {
    return new RowState(key, null, id, RowState.FAILED, null, UNCONFIRMED);
  }

  private static JsonNode values(WriteIntent i) {
    if (i.valuesJson() == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(i.valuesJson());
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /**
   * True when the record holds every intended value. Deliberately strict: a value whose form Sugar
   * may change (a lookup, a decimal, a flag) compares unequal and the row is simply sent again;
   * only a false "equal" could hide a write that never happened.
   */
  static boolean holds(JsonNode record, JsonNode intended) {
    if (intended == null || !intended.isObject() || intended.isEmpty()) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> it = intended.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!same(record.path(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(JsonNode actual, JsonNode wanted) {
    if (wanted == null || wanted.isNull()) {
      return actual.isMissingNode()
          || actual.isNull()
          || actual.isTextual() && actual.asText().isEmpty();
    }
    if (wanted.isValueNode()) {
      return actual.isValueNode() && !actual.isNull() && actual.asText().equals(wanted.asText());
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) {
        return false;
      }
      for (JsonNode w : wanted) {
        boolean matched = false;
        for (JsonNode a : actual) {
          if (same(a, w)) {
            matched = true;
            break;
          }
        }
        if (!matched) {
          return false;
        }
      }
      return true;
    }
    // An object: every intended key must be there with its value ({"$lookup": ...} never is).
    if (!actual.isObject()) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> it = wanted.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = actual.path(e.getKey());
      boolean address = e.getKey().equals("email_address");
      if (address
          ? !a.isTextual() || !a.asText().equalsIgnoreCase(e.getValue().asText())
          : !same(a, e.getValue())) {
        return false;
      }
    }
    return true;
  }
}
