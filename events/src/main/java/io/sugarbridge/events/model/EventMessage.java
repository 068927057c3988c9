package io.sugarbridge.events.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One accepted Segment-style event as the collector journals it and the deliverer reads it back:
 * the fields of the Segment spec the product uses, with a batch's shared {@code context} and {@code
 * integrations} already merged in, plus what the collector stamped on receipt. {@code traits} holds
 * identify traits (for other types, {@code context.traits} when sent); {@code properties} holds
 * track and page properties. Object fields are never null (empty when absent).
 *
 * @param type identify, track, page, screen, group or alias
 * @param messageId the sender's id, used to drop repeats; generated on receipt when absent
 * @param userId the sender's user id, or null when only {@code anonymousId} was sent
 * @param anonymousId the sender's anonymous id, or null
 * @param event the track event name ({@code Lead Generated}); null for other types
 * @param name the page or screen name; null when not sent
 * @param timestamp the sender's {@code timestamp} as sent (ISO-8601), or null
 * @param receivedAt when the collector accepted it
 * @param writeKeyName the name of the configured write key that accepted it, never the key
 */
public record EventMessage(
    String type,
    String messageId,
    String userId,
    String anonymousId,
    String event,
    String name,
    ObjectNode traits,
    ObjectNode properties,
    ObjectNode context,
    ObjectNode integrations,
    String timestamp,
    Instant receivedAt,
    String writeKeyName) {

  /** The id the deliverer orders and keys a person's events by: userId, else anonymousId. */
  public String personKey() {
    return userId != null ? userId : anonymousId;
  }
}
