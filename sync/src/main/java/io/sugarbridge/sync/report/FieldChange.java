package io.sugarbridge.sync.report;

/** One field a planned write would change: its value last sent (null if new) and the new one. */
public record FieldChange(String field, String before, String after) {}
