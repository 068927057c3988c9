package io.sugarbridge.events.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What delivering one event came to.
 *
 * @param sugarPayload the record built for Sugar, or null when none was built
 * @param recordId the Sugar record id created or updated (or found for a duplicate), or null
 * @param detail why (no action, dead letter) or Sugar's answer in words
 * @param httpStatus Sugar's HTTP status for a failure, 0 otherwise
 * @param sugarError Sugar's error code and message for a failure, or null
 * @param missingTrait a dead letter only for a trait its person never sent (the sender's data, not
 *     the collector's settings or Sugar), so it says nothing about whether delivery works
 */
public record DeliveryOutcome(
    DeliveryState state,
    ObjectNode sugarPayload,
    String recordId,
    String detail,
    int httpStatus,
    String sugarError,
    boolean missingTrait) {

  public DeliveryOutcome(
      DeliveryState state,
      ObjectNode sugarPayload,
      String recordId,
      String detail,
      int httpStatus,
      String sugarError) {
    this(state, sugarPayload, recordId, detail, httpStatus, sugarError, false);
  }

  static DeliveryOutcome of(DeliveryState state, ObjectNode payload, String id, String detail) {
    return new DeliveryOutcome(state, payload, id, detail, 0, null);
  }
}
