package io.sugarbridge.cli.events;

import io.sugarbridge.cli.Main;
import io.sugarbridge.testsupport.FreePort;
import io.sugarbridge.testsupport.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * {@code sugarbridge events serve} as a process of its own, as the process tests run it: an events
 * file beside the connection file {@code sugarbridge.yaml} (which the test writes), listening on a
 * free port of 127.0.0.1 with its journal in {@code state}, the write keys read from environment
 * variables; and the process started and waited for until its {@code /healthz} answers.
 */
public final class EventsServeProcess {
  private static final Duration START = Duration.ofSeconds(60);

  private final Path eventsFile;
  private final int port;
  private final Map<String, String> env;

  private EventsServeProcess(Path eventsFile, int port, Map<String, String> env) {
    this.eventsFile = eventsFile;
    this.port = port;
    this.env = env;
  }

  /**
   * Writes {@code dir/events.yaml} with these {@code write_keys} (YAML flow items, e.g. {@code
   * "${KEY}"}) whose variables {@code env} gives the process.
   */
  public static EventsServeProcess configure(Path dir, String writeKeys, Map<String, String> env)
      throws IOException {
    int port = FreePort.pick();
    Path events = dir.resolve("events.yaml");
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
            + port
            + "\nwrite_keys: ["
            + writeKeys
            + "]\njournal: state\n");
    return new EventsServeProcess(events, port, env);
  }

  public Path eventsFile() {
    return eventsFile;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code sugarbridge events serve --config events.yaml}, with the write keys' environment. */
  public JavaProcess.Builder serveCommand() {
    return command(Main.class.getName(), "events", "serve", "--config", eventsFile.toString());
  }

  /** Another main class (e.g. the collector with a fault built in), with the same environment. */
  public JavaProcess.Builder command(String mainClass, String... args) {
    return JavaProcess.of(mainClass, args).env(env);
  }

  /** Starts the process and returns once {@code /healthz} answers 200. */
  public JavaProcess startHealthy(JavaProcess.Builder process, Path log) throws IOException {
    return start(process, log, status -> status == 200);
  }

  /** Starts the process and returns once {@code /healthz} answers at all (503 included). */
  public JavaProcess startAnswering(JavaProcess.Builder process, Path log) throws IOException {
    return start(process, log, status -> status > 0);
  }

  private JavaProcess start(JavaProcess.Builder process, Path log, IntPredicate answered)
      throws IOException {
    JavaProcess p = process.start(log);
    try {
      return p.awaitHttp(url() + "/healthz", answered, START);
    } catch (RuntimeException | AssertionError e) {
      p.close();
      throw e;
    }
  }
}
