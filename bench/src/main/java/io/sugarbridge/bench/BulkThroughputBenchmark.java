package io.sugarbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of record creation through {@code /bulk}: a sandbox with injected latency
 * (default 50 ms per HTTP request, like a remote Sugar), one client whose in-flight limit is set to
 * 1, 4 and 8 in turn, and as many workers as requests in flight, each sending bulk calls of {@code
 * batch} creates for a fixed time. Prints records created per second for each level and the
 * speed-up over one request in flight.
 *
 * <p>Usage: {@code java -jar bench/target/benchmarks.jar [--latency-ms 50] [--batch 20] [--seconds
 * 10] [--in-flight 1,4,8]}
 */
public final class BulkThroughputBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BulkThroughputBenchmark() {}

  /** One measured level. */
  record Result(int inFlight, long records, long failed, double seconds) {
    double perSecond() {
      return records / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    long latencyMs = 50;
    int batch = 20;
    int seconds = 10;
    List<Integer> levels = List.of(1, 4, 8);
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--latency-ms" -> latencyMs = Long.parseLong(value);
          case "--batch" -> batch = Integer.parseInt(value);
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--in-flight" -> levels = BenchFiles.intList(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (NumberFormatException e) {
      usage("not a number: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
    }
    SandboxConfig config =
        SandboxConfig.builder()
            .faults(FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)))
            .build();
    System.out.printf(
        Locale.ROOT,
        "Bulk create throughput against the sandbox: %d ms injected latency per request,"
            + " %d records per bulk call, %d s per level%n",
        latencyMs,
        batch,
        seconds);
    List<Result> results = new ArrayList<>();
    try (SugarSandbox sandbox = SugarSandbox.start(config)) {
      for (int level : levels) {
        // Warm up each level briefly so JIT and connection set-up are not measured.
        run(sandbox, level, batch, Duration.ofSeconds(2));
        Result r = run(sandbox, level, batch, Duration.ofSeconds(seconds));
        results.add(r);
        System.out.printf(
            Locale.ROOT,
            "in flight %2d: %8.1f records/s (%d created, %d failed, %.1f s)%n",
            r.inFlight(),
            r.perSecond(),
            r.records(),
            r.failed(),
            r.seconds());
      }
    }
    Result base = results.get(0);
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "speed-up at %d in flight over %d: %.2fx%n",
          r.inFlight(),
          base.inFlight(),
          r.perSecond() / base.perSecond());
    }
  }

  /** A mistake on the command line: say what and how to call it, exit 2 like the CLI does. */
  private static void usage(String problem) {
    System.err.println("benchmark: " + problem);
    System.err.println(
        "usage: java -jar bench/target/benchmarks.jar [--latency-ms 50] [--batch 20]"
            + " [--seconds 10] [--in-flight 1,4,8]");
    System.exit(2);
  }

  static Result run(SugarSandbox sandbox, int inFlight, int batch, Duration duration)
      throws Exception {
    SugarClient client =
        SugarClient.builder(
                SugarClientConfig.builder()
                    .instanceUrl(sandbox.url())
                    .username(sandbox.adminUserName())
                    .password(sandbox.adminPassword())
                    .build())
            .maxInFlight(inFlight)
            // Measure what in-flight concurrency gives; the default pacing (15/s) would cap it.
            .maxRequestsPerSecond(0)
            .build();
    client.ping(); // log in and discover the version outside the measurement
    AtomicLong created = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < inFlight; w++) {
        int worker = w;
        workers.add(
            pool.submit(
                () -> {
                  long n = 0;
                  while (System.nanoTime() < deadline) {
                    List<BulkRequest> requests = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                      ObjectNode data = JSON.createObjectNode();
                      data.put("first_name", "Bench");
                      data.put("last_name", "Worker" + worker + "-" + n++);
                      requests.add(BulkRequest.post("/Contacts", data));
                    }
                    for (BulkResult r : client.bulk().execute(requests)) {
                      (r.isSuccess() ? created : failed).incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    client.logout();
    return new Result(inFlight, created.get(), failed.get(), seconds);
  }
}
