package io.sugarbridge.cli.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
      out.printf(
          "%-5s %-19s  %-19s  %-22s %8s %8s %9s %8s %8s%n",
          "run",
          "started (UTC)",
          "ended (UTC)",
          "status",
          "created",
          "updated",
          "unchanged",
          "skipped",
          "failed");
      for (RunRecord r : runs) {
        JsonNode counts = r.countsJson() == null ? null : JSON.readTree(r.countsJson());
        out.printf(
            "%-5d %-19s  %-19s  %-22s %8s %8s %9s %8s %8s%n",
            r.id(),
            seconds(r.startedAt()),
            r.endedAt() == null ? "(did not finish)" : seconds(r.endedAt()),
            r.status() + (r.full() ? " (full)" : ""),
            count(counts, "created"),
            count(counts, "updated"),
            count(counts, "unchanged"),
            count(counts, "skipped"),
            count(counts, "failed"));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static String seconds(Instant t) {
    return t == null ? "" : SECONDS.format(t);
  }

  private static String count(JsonNode counts, String key) {
    return counts == null || !counts.has(key) ? "-" : counts.get(key).asText();
  }
}
