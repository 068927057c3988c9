package io.sugarbridge.client.records;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of an {@code /integrate} upsert: the record's id, whether it was created (201) or
 * updated (200), and the server's answer body.
 */
public record UpsertResult(String id, boolean created, ObjectNode response) {}
