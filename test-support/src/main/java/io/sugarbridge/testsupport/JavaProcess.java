package io.sugarbridge.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A Java main class run as a process of its own on the test's class path (so a test can send it
 * SIGTERM or SIGKILL, or give it a small heap), its output and errors in one log file. Closing it
 * kills it if it still runs.
 */
public final class JavaProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** A process that will run {@code mainClass} with these arguments. */
  public static Builder of(String mainClass, String... args) {
    return new Builder(mainClass, List.of(args));
  }

  /** What to start: JVM options, environment variables, the log file. */
  public static final class Builder {
    private final String mainClass;
    private final List<String> args;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private Builder(String mainClass, List<String> args) {
      this.mainClass = mainClass;
      this.args = args;
    }

    /** Options for the JVM, e.g. {@code -Xmx256m}. */
    public Builder jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** An environment variable of the process, beside those of the test's own. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Environment variables of the process, beside those of the test's own. */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /** Starts the process, its standard output and error going to {@code log}. */
    public JavaProcess start(Path log) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass);
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      return new JavaProcess(pb.start(), log);
    }
  }

  /** The process itself (its exit value, {@code waitFor}). */
  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The log file. */
  public Path log() {
    return log;
  }

  /** What the process wrote so far, or {@code (no log)} when the file cannot be read. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * Waits until {@code GET url} answers with a status {@code answered} accepts (e.g. {@code s -> s
   * == 200}); fails at once, with the log, if the process ends first.
   *
   * @return this process
   */
  public JavaProcess awaitHttp(String url, IntPredicate answered, Duration timeout) {
    Await.until(
        url + " to answer",
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the process ended (exit "
                    + process.exitValue()
                    + ") before "
                    + url
                    + " answered; its output:\n"
                    + output());
          }
          return answered.test(HttpProbe.status(url, Duration.ofSeconds(2)));
        });
    return this;
  }

  /**
   * Sends SIGTERM and waits until the process is gone, at most {@code timeout} (then it is killed).
   *
   * @return how long it took to end after SIGTERM
   */
  public Duration terminate(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    process.destroy();
    boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!ended) {
      process.destroyForcibly();
    }
    return took;
  }

  /** SIGKILL, as a crash or the OOM killer would end it, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Kills the process if it still runs and waits (at most 30 s) until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "JavaProcess[" + process.pid() + ", log " + log + "]";
  }
}
