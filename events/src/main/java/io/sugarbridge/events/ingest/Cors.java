package io.sugarbridge.events.ingest;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * CORS for the tracking endpoints: pages from an origin in {@code allowed_origins} may send events
 * (their requests get {@code Access-Control-Allow-Origin}); others are refused with 403.
 */
final class Cors {
  private final IngestSettings settings;

  Cors(IngestSettings settings) {
    this.settings = settings;
  }

  /** Whether a request from {@code origin} (a header that was sent) may be taken. */
  boolean allows(String origin) {
    return settings.allowsOrigin(origin);
  }

  /** Answers a preflight ({@code OPTIONS}). */
  void preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (!settings.allowsOrigin(origin)) {
      ctx.status(403)
          .contentType(IngestEndpoints.JSON_TYPE)
          .result(
              IngestResponse.errorBody(
                  "origin_not_allowed",
                  origin == null ? "a CORS preflight needs an Origin header" : refusal(origin),
                  null));
      return;
    }
    allowOrigin(ctx, origin);
    ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
    ctx.header("Access-Control-Allow-Headers", "Content-Type, Authorization, Content-Encoding");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }

  /** Lets the page at {@code origin} read the answer. */
  static void allowOrigin(Context ctx, String origin) {
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Vary", "Origin");
  }

  /** Why a request from {@code origin} is refused. */
  static String refusal(String origin) {
    return "origin "
        + origin.toLowerCase(Locale.ROOT)
        + " is not in allowed_origins: add it there to let pages from it send events";
  }
}
