package io.sugarbridge.events.journal;

/**
 * One journaled event: its sequence number (1, 2, 3, ... in append order, never reused) and the
 * payload bytes exactly as appended (the collector's normalised event JSON).
 */
public record JournalEntry(long sequence, byte[] payload) {}
