package io.sugarbridge.cli.events;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.server.UntilStopped;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.server.EventsServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
  public Integer call() {
    EventsConfig c = eventsFile.read();
    if (port != null) {
      c = c.withPort(port);
    }
    return serve(c, new EventsServer.Options(), spec.commandLine().getOut());
  }

  /**
   * Runs the collector until the process is stopped. Any thread of it that dies (out of memory, a
   * bug) stops the process with exit 1 after committing what finished, so a supervisor restarts it:
   * a collector must never linger half-alive, acknowledging events nobody delivers.
   */
  static int serve(EventsConfig c, EventsServer.Options options, PrintWriter out) {
    AtomicReference<UntilStopped> running = new AtomicReference<>();
    AtomicBoolean dying = new AtomicBoolean();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          if (!dying.compareAndSet(false, true)) {
            return;
          }
          Thread exit =
              new Thread(
                  () -> {
                    System.err.println(
                        "sugarbridge events: the thread "
                            + thread.getName()
                            + " died ("
                            + error
                            + "); committing the journal and exiting with status 1 so that a"
                            + " supervisor restarts the collector");
                    System.err.flush();
                    Thread watchdog =
                        new Thread(
                            () -> {
                              try {
                                Thread.sleep(30_000);
                              } catch (InterruptedException e) {
                                return;
                              }
                              Runtime.getRuntime().halt(ExitCodes.FAILURE);
                            },
                            "events-exit-watchdog");
                    watchdog.setDaemon(true);
                    watchdog.start();
                    UntilStopped serving = running.get();
                    if (serving != null) {
                      try {
                        serving.stop();
                      } catch (Throwable t) {
                        System.err.println("sugarbridge events: could not close cleanly: " + t);
                      }
                    }
                    System.err.flush();
                    Runtime.getRuntime().halt(ExitCodes.FAILURE);
                  },
                  "events-exit");
          exit.start();
        });
    SugarClient client = SugarClient.builder(c.sugar()).build();
    EventsServer server = EventsServer.start(c, client, options, Clock.systemUTC());
    // Stopped once: by SIGTERM or Ctrl+C (the hook waits for it), or by a dying thread above.
    UntilStopped serving =
        UntilStopped.serve(
            "events",
            () -> {
              server.close();
              String committed =
                  "journal committed up to "
                      + server.journal().committed()
                      + " of "
                      + server.journal().last();
              if (dying.get()) {
                System.err.println("sugarbridge events: " + committed);
              } else {
                out.println("sugarbridge events: stopped; " + committed);
                out.flush();
              }
            });
    running.set(serving);
    out.println("sugarbridge events: collecting at " + server.url());
    out.println("  Segment endpoints: " + server.url() + "/v1/{identify,track,page,batch,import}");
    out.println("  debugger:          " + server.url() + "/debugger");
    out.println("  health, metrics:   " + server.url() + "/healthz, " + server.url() + "/metrics");
    out.println("  delivering to " + c.sugar().instanceUrl() + " as " + c.sugar().username());
    out.println("Press Ctrl+C to stop.");
    out.flush();
    serving.await();
    // A dying thread's stop also ends the wait: this thread must then exit 1 as well, or its
    // exit 0 could win the race with the dying thread's halt(1).
    return dying.get() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
