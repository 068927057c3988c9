package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An event, or a whole request, the endpoints refused and did not journal, with the reason as the
 * sender was told it. A refused request (bad write key, rate limited, unreadable body) has no
 * {@code index} and usually no payload.
 *
 * @param writeKeyName the name of the write key that sent it; null when the key was missing or
 *     wrong
 * @param path the endpoint, e.g. {@code /v1/batch}
 * @param index the event's position in a batch, or null for a single event or a whole request
 * @param messageId the event's messageId when it had one
 * @param reason a short code, also the {@code reason} tag of {@code events_rejected_total}:
 *     malformed_json, missing_identity, unknown_type, missing_event, invalid_field, too_large,
 *     unauthorized, rate_limited (write key), address_rate_limited, overloaded (no room for the
 *     body, 503), journal_unavailable
 * @param error the message sent back, naming the field at fault
 * @param status the HTTP status the sender got for the request
 * @param payload the event as received (the body's {@code writeKey} removed), or null
 * @param receivedAt when the request arrived
 */
public record RejectedEvent(
    String writeKeyName,
    String path,
    Integer index,
    String messageId,
    String reason,
    String error,
    int status,
    JsonNode payload,
    Instant receivedAt) {}
