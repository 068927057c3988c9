package io.sugarbridge.sandbox;

import java.time.Duration;

/**
 * Faults the sandbox injects, so every failure path of a client can be exercised. Shares are
 * probabilities in [0, 1] applied per HTTP request (a {@code /bulk} call is one request).
 *
 * @param latency added before each request is processed, without holding any store lock
 * @param share429 share of requests answered 429
 * @param retryAfterSeconds the {@code Retry-After} sent with a 429 or 503, or -1 for none
 * @param htmlErrors answer injected 429/502/503 with an HTML body, as an edge proxy does
 * @param share500 share answered 500 {@code fatal_error}
 * @param share503 share answered 503 {@code service_unavailable}
 * @param shareDropped share whose connection is closed without an answer
 * @param requestsPerSecond edge-style cap (SugarCloud is said to allow about 20/s); 0 for none
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
}
