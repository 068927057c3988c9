package io.sugarbridge.cli;

import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.SyncOptions;
import io.sugarbridge.sync.report.FieldChange;
import io.sugarbridge.sync.report.PlannedRow;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge plan FILE}: what a sync run would do (counts per outcome and a sample of rows
 * with their field changes), reading Sugar but writing nothing to it.
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
      for (PlannedRow row : report.sample()) {
        var o = row.outcome();
        out.printf(
            "  row %d key %s: %s%s%n",
            o.row(),
            o.key(),
            o.outcome().label(),
            o.reason() == null ? "" : " (" + o.reason() + ")");
        for (FieldChange c : row.changes()) {
          out.printf("      %s: %s -> %s%n", c.field(), show(c.before()), show(c.after()));
        }
      }
    }
    out.flush();
    err.flush();
    return ExitCodes.OK;
  }

  private static String show(String v) {
    return v == null ? "(empty)" : '"' + v + '"';
  }
}
