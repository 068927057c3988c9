package io.sugarbridge.cli.sync;

import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.SyncOptions;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge sync FILE}: runs a sync file, sending only rows that are new or changed since
 * the last run. Prints one summary line (or JSON); exit 0 when every row succeeded, 3 when some
 * rows failed (see the error file), 2 for configuration errors, 1 when the run could not proceed.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Moves the rows of a sync file's query into Sugar, only what changed.")
public final class SyncCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SyncFileOption syncFile;

  @Option(names = "--full", description = "Resend every row, changed or not.")
  boolean full;

  @Override
  public Integer call() {
    SyncSpec syncSpec = syncFile.read();
    PrintWriter out = spec.commandLine().getOut();
    RunReport report;
    try (ProgressBar bar = progressBar(syncFile.json, "sync " + syncSpec.name())) {
      PrintWriter err = spec.commandLine().getErr();
      SyncOptions options =
          SyncOptions.defaults()
              .withFull(full)
              .withNotices(
                  n -> {
                    err.println(n);
                    err.flush();
                  });
      if (bar != null) {
        options = options.withProgress(bar::stepTo);
      }
      report = SyncEngine.forSpec(syncSpec).run(syncSpec, options);
    }
    out.println(syncFile.json ? report.toJson().toPrettyString() : report.summary());
    out.flush();
    return report.exitCode();
  }

  /** A progress bar on stderr when a person is watching a terminal; none for machines. */
  static ProgressBar progressBar(boolean json, String task) {
    if (json || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(-1)
        .setUnit(" rows", 1)
        .setStyle(ProgressBarStyle.ASCII)
        .continuousUpdate()
        .build();
  }
}
