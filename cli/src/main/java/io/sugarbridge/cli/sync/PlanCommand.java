package io.sugarbridge.cli.sync;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.SyncOptions;
import io.sugarbridge.sync.report.FieldChange;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.PlannedRow;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge plan FILE}: what a sync run would do (counts per outcome and a sample of rows
 * with their field changes, every failing row with its reason), reading Sugar but writing nothing
 * to it. Exit 0 when no row would fail, 3 when some would, as {@code users plan}.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Shows what 'sync' would do, writing nothing to Sugar.")
public final class PlanCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SyncFileOption syncFile;

  @Option(names = "--full", description = "Plan as if every row were resent.")
  boolean full;

  @Option(
      names = "--sample",
      defaultValue = "10",
      description = "Rows to show with their field changes (default: ${DEFAULT-VALUE}).")
  int sample;

  @Override
  public Integer call() {
    SyncSpec syncSpec = syncFile.read();
    PrintWriter err = spec.commandLine().getErr();
    SyncOptions options =
        SyncOptions.defaults().withFull(full).withSampleSize(sample).withNotices(err::println);
    RunReport report = SyncEngine.forSpec(syncSpec).plan(syncSpec, options);
    PrintWriter out = spec.commandLine().getOut();
    if (syncFile.json) {
      out.println(report.toJson().toPrettyString());
    } else {
      out.println(report.summary());
      long failuresShown = 0;
      for (PlannedRow row : report.sample()) {
        var o = row.outcome();
        out.printf(
            "  row %d key %s: %s%s%n",
            o.row(),
            o.key(),
            o.outcome().label(),
            o.reason() == null ? "" : " (" + o.reason() + ")");
        if (o.outcome() == Outcome.FAILED || o.outcome() == Outcome.SKIPPED) {
          failuresShown += o.outcome() == Outcome.FAILED ? 1 : 0;
          if (o.message() != null) {
            out.printf("      why: %s%n", o.message().replace("\n", "\n           "));
          }
        }
        for (String w : o.warnings()) {
          out.printf("      warning: %s%n", w);
        }
        for (FieldChange c : row.changes()) {
          out.printf("      %s: %s -> %s%n", c.field(), show(c.before()), show(c.after()));
        }
      }
      long more = report.count(Outcome.FAILED) - failuresShown;
      if (more > 0) {
        out.printf(
            "  ... and %d more failing rows; 'sync' writes each with its reason to the error file%n",
            more);
      }
      for (RowOutcome w : report.warnings()) {
        if (report.sample().stream().noneMatch(p -> p.outcome().row() == w.row())) {
          out.printf(
              "  row %d key %s: warning: %s%n", w.row(), w.key(), String.join("; ", w.warnings()));
        }
      }
    }
    out.flush();
    err.flush();
    // As 'users plan': scripts can tell a plan with failing rows from a clean one.
    return report.hasFailures() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private static String show(String v) {
    return v == null ? "(empty)" : '"' + v + '"';
  }
}
