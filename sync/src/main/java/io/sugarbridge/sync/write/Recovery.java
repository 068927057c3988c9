package io.sugarbridge.sync.write;

import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.state.RowState;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.state.WriteIntent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finishes what a killed run left undone before a new run sends anything: every create whose intent
 * was recorded but never confirmed is looked up by the value it stamped on the record ({@code
 * sync_key} = row key, or the match field), in batches with {@code $in}. A record found is
 * confirmed in the state (so it is updated, never created twice); a record not found was never
 * created and its row is simply sent again. Update intents are dropped: resending an update is
 * harmless.
 */
public final class Recovery {
  private Recovery() {}

  /** Returns how many landed creates were confirmed. */
  public static int recover(SyncState state, RecordFinder finder, String module) {
    List<WriteIntent> pending = state.pendingIntents();
    if (pending.isEmpty()) {
      return 0;
    }
    Map<String, List<WriteIntent>> byField = new LinkedHashMap<>();
    List<String> clear = new ArrayList<>();
    for (WriteIntent i : pending) {
      if (i.stampField() == null || i.stampValue() == null) {
        clear.add(i.key());
      } else {
        byField.computeIfAbsent(i.stampField(), f -> new ArrayList<>()).add(i);
      }
    }
    int confirmed = 0;
    List<RowState> landed = new ArrayList<>();
    for (Map.Entry<String, List<WriteIntent>> e : byField.entrySet()) {
      Map<String, List<String>> found =
          finder.find(
              module, e.getKey(), e.getValue().stream().map(WriteIntent::stampValue).toList());
      for (WriteIntent i : e.getValue()) {
        List<String> ids = found.get(i.stampValue().toLowerCase(Locale.ROOT));
        if (ids == null || ids.isEmpty()) {
          clear.add(i.key());
        } else {
          landed.add(
              new RowState(
                  i.key(), i.fingerprint(), ids.get(0), RowState.SYNCED, i.valuesJson(), null));
          confirmed++;
        }
      }
    }
    if (!landed.isEmpty()) {
      state.record(landed);
    }
    if (!clear.isEmpty()) {
      state.clearIntents(clear);
    }
    return confirmed;
  }
}
