package io.sugarbridge.cli;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.server.EventsServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge events serve}: runs the collector (Segment-compatible endpoints, journal,
 * deliverer, debugger, metrics) until stopped; on SIGTERM or Ctrl+C it stops accepting, finishes
 * the delivery in progress, commits the journal and exits.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs the event collector until stopped (Ctrl+C or SIGTERM stop it cleanly).")
public final class EventsServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin EventsFileOption eventsFile;

  @Option(names = "--port", description = "Port to listen on, instead of the one in listen:.")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    EventsConfig c = eventsFile.read();
    if (port != null) {
      c = c.withPort(port);
    }
    PrintWriter out = spec.commandLine().getOut();
    SugarClient client = SugarClient.builder(c.sugar()).build();
    EventsServer server = EventsServer.start(c, client, Clock.systemUTC());
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              out.println(
                  "sugarbridge events: stopped; journal committed up to "
                      + server.journal().committed()
                      + " of "
                      + server.journal().last());
              out.flush();
              closed.countDown();
            },
            "events-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("sugarbridge events: collecting at " + server.url());
    out.println("  Segment endpoints: " + server.url() + "/v1/{identify,track,page,batch,import}");
    out.println("  debugger:          " + server.url() + "/debugger");
    out.println("  health, metrics:   " + server.url() + "/healthz, " + server.url() + "/metrics");
    out.println("  delivering to " + c.sugar().instanceUrl() + " as " + c.sugar().username());
    out.println("Press Ctrl+C to stop.");
    out.flush();
    closed.await();
    return ExitCodes.OK;
  }
}
