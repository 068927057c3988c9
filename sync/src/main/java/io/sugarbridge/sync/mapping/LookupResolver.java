package io.sugarbridge.sync.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@link LookupRef}s (parent record ids) for a batch of rows with one {@code $in} call per
 * module and field, remembering answers for the rest of the run so a parent shared by many rows is
 * looked up once.
 */
public final class LookupResolver {
  /** An id, or why there is none. */
  public record Resolution(String id, int matches) {
    public boolean found() {
      return matches == 1;
    }
  }

  private final RecordFinder finder;
  private final Map<String, Resolution> cache = new ConcurrentHashMap<>();

  public LookupResolver(RecordFinder finder) {
    this.finder = finder;
  }

  /** Resolves every ref; answers are keyed by the ref. */
  public Map<LookupRef, Resolution> resolve(Collection<LookupRef> refs) {
    Map<String, List<LookupRef>> missing = new LinkedHashMap<>();
    for (LookupRef r : refs) {
      if (!cache.containsKey(cacheKey(r))) {
        missing.computeIfAbsent(r.module() + "\u0000" + r.field(), k -> new ArrayList<>()).add(r);
      }
    }
    for (List<LookupRef> group : missing.values()) {
      LookupRef first = group.get(0);
      Map<String, List<String>> found =
          finder.find(first.module(), first.field(), group.stream().map(LookupRef::value).toList());
      for (LookupRef r : group) {
        List<String> ids = found.getOrDefault(r.value().toLowerCase(Locale.ROOT), List.of());
        cache.put(cacheKey(r), new Resolution(ids.isEmpty() ? null : ids.get(0), ids.size()));
      }
    }
    Map<LookupRef, Resolution> out = new LinkedHashMap<>();
    refs.forEach(r -> out.put(r, cache.get(cacheKey(r))));
    return out;
  }

  private static String cacheKey(LookupRef r) {
    return r.module() + "\u0000" + r.field() + "\u0000" + r.value().toLowerCase(Locale.ROOT);
  }
}
