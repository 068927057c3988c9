package io.sugarbridge.sandbox;

import java.time.Duration;

/**
 * Faults the sandbox injects, so every failure path of a client can be exercised. Shares are
 * probabilities in [0, 1] applied per HTTP request (a {@code /bulk} call is one request); one
 * random draw picks at most one of dropped connection, 429, 500 and 503, so their shares must not
 * add up to more than 1. Faults never apply to the sandbox's own admin endpoints ({@code
 * /rest/_sandbox/...}).
 *
 * @param latency added before each request is processed, without holding any store lock
 * @param share429 share of requests answered 429
 * @param retryAfterSeconds the {@code Retry-After} sent with a 429 or 503, or -1 for none
 * @param htmlErrors answer injected 429/503 (and the rate cap's 429) with an HTML body, as an edge
 *     proxy does, instead of Sugar-style JSON
 * @param share500 share answered 500 {@code fatal_error}
 * @param share503 share answered 503 {@code service_unavailable}
 * @param shareDropped share whose connection is closed without an answer
 * @param requestsPerSecond edge-style cap (SugarCloud is said to allow about 20/s); requests beyond
 *     it within one clock second are answered 429; 0 for none
 */
public record FaultSettings(
    Duration latency,
    double share429,
    int retryAfterSeconds,
    boolean htmlErrors,
    double share500,
    double share503,
    double shareDropped,
    int requestsPerSecond) {

  /** Validates every field at once and names each one at fault. */
  public FaultSettings {
    StringBuilder problems = new StringBuilder();
    if (latency == null || latency.isNegative()) {
      problems.append("latency must be zero or positive (e.g. PT0.05S or 50 ms); ");
    }
    checkShare(problems, "share429", share429);
    checkShare(problems, "share500", share500);
    checkShare(problems, "share503", share503);
    checkShare(problems, "shareDropped", shareDropped);
    if (share429 + share500 + share503 + shareDropped > 1.0 + 1e-9) {
      problems.append(
          "share429 + share500 + share503 + shareDropped must not exceed 1 (one draw per request); ");
    }
    if (retryAfterSeconds < -1) {
      problems.append("retryAfterSeconds must be -1 (no header) or a number of seconds >= 0; ");
    }
    if (requestsPerSecond < 0) {
      problems.append("requestsPerSecond must be 0 (no cap) or positive; ");
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException(
          "Invalid fault settings: " + problems.substring(0, problems.length() - 2));
    }
  }

  private static void checkShare(StringBuilder problems, String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      problems.append(name).append(" must be between 0 and 1, was ").append(v).append("; ");
    }
  }

  /** No faults: what a healthy server does. */
  public static FaultSettings none() {
    return new FaultSettings(Duration.ZERO, 0, -1, false, 0, 0, 0, 0);
  }

  public FaultSettings withLatency(Duration v) {
    return new FaultSettings(
        v,
        share429,
        retryAfterSeconds,
        htmlErrors,
        share500,
        share503,
        shareDropped,
        requestsPerSecond);
  }

  /** A share of 429 answers with this {@code Retry-After} (-1 for none). */
  public FaultSettings with429(double share, int retryAfter) {
    return new FaultSettings(
        latency,
        share,
        retryAfter,
        htmlErrors,
        share500,
        share503,
        shareDropped,
        requestsPerSecond);
  }

  public FaultSettings withHtmlErrors(boolean v) {
    return new FaultSettings(
        latency,
        share429,
        retryAfterSeconds,
        v,
        share500,
        share503,
        shareDropped,
        requestsPerSecond);
  }

  public FaultSettings with500(double share) {
    return new FaultSettings(
        latency,
        share429,
        retryAfterSeconds,
        htmlErrors,
        share,
        share503,
        shareDropped,
        requestsPerSecond);
  }

  public FaultSettings with503(double share) {
    return new FaultSettings(
        latency,
        share429,
        retryAfterSeconds,
        htmlErrors,
        share500,
        share,
        shareDropped,
        requestsPerSecond);
  }

  public FaultSettings withDropped(double share) {
    return new FaultSettings(
        latency,
        share429,
        retryAfterSeconds,
        htmlErrors,
        share500,
        share503,
        share,
        requestsPerSecond);
  }

  public FaultSettings withRequestsPerSecond(int cap) {
    return new FaultSettings(
        latency, share429, retryAfterSeconds, htmlErrors, share500, share503, shareDropped, cap);
  }

  public FaultSettings withRetryAfterSeconds(int seconds) {
    return new FaultSettings(
        latency,
        share429,
        seconds,
        htmlErrors,
        share500,
        share503,
        shareDropped,
        requestsPerSecond);
  }
}
