package io.sugarbridge.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One request the sandbox served, as its request log shows it.
 *
 * @param at when it arrived (the sandbox's clock)
 * @param method upper-case HTTP method
 * @param path the request path without the query string (which may carry a token)
 * @param status the HTTP status answered, or 0 when the connection was dropped
 * @param duration time spent answering, injected latency included
 * @param fault the injected fault ({@code latency} is not one), or null: {@code rate_limited},
 *     {@code too_many_requests}, {@code fatal_error}, {@code service_unavailable}, {@code
 *     dropped_connection}
 */
public record RequestLogEntry(
    Instant at, String method, String path, int status, Duration duration, String fault) {}
