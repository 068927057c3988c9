package io.sugarbridge.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Entry point of the runnable jar: runs {@link SugarbridgeCommand} and exits with its code.
 *
 * <p>Every command exits promptly on SIGTERM (and Ctrl+C): the JVM runs its shutdown hooks (a
 * server closes, a sync's state is already durable after each batch), and a watchdog hook halts the
 * process if they have not finished within {@link #SHUTDOWN_GRACE}, so a hook waiting for a slow
 * answer, or a JVM short of memory, cannot keep a stopped command alive for minutes.
 */
public final class Main {
  /** How long shutdown hooks may take after SIGTERM before the process is halted. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  /** The exit code after a halt on SIGTERM, as a shell reports a process ended by signal 15. */
  static final int HALTED_ON_SIGNAL = 143;

  private static volatile int exitCode = HALTED_ON_SIGNAL;

  private Main() {}

  public static void main(String[] args) {
    installShutdownWatchdog(SHUTDOWN_GRACE);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = SugarbridgeCommand.run(out, err, args);
    exitCode = code;
    System.exit(code);
  }

  /**
   * A shutdown hook that starts a daemon timer and returns at once, so a normal exit is not
   * delayed; if the other hooks are still running after {@code grace}, the timer halts the JVM with
   * the exit code asked for (143, as after SIGTERM, when none was). The threads are made before
   * they are needed, so shutting down asks for little memory.
   */
  static void installShutdownWatchdog(Duration grace) {
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(grace.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.err.println(
                  "sugarbridge: still shutting down after "
                      + grace.toSeconds()
                      + " s; stopping now");
              System.err.flush();
              Runtime.getRuntime().halt(exitCode);
            },
            "sugarbridge-shutdown-watchdog");
    timer.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(new Thread(timer::start, "sugarbridge-shutdown"));
  }
}
