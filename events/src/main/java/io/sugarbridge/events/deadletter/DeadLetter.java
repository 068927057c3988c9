package io.sugarbridge.events.deadletter;

import java.time.Instant;

/**
 * One event that could not be delivered because of something only a person can fix: the event as
 * journaled, the Sugar payload built for it, Sugar's own error, and what to do about it.
 *
 * @param id the dead letter's number, for {@code sugarbridge events replay --id N}
 * @param event the journaled event (JSON, as {@link io.sugarbridge.events.model.EventCodec} writes)
 * @param sugarPayload the record sent or that would have been sent, or null
 * @param httpStatus Sugar's HTTP status, or 0 when Sugar was not called (a missing trait)
 * @param sugarError Sugar's error code and message as received, or null
 * @param reason what went wrong and how to fix it, in words
 * @param attempts how many times it was tried (1 + replays)
 * @param replayedAt when a replay delivered it; null while it waits
 */
public record DeadLetter(
    long id,
    String messageId,
    long sequence,
    String event,
    String sugarPayload,
    int httpStatus,
    String sugarError,
    String reason,
    int attempts,
    Instant createdAt,
    Instant replayedAt) {}
