package io.sugarbridge.sync.plan;

/** A candidate with the write it becomes and, for updates, the Sugar id it targets. */
public record PlannedWrite(Candidate candidate, Action action, String sugarId) {}
