package io.sugarbridge.sync.mapping;

/**
 * A field value still to be resolved: the id of the {@code module} record whose {@code field}
 * equals {@code value}. Kept unresolved until the row is actually sent, so unchanged rows never
 * cost a lookup call.
 */
public record LookupRef(String module, String field, String value) {}
