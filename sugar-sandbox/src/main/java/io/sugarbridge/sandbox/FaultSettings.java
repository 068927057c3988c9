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
 * @param echoRequest every error answer (injected or the application's own, the token endpoint's
 *     included) appends the request to its {@code error_message}: method, path and query, headers
 *     ({@code OAuth-Token} too) and body, as a debugging proxy or a careless server does; for
 *     checking that a client never shows what such a server echoes
 * @param faultPath a regular expression a request's path (after {@code /rest/}, e.g. {@code
 *     v11_20/metadata}) must contain for the share faults and the huge answer to apply to it; null
 *     for every path. Lets a test fail only metadata reads, or only the token endpoint
 * @param hugeResponseBytes answer every request (within {@code faultPath}) with a 200 JSON body of
 *     this many bytes, streamed without being held in memory; 0 for off
 * @param hugeResponseBytesPerSecond how fast the huge answer is sent; 0 for as fast as possible
 */
public record FaultSettings(
    Duration latency,
    double share429,
    int retryAfterSeconds,
    boolean htmlErrors,
    double share500,
    double share503,
    double shareDropped,
    int requestsPerSecond,
    boolean echoRequest,
    String faultPath,
    long hugeResponseBytes,
    long hugeResponseBytesPerSecond) {

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
    if (faultPath != null) {
      try {
        java.util.regex.Pattern.compile(faultPath);
      } catch (java.util.regex.PatternSyntaxException e) {
        problems.append("faultPath is not a regular expression: ").append(e.getDescription());
        problems.append("; ");
      }
    }
    if (hugeResponseBytes < 0) {
      problems.append("hugeResponseBytes must be 0 (off) or a number of bytes; ");
    }
    if (hugeResponseBytesPerSecond < 0) {
      problems.append("hugeResponseBytesPerSecond must be 0 (no limit) or positive; ");
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

  /** The settings of earlier versions, without echo, path filter or huge answers. */
  public FaultSettings(
      Duration latency,
      double share429,
      int retryAfterSeconds,
      boolean htmlErrors,
      double share500,
      double share503,
      double shareDropped,
      int requestsPerSecond) {
    this(
        latency,
        share429,
        retryAfterSeconds,
        htmlErrors,
        share500,
        share503,
        shareDropped,
        requestsPerSecond,
        false,
        null,
        0,
        0);
  }

  /** No faults: what a healthy server does. */
  public static FaultSettings none() {
    return new FaultSettings(Duration.ZERO, 0, -1, false, 0, 0, 0, 0);
  }

  /** Whether the share faults and the huge answer apply to a request with this path. */
  public boolean appliesTo(String path) {
    return faultPath == null || java.util.regex.Pattern.compile(faultPath).matcher(path).find();
  }

  public FaultSettings withLatency(Duration v) {
    Copy c = new Copy(this);
    c.latency = v;
    return c.build();
  }

  /** A share of 429 answers with this {@code Retry-After} (-1 for none). */
  public FaultSettings with429(double share, int retryAfter) {
    Copy c = new Copy(this);
    c.share429 = share;
    c.retryAfterSeconds = retryAfter;
    return c.build();
  }

  public FaultSettings withHtmlErrors(boolean v) {
    Copy c = new Copy(this);
    c.htmlErrors = v;
    return c.build();
  }

  public FaultSettings with500(double share) {
    Copy c = new Copy(this);
    c.share500 = share;
    return c.build();
  }

  public FaultSettings with503(double share) {
    Copy c = new Copy(this);
    c.share503 = share;
    return c.build();
  }

  public FaultSettings withDropped(double share) {
    Copy c = new Copy(this);
    c.shareDropped = share;
    return c.build();
  }

  public FaultSettings withRequestsPerSecond(int cap) {
    Copy c = new Copy(this);
    c.requestsPerSecond = cap;
    return c.build();
  }

  public FaultSettings withRetryAfterSeconds(int seconds) {
    Copy c = new Copy(this);
    c.retryAfterSeconds = seconds;
    return c.build();
  }

  /** Error answers echo the request, secrets included. */
  public FaultSettings withEchoRequest(boolean v) {
    Copy c = new Copy(this);
    c.echoRequest = v;
    return c.build();
  }

  /** Share faults and huge answers only for paths containing a match of {@code regex}. */
  public FaultSettings withFaultPath(String regex) {
    Copy c = new Copy(this);
    c.faultPath = regex;
    return c.build();
  }

  /** Every answer a 200 of {@code bytes} bytes, sent at {@code bytesPerSecond} (0: at once). */
  public FaultSettings withHugeResponse(long bytes, long bytesPerSecond) {
    Copy c = new Copy(this);
    c.hugeResponseBytes = bytes;
    c.hugeResponseBytesPerSecond = bytesPerSecond;
    return c.build();
  }

  /**
   * These settings as mutable fields, for the {@code with...} methods: each changes what it names
   * and builds new settings (checked by the canonical constructor), so a field is copied in one
   * place only.
   */
  private static final class Copy {
    Duration latency;
    double share429;
    int retryAfterSeconds;
    boolean htmlErrors;
    double share500;
    double share503;
    double shareDropped;
    int requestsPerSecond;
    boolean echoRequest;
    String faultPath;
    long hugeResponseBytes;
    long hugeResponseBytesPerSecond;

    Copy(FaultSettings s) {
      latency = s.latency;
      share429 = s.share429;
      retryAfterSeconds = s.retryAfterSeconds;
      htmlErrors = s.htmlErrors;
      share500 = s.share500;
      share503 = s.share503;
      shareDropped = s.shareDropped;
      requestsPerSecond = s.requestsPerSecond;
      echoRequest = s.echoRequest;
      faultPath = s.faultPath;
      hugeResponseBytes = s.hugeResponseBytes;
      hugeResponseBytesPerSecond = s.hugeResponseBytesPerSecond;
    }

    FaultSettings build() {
      return new FaultSettings(
          latency,
          share429,
          retryAfterSeconds,
          htmlErrors,
          share500,
          share503,
          shareDropped,
          requestsPerSecond,
          echoRequest,
          faultPath,
          hugeResponseBytes,
          hugeResponseBytesPerSecond);
    }
  }
}
