package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.identity.orgchart.OrgChartFormat;
import io.sugarbridge.identity.orgchart.ReportingGraph;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge users org-chart}: the reporting graph from {@code reports_to_id} as JSON, CSV,
 * Graphviz DOT, Mermaid or a self-contained HTML page; cycles and dangling managers are drawn and
 * listed.
 */
@Command(
    name = "org-chart",
    mixinStandardHelpOptions = true,
    description = "Writes the org chart: json, csv, dot, mermaid or html.")
public final class UsersOrgChartCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json, csv, dot, mermaid or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path outFile;

  @Option(names = "--include-inactive", description = "Show inactive users too (greyed).")
  boolean includeInactive;

  @Override
  public Integer call() throws IOException {
    OrgChartFormat f;
    try {
      f = OrgChartFormat.named(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    UserList users = new UserDirectory(connection.client()).readAll(List.of());
    ReportingGraph graph = ReportingGraph.of(users, includeInactive);
    if (outFile == null) {
      f.write(graph, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
    } else {
      try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
        f.write(graph, w);
      } catch (IOException e) {
        // A missing folder or a read-only place is the user's to fix: say so, not a stack trace.
        throw new ConfigurationException(
            "--out",
            "cannot write the org chart to "
                + outFile
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); check that the folder exists and can be written");
      }
      spec.commandLine()
          .getErr()
          .printf(
              "Wrote the org chart of %d people (%d cycle(s), %d dangling manager(s)) to %s%n",
              graph.people().size(),
              graph.cycles().size(),
              graph.danglingManagers().size(),
              outFile);
      spec.commandLine().getErr().flush();
    }
    return ExitCodes.OK;
  }
}
