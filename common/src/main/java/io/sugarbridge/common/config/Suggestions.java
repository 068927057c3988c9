package io.sugarbridge.common.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the known name closest to a mistyped one by edit distance. */
public final class Suggestions {
  /**
   * A suggestion is made only for names at most this many edits away (one for a name of three
   * letters or fewer, where two edits turn {@code e} into {@code key}).
   */
  public static final int MAX_DISTANCE = 2;

  private Suggestions() {}

  /**
   * The candidate closest to {@code name} (compared in lower case), if at most {@link
   * #MAX_DISTANCE} edits away (one for a short name); the first of equally close ones.
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String n = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = (n.length() <= 3 ? 1 : MAX_DISTANCE) + 1;
    for (String c : candidates) {
      int d = distance(n, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean X?)"} for the closest candidate, or an empty string. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return phrase(closest(name, candidates));
  }

  /**
   * As {@link #closest}, else the first candidate that starts with {@code name} (compared in lower
   * case), for a name cut short: a module written {@code Opp} for {@code Opportunities}.
   */
  public static Optional<String> closestOrCompletion(String name, Collection<String> candidates) {
    Optional<String> close = closest(name, candidates);
    if (close.isPresent() || name.isBlank()) {
      return close;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(n)).findFirst();
  }

  /** {@code " (did you mean X?)"} for {@link #closestOrCompletion}, or an empty string. */
  public static String didYouMeanOrCompletion(String name, Collection<String> candidates) {
    return phrase(closestOrCompletion(name, candidates));
  }

  private static String phrase(Optional<String> suggestion) {
    return suggestion.map(c -> " (did you mean " + c + "?)").orElse("");
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
