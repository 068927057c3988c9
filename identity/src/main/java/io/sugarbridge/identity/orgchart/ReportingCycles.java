package io.sugarbridge.identity.orgchart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds reporting cycles along the single manager edge of each person: a colour walk that visits
 * each person once, so loops in the data never make it run forever. The org chart uses it on
 * Sugar's users, and the desired-users file on its own rows before any of them is created.
 */
public final class ReportingCycles {
  private ReportingCycles() {}

  /**
   * Each cycle among {@code people}, its members in reporting order (each reports to the next), in
   * the order the walk meets them.
   *
   * @param key a person's key (the manager reference points at a key)
   * @param managerKey the key of a person's manager, or null for none
   */
  public static <T> List<List<T>> find(
      List<T> people, Function<T, String> key, Function<T, String> managerKey) {
    Map<String, T> byKey = new HashMap<>();
    for (T p : people) {
      byKey.put(key.apply(p), p);
    }
    Map<String, Integer> state = new HashMap<>();
    List<List<T>> cycles = new ArrayList<>();
    for (T start : people) {
      List<String> path = new ArrayList<>();
      String cur = key.apply(start);
      while (cur != null && byKey.containsKey(cur) && !state.containsKey(cur)) {
        state.put(cur, 1);
        path.add(cur);
        cur = managerKey.apply(byKey.get(cur));
      }
      if (cur != null && state.getOrDefault(cur, 0) == 1) {
        List<T> cycle = new ArrayList<>();
        for (String k : path.subList(path.indexOf(cur), path.size())) {
          cycle.add(byKey.get(k));
        }
        cycles.add(List.copyOf(cycle));
      }
      for (String k : path) {
        state.put(k, 2);
      }
    }
    return cycles;
  }
}
