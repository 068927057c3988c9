package io.sugarbridge.sync.state;

/**
 * A write about to be sent, recorded before sending so a run killed before its confirmation can
 * find out what landed: the key, the operation ({@code create}, {@code update}, {@code upsert}),
 * the fingerprint and values being sent, and for creates the field and value stamped on the new
 * record ({@code sync_key} = row key, or the match field) by which it can be found again.
 */
public record WriteIntent(
    String key,
    String op,
    String fingerprint,
    String valuesJson,
    String stampField,
    String stampValue) {}
