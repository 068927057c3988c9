package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.mapping.RowMapper;
import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The match values that several rows of one run claim. Before a sync with {@code target.match}
 * sends anything, it reads the source once for each row's key and match value; rows with different
 * keys and the same match value (compared as Sugar compares them, ignoring case) would all write
 * the one record that value finds, the last silently overwriting the others, so each of them fails
 * as {@code duplicate_match} and none is written. Holds one entry per distinct match value (the
 * first key that claims it) and the keys of values claimed more than once.
 */
public final class MatchClaims {
  /** No claims: for syncs without a match rule. */
  public static final MatchClaims NONE = new MatchClaims(Map.of());

  private final Map<Long, List<String>> shared;

  private MatchClaims(Map<Long, List<String>> shared) {
    this.shared = shared;
  }

  /** Reads every row of {@code rows} (and closes it) to find match values claimed by two keys. */
  public static MatchClaims scan(RowStream rows, RowMapper mapper) {
    Map<Long, String> first = new HashMap<>();
    Map<Long, Set<String>> more = new HashMap<>();
    Set<Long> keys = new HashSet<>();
    try (rows) {
      while (rows.hasNext()) {
        SourceRow row = rows.next();
        MappedRow m = mapper.map(row);
        // Rows that fail mapping or repeat an earlier key never reach Sugar, so claim nothing.
        if (!m.ok() || m.matchValue() == null || !keys.add(hash64(m.key()))) {
          continue;
        }
        long value = hash64(m.matchValue().toLowerCase(Locale.ROOT));
        String earlier = first.putIfAbsent(value, m.key());
        if (earlier != null) {
          more.computeIfAbsent(value, v -> new LinkedHashSet<>(List.of(earlier))).add(m.key());
        }
      }
    }
    Map<Long, List<String>> shared = new HashMap<>();
    more.forEach((v, k) -> shared.put(v, new ArrayList<>(k)));
    return new MatchClaims(shared);
  }

  /** The keys of the other rows claiming this row's match value, or an empty list. */
  public List<String> others(MappedRow row) {
    if (row.matchValue() == null) {
      return List.of();
    }
    List<String> all = shared.get(hash64(row.matchValue().toLowerCase(Locale.ROOT)));
    if (all == null) {
      return List.of();
    }
    return all.stream().filter(k -> !k.equals(row.key())).toList();
  }

  /** True when no match value is claimed twice. */
  public boolean isEmpty() {
    return shared.isEmpty();
  }

  /** Keys for a message: the first few and how many more. */
  public static String describe(List<String> keys) {
    int shown = Math.min(5, keys.size());
    String list = String.join(", ", keys.subList(0, shown));
    return keys.size() > shown ? list + " and " + (keys.size() - shown) + " more" : list;
  }

  static long hash64(String s) {
    // FNV-1a, as the engine's duplicate-key check uses.
    long h = 0xcbf29ce484222325L;
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
