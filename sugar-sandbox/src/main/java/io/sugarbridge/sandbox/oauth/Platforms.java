package io.sugarbridge.sandbox.oauth;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API platforms the sandbox accepts: Sugar's built-in list, {@code sugarbridge}, and any
 * configured with {@code --platform}. Sugar keeps one session per user and platform, two for {@code
 * mobile}.
 */
public final class Platforms {
  /** Sugar's built-in platforms (sugar-api.md 1.5). */
  public static final List<String> BUILT_IN =
      List.of(
          "base",
          "mobile",
          "portal",
          "opi",
          "lpi",
          "collabspot",
          "collabspotbackend",
          "discover",
          "gcs",
          "dms",
          "kiosk",
          "sugarlambda",
          "connections");

  /** Registered by default so sugarbridge never displaces a user's browser session. */
  public static final String SUGARBRIDGE = "sugarbridge";

  private final Set<String> registered;
  private final boolean rejectUnknown;

  public Platforms(Collection<String> extra, boolean rejectUnknown) {
    Set<String> all = new LinkedHashSet<>(BUILT_IN);
    all.add(SUGARBRIDGE);
    all.addAll(extra);
    this.registered = Set.copyOf(all);
    this.rejectUnknown = rejectUnknown;
  }

  /** Whether a grant may use this platform. */
  public boolean accepts(String platform) {
    return !rejectUnknown || registered.contains(platform);
  }

  /** Sessions a user may hold at once on a platform (Sugar's {@code numSessions}). */
  public static int sessionsPerUser(String platform) {
    return "mobile".equals(platform) ? 2 : 1;
  }
}
