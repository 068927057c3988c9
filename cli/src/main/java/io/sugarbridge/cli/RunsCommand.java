package io.sugarbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sugarbridge runs FILE}: the run history of a sync (start, end, status, counts). */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Lists a sync's recent runs against the Sugar instance its connection file points to.")
public final class RunsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SyncFileOption syncFile;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many runs to show, newest first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws IOException {
    SyncSpec syncSpec = syncFile.read();
    PrintWriter err = spec.commandLine().getErr();
    List<RunRecord> runs = SyncEngine.runs(syncSpec, limit, Clock.systemUTC(), err::println);
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    // State is kept per instance: say whose history this is.
    String against = " against " + SyncEngine.instance(syncSpec);
    if (syncFile.json) {
      ArrayNode array = JSON.createArrayNode();
      for (RunRecord r : runs) {
        ObjectNode o = array.addObject();
        o.put("id", r.id());
        o.put("started_at", String.valueOf(r.startedAt()));
        o.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
        o.put("status", r.status());
        o.put("full", r.full());
        o.set("counts", r.countsJson() == null ? null : JSON.readTree(r.countsJson()));
      }
      out.println(array.toPrettyString());
    } else if (runs.isEmpty()) {
      out.println("No runs yet for " + syncSpec.name() + against + ".");
    } else {
      out.println("Runs of " + syncSpec.name() + against + ":");
      out.printf("%-5s %-25s %-25s %-22s %s%n", "run", "started", "ended", "status", "counts");
      for (RunRecord r : runs) {
        out.printf(
            "%-5d %-25s %-25s %-22s %s%s%n",
            r.id(),
            r.startedAt(),
            r.endedAt() == null ? "(did not finish)" : r.endedAt(),
            r.status(),
            r.countsJson() == null ? "" : r.countsJson(),
            r.full() ? " (full)" : "");
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
