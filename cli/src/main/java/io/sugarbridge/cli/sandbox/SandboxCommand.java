package io.sugarbridge.cli.sandbox;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.common.server.UntilStopped;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SandboxStartException;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge sandbox}: starts the local Sugar-compatible server (not a real SugarCRM) and
 * keeps it running until interrupted. Every switch defaults to how a real Sugar 13/14 server
 * behaves.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local Sugar-compatible server for demos, dry runs and tests.",
      "It is NOT a real SugarCRM. It binds to 127.0.0.1 unless told otherwise."
    })
public final class SandboxCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}); anything else exposes it.")
  String host;

  @Option(
      names = "--data",
      description = "Directory for the SQLite store and custom_fields.json; in memory when absent.")
  Path data;

  @Option(
      names = "--admin-password",
      description = "Password for the 'admin' user; generated and printed when absent.")
  String adminPassword;

  @Option(
      names = "--token-ttl",
      defaultValue = "3600",
      description = "Access-token lifetime in seconds (default: ${DEFAULT-VALUE}, as Sugar).")
  long tokenTtlSeconds;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Generated records to add per module at start-up (default: ${DEFAULT-VALUE}).")
  int seed;

  @Option(
      names = "--min-version",
      defaultValue = "10",
      description = "Lowest API version served (default: ${DEFAULT-VALUE}).")
  String minVersion;

  @Option(
      names = "--max-version",
      defaultValue = "11.24",
      description = "Highest API version served (default: ${DEFAULT-VALUE}, Sugar 14.0).")
  String maxVersion;

  @Option(
      names = "--platform",
      description = "Register an extra OAuth2 platform (repeatable); 'sugarbridge' always is.")
  List<String> platforms = new ArrayList<>();

  @Option(
      names = "--oauth-client",
      description = "Register an OAuth2 client as ID or ID=SECRET (repeatable); 'sugar' always is.")
  List<String> clients = new ArrayList<>();

  @Option(
      names = "--client-credentials",
      description = "Answer the client_credentials grant (Sugar answers unsupported_grant_type).")
  boolean clientCredentials;

  @Option(names = "--no-bearer", description = "Refuse 'Authorization: Bearer' (Sugar before 8.2).")
  boolean noBearer;

  @Option(
      names = "--allow-unknown-platforms",
      description = "Accept any platform name (Sugar's disable_unknown_platforms=false).")
  boolean allowUnknownPlatforms;

  @Option(
      names = "--enforce-required",
      description = "Refuse creates that miss a required field (Sugar does not, except Users).")
  boolean enforceRequired;

  @Option(
      names = "--max-list-limit",
      description = "Cap max_num like Sugar's max_list_limit (no cap by default).")
  Integer maxListLimit;

  @Option(names = "--integrate-admin-only", description = "Allow /integrate for admins only.")
  boolean integrateAdminOnly;

  @Option(
      names = "--allow-report-loops",
      description =
          "Accept a reports_to_id that closes a reporting loop (Sugar refuses it with 403), to"
              + " build the loops that imports leave in real instances.")
  boolean allowReportLoops;

  @Option(
      names = "--latency-ms",
      defaultValue = "0",
      description = "Fault: delay added to every request, in milliseconds.")
  long latencyMs;

  @Option(
      names = "--fault-429",
      defaultValue = "0",
      description = "Fault: share of requests answered 429 (0-1).")
  double share429;

  @Option(
      names = "--retry-after",
      defaultValue = "-1",
      description = "Fault: Retry-After seconds sent with 429/503 (-1: none).")
  int retryAfter;

  @Option(
      names = "--html-errors",
      description = "Fault: answer injected 429/503 with HTML, as an edge proxy.")
  boolean htmlErrors;

  @Option(
      names = "--fault-500",
      defaultValue = "0",
      description = "Fault: share answered 500 (0-1).")
  double share500;

  @Option(
      names = "--fault-503",
      defaultValue = "0",
      description = "Fault: share answered 503 (0-1).")
  double share503;

  @Option(
      names = "--fault-drop",
      defaultValue = "0",
      description = "Fault: share of connections dropped without an answer (0-1).")
  double shareDropped;

  @Option(
      names = "--rate-limit",
      defaultValue = "0",
      description =
          "Fault: requests per second above which 429 is answered, like SugarCloud's edge.")
  int requestsPerSecond;

  @Option(
      names = "--fault-seed",
      description = "Seed for the fault draws, so a run with faults can be repeated exactly.")
  Long faultSeed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SandboxConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException e) {
      throw new SandboxStartException(e.getMessage(), e);
    }
    SugarSandbox sandbox = SugarSandbox.start(config);
    UntilStopped serving = UntilStopped.serve("sandbox", sandbox);
    out.println(sandbox.banner());
    out.println("Press Ctrl+C to stop.");
    out.flush();
    serving.await();
    return ExitCodes.OK;
  }

  SandboxConfig toConfig() {
    SandboxConfig.Builder b =
        SandboxConfig.builder()
            .host(host)
            .port(port)
            .dataDir(data)
            .adminPassword(adminPassword)
            .tokenTtl(Duration.ofSeconds(tokenTtlSeconds))
            .seedPerModule(seed)
            .versionRange(minVersion, maxVersion)
            .rejectUnknownPlatforms(!allowUnknownPlatforms)
            .clientCredentialsGrant(clientCredentials)
            .bearerAuth(!noBearer)
            .enforceRequiredFields(enforceRequired)
            .maxListLimit(maxListLimit)
            .integrateAdminOnly(integrateAdminOnly)
            .allowReportingLoops(allowReportLoops)
            .faultSeed(faultSeed)
            .faults(
                new FaultSettings(
                    Duration.ofMillis(latencyMs),
                    share429,
                    retryAfter,
                    htmlErrors,
                    share500,
                    share503,
                    shareDropped,
                    requestsPerSecond));
    platforms.forEach(b::platform);
    for (String c : clients) {
      int eq = c.indexOf('=');
      if (eq < 0) {
        b.oauthClient(c, "");
      } else {
        b.oauthClient(c.substring(0, eq), c.substring(eq + 1));
      }
    }
    return b.build();
  }
}
