package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.Faults;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;

/**
 * Decides, per HTTP request, which fault (if any) the sandbox injects. The decision is cheap and
 * taken under this object's own lock; the latency it asks for is slept by the caller afterwards,
 * holding no lock, so concurrent requests overlap their delays as they would on a real network.
 */
public final class FaultInjector implements Faults {

  /** What happens to one request. */
  public enum Kind {
    NONE(null),
    RATE_LIMITED("rate_limited"),
    TOO_MANY_REQUESTS("too_many_requests"),
    FATAL_ERROR("fatal_error"),
    SERVICE_UNAVAILABLE("service_unavailable"),
    DROPPED_CONNECTION("dropped_connection");

    private final String logName;

    Kind(String logName) {
      this.logName = logName;
    }

    /** The name the request log shows, or null for no fault. */
    public String logName() {
      return logName;
    }
  }

  /** The fault for one request and the settings it was drawn from. */
  public record Decision(Kind kind, FaultSettings settings) {}

  private final Clock clock;
  private final Random random;
  private final Runnable expireTokens;
  private volatile FaultSettings settings;
  private long windowSecond = Long.MIN_VALUE;
  private int windowCount;

  /**
   * @param seed seeds the draws so a run can be repeated; null for a random seed
   * @param expireTokens forces every access token to expire (the OAuth2 server's job)
   */
  public FaultInjector(FaultSettings initial, Long seed, Clock clock, Runnable expireTokens) {
    this.settings = Objects.requireNonNull(initial);
    this.random = seed == null ? new Random() : new Random(seed);
    this.clock = clock;
    this.expireTokens = expireTokens;
  }

  @Override
  public FaultSettings current() {
    return settings;
  }

  @Override
  public void set(FaultSettings settings) {
    this.settings = Objects.requireNonNull(settings, "fault settings");
  }

  @Override
  public void expireAllTokens() {
    expireTokens.run();
  }

  /** Draws the fault for one request; the rate cap counts only requests it lets through. */
  public synchronized Decision decide() {
    return decide(null);
  }

  /**
   * Like {@link #decide()} for a request with this path (after {@code /rest/}): the share faults
   * apply only when it matches {@link FaultSettings#faultPath()}; the rate cap applies to all.
   */
  public synchronized Decision decide(String path) {
    FaultSettings s = settings;
    if (s.requestsPerSecond() > 0) {
      long second = Math.floorDiv(clock.millis(), 1000L);
      if (second != windowSecond) {
        windowSecond = second;
        windowCount = 0;
      }
      if (windowCount >= s.requestsPerSecond()) {
        return new Decision(Kind.RATE_LIMITED, s);
      }
      windowCount++;
    }
    double total = s.shareDropped() + s.share429() + s.share500() + s.share503();
    if (total <= 0 || path != null && !s.appliesTo(path)) {
      return new Decision(Kind.NONE, s);
    }
    double r = random.nextDouble();
    double edge = s.shareDropped();
    if (r < edge) {
      return new Decision(Kind.DROPPED_CONNECTION, s);
    }
    edge += s.share429();
    if (r < edge) {
      return new Decision(Kind.TOO_MANY_REQUESTS, s);
    }
    edge += s.share500();
    if (r < edge) {
      return new Decision(Kind.FATAL_ERROR, s);
    }
    edge += s.share503();
    if (r < edge) {
      return new Decision(Kind.SERVICE_UNAVAILABLE, s);
    }
    return new Decision(Kind.NONE, s);
  }
}
