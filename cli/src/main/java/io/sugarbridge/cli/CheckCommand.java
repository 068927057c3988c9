package io.sugarbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge check}: validates the connection file, logs in, reads {@code /me} and server
 * info, and lists the sync modules with the user's access. Exit 0 when usable, 1 when Sugar refused
 * or could not be reached, 2 when the configuration is wrong.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Tests the connection to Sugar and lists what the user may do in each module.")
public final class CheckCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "sugarbridge.yaml",
      description = "The connection file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--json", description = "Print the result as JSON for machines.")
  boolean json;

  @Override
  public Integer call() {
    SugarClientConfig clientConfig;
    try {
      clientConfig = SugarConnectionFile.load(config);
    } catch (ConfigurationException e) {
      if (!json) {
        throw e;
      }
      // Machines get the problems as JSON on stdout, one entry per problem, and the same exit code.
      // The same object every --json failure prints, plus what check adds.
      ObjectNode root = UserErrorHandler.json(e.getMessage(), ExitCodes.USAGE, e);
      root.put("usable", false);
      root.put("config", config.toString());
      spec.commandLine().getOut().println(root.toPrettyString());
      spec.commandLine().getOut().flush();
      return ExitCodes.USAGE;
    }
    return checkAndPrint(clientConfig, spec.commandLine().getOut(), json);
  }

  /**
   * Checks the connection this configuration describes, prints the report and returns the exit
   * code: 0 when usable, else the failure's (2 when the connection file or the user's set-up in
   * Sugar must change, 1 when Sugar could not be reached). {@code demo} runs exactly this against
   * its sandbox.
   */
  public static int checkAndPrint(SugarClientConfig clientConfig, PrintWriter out, boolean asJson) {
    ConnectionCheck.Report report = check(clientConfig);
    if (asJson) {
      out.println(toJson(report).toPrettyString());
    } else {
      printText(out, report);
    }
    out.flush();
    return report.usable() ? ExitCodes.OK : UserErrorHandler.exitCodeFor(report.failureCategory());
  }

  /** Runs the check and logs out again when it could log in. */
  public static ConnectionCheck.Report check(SugarClientConfig clientConfig) {
    SugarClient client = SugarClient.builder(clientConfig).build();
    ConnectionCheck.Report report = ConnectionCheck.run(client);
    if (report.usable()) {
      try {
        client.logout();
      } catch (RuntimeException e) {
        // The check is done; a failed logout only leaves a token that expires on its own.
      }
    }
    return report;
  }

  private static void printText(PrintWriter out, ConnectionCheck.Report r) {
    out.printf("Instance     %s%n", r.instanceUrl());
    out.printf("User         %s (platform %s)%n", r.username(), r.platform());
    if (!r.usable()) {
      out.printf("Result       NOT USABLE%n%n%s%n", r.failure());
      return;
    }
    var s = r.server();
    out.printf(
        "Server       %s %s %s (build %s), API v%s%n",
        nz(s.productName(), "SugarCRM"),
        nz(s.flavor(), "?"),
        nz(s.version(), "?"),
        nz(s.build(), "?"),
        r.apiVersion());
    out.printf(
        "Logged in    %s (%s)%s%n",
        r.user().userName(),
        nz(r.user().fullName(), "-"),
        r.user().admin() ? ", administrator" : "");
    out.printf("%nModule         read  create  edit%n");
    for (ConnectionCheck.ModuleRow m : r.modules()) {
      out.printf("%-14s %-5s %-7s %s%n", m.module(), yes(m.read()), yes(m.create()), yes(m.edit()));
    }
    out.printf("%nResult       usable%n");
  }

  public static ObjectNode toJson(ConnectionCheck.Report r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("usable", r.usable());
    root.put("instance_url", r.instanceUrl());
    root.put("username", r.username());
    root.put("platform", r.platform());
    if (!r.usable()) {
      root.put("error", r.failure());
      return root;
    }
    root.put("api_version", r.apiVersion());
    ObjectNode server = root.putObject("server");
    server.put("product_name", r.server().productName());
    server.put("flavor", r.server().flavor());
    server.put("version", r.server().version());
    server.put("build", r.server().build());
    ObjectNode user = root.putObject("user");
    user.put("id", r.user().id());
    user.put("user_name", r.user().userName());
    user.put("full_name", r.user().fullName());
    user.put("admin", r.user().admin());
    ArrayNode modules = root.putArray("modules");
    for (ConnectionCheck.ModuleRow m : r.modules()) {
      ObjectNode row = modules.addObject();
      row.put("module", m.module());
      row.put("read", m.read());
      row.put("create", m.create());
      row.put("edit", m.edit());
    }
    return root;
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }

  private static String nz(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }
}
