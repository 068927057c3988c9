package io.sugarbridge.sync.state;

import java.time.Instant;

/**
 * One run in the history: id, start and end ({@code null} end and status {@code running} when it
 * was killed), whether it was a full resend, final status and the outcome counts as JSON.
 */
public record RunRecord(
    long id, Instant startedAt, Instant endedAt, String status, boolean full, String countsJson) {}
