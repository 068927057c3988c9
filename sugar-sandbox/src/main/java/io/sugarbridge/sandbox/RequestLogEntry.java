package io.sugarbridge.sandbox;

import java.time.Duration;
import java.time.Instant;

/** One request the sandbox served, as its request log shows it. */
public record RequestLogEntry(
    Instant at, String method, String path, int status, Duration duration, String fault) {}
