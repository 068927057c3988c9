package io.sugarbridge.cli;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge demo}: the main job on embedded defaults, with nothing to set up. Starts a
 * seeded sandbox in-process on a free loopback port and runs {@code check} against it, exactly as
 * against a real instance. Later jobs (sync, events, users) join the demo as they land.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Starts a local Sugar sandbox in-process and runs 'check' against it.")
public final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "25",
      description = "Generated records per module in the sandbox (default: ${DEFAULT-VALUE}).")
  int seed;

  @Option(names = "--json", description = "Print the check result as JSON.")
  boolean json;

  @Option(
      names = "--keep-running",
      description =
          "Leave the sandbox running afterwards (Ctrl-C stops it), to explore it with curl.")
  boolean keepRunning;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SandboxConfig sandboxConfig = SandboxConfig.builder().seedPerModule(seed).build();
    try (SugarSandbox sandbox = SugarSandbox.start(sandboxConfig)) {
      if (!json) {
        out.println(sandbox.banner());
        out.println();
        out.println("Running: sugarbridge check against the sandbox");
        out.println();
        out.flush();
      }
      SugarClientConfig clientConfig =
          SugarClientConfig.builder()
              .instanceUrl(sandbox.url())
              .username(sandbox.adminUserName())
              .password(sandbox.adminPassword())
              .build();
      int code = CheckCommand.checkAndPrint(clientConfig, out, json);
      if (keepRunning) {
        out.println("Sandbox still running at " + sandbox.url() + "; press Ctrl-C to stop.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "demo-shutdown"));
        stopped.await();
      }
      return code;
    }
  }
}
