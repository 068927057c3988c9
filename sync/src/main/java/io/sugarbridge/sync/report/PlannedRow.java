package io.sugarbridge.sync.report;

import java.util.List;

/** A sample row of a plan: what would happen to it and which fields would change. */
public record PlannedRow(RowOutcome outcome, List<FieldChange> changes) {}
