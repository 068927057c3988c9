package io.sugarbridge.sync;

import io.sugarbridge.sync.plan.Candidate;
import io.sugarbridge.sync.report.ErrorFile;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.PlannedRow;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.report.RunReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of one run: every row's outcome counted, written to the error file (a run, not a
 * plan), sampled with its field changes (a plan), and rows with warnings noted. Thread-safe: writer
 * threads report outcomes as their batches finish.
 */
final class RunTally {
  private final boolean dryRun;
  private final int sampleSize;
  private final ErrorFile errors;
  private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
  private final List<PlannedRow> sample = new ArrayList<>();
  private final List<RowOutcome> warned = new ArrayList<>();
  private long warnedRows;
  private int sampledFailures;
  private int sampledOthers;

  /**
   * @param errors the run's error file, or null for a plan
   */
  RunTally(boolean dryRun, int sampleSize, ErrorFile errors) {
    this.dryRun = dryRun;
    this.sampleSize = sampleSize;
    this.errors = errors;
  }

  /** Records a row's outcome; {@code c} is the row as sent or checked, if it got that far. */
  synchronized void add(RowOutcome outcome, Candidate c) {
    RowOutcome o = c == null ? outcome : outcome.withWarnings(c.row().warnings());
    if (!o.warnings().isEmpty()) {
      warnedRows++;
      if (warned.size() < RunReport.WARNING_SAMPLE) {
        warned.add(o);
      }
    }
    counts.merge(o.outcome(), 1L, Long::sum);
    if (errors != null) {
      errors.add(o);
    }
    if (dryRun && o.outcome() != Outcome.UNCHANGED) {
      // Every failing row is shown with its reason (up to a bound); others up to the sample size.
      boolean failed = o.outcome() == Outcome.FAILED;
      if (failed ? sampledFailures < RunReport.FAILURE_SAMPLE : sampledOthers < sampleSize) {
        sample.add(new PlannedRow(o, c == null ? List.of() : FieldChanges.of(c)));
        if (failed) {
          sampledFailures++;
        } else {
          sampledOthers++;
        }
      }
    }
  }

  synchronized Map<Outcome, Long> counts() {
    return new EnumMap<>(counts);
  }

  synchronized boolean anyFailed() {
    return counts.getOrDefault(Outcome.FAILED, 0L) > 0;
  }

  void closeErrors() {
    if (errors != null) {
      errors.close();
    }
  }

  synchronized RunReport report(
      String name, long runId, Instant started, Instant finished, long rowsRead) {
    Path errorPath = errors == null ? null : errors.path();
    return new RunReport(
        name,
        runId,
        dryRun,
        started,
        finished,
        rowsRead,
        counts,
        errorPath,
        errors == null ? 0 : errors.entries(),
        sample,
        warnedRows,
        warned);
  }
}
