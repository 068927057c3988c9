package io.sugarbridge.bench;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.bench.IngestLoad.Result;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.ingest.IngestEndpoints;
import io.sugarbridge.events.ingest.IngestListener;
import io.sugarbridge.events.ingest.IngestSettings;
import io.sugarbridge.events.journal.DiskSync;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Durable ingest throughput and acknowledgement latency of the event collector's endpoints: the
 * real {@link IngestEndpoints} on Javalin in front of a {@link FileEventJournal} in a temporary
 * directory (fsync per group commit), driven over loopback by keep-alive HTTP/1.1 connections
 * written on raw sockets (one thread each), in the same JVM and on the same cores as the server.
 *
 * <p>Phases: (1) single events to {@code /v1/track} from {@code --connections} closed-loop clients
 * for {@code --seconds}; (2) the same with batches of {@code --batch} events to {@code /v1/batch};
 * (3) single events at half the rate measured in (1), open loop (each connection sends on a fixed
 * schedule; latency is counted from the scheduled send time, so a stall is not hidden), printing
 * p50/p99/max acknowledgement latency. "events/s" counts events in requests answered 200, i.e.
 * durably journaled; a batch request of 20 counts 20.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sugarbridge.bench.EventsIngestBenchmark
 * [--seconds 10] [--warmup 5] [--connections 64] [--batch 20] [--latency-connections 64] [--dir
 * DIR] [--baseline true] [--singles-only true] [--rate R] [--jetty-threads N] [--preallocate-mb
 * 8]}; {@code --rate} runs only the latency phase, at R requests/s; {@code --jetty-threads}
 * replaces Javalin's default thread pool (250 threads at most).
 */
public final class EventsIngestBenchmark {
  private static final String KEY = "bench-write-key-0123456789";
  private static final AtomicLong SLOWEST_SYNC = new AtomicLong();

  private EventsIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    int warmup = 5;
    int connections = 64;
    int batch = 20;
    int latencyConnections = 64;
    Path dir = null;
    boolean baseline = false;
    boolean singlesOnly = false;
    double fixedRate = 0;
    int jettyThreads = 0;
    int preallocateMb = JournalOptions.DEFAULT_PREALLOCATE_BYTES / (1024 * 1024);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        usage(option + " needs a value");
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--seconds" -> seconds = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--connections" -> connections = Integer.parseInt(value);
          case "--batch" -> batch = Integer.parseInt(value);
          case "--latency-connections" -> latencyConnections = Integer.parseInt(value);
          case "--dir" -> dir = Path.of(value);
          case "--baseline" -> baseline = Boolean.parseBoolean(value);
          case "--singles-only" -> singlesOnly = Boolean.parseBoolean(value);
          case "--rate" -> fixedRate = Double.parseDouble(value);
          case "--jetty-threads" -> jettyThreads = Integer.parseInt(value);
          case "--preallocate-mb" -> preallocateMb = Integer.parseInt(value);
          default -> usage("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        usage(option + " needs a whole number, got " + value);
      }
    }
    Path journalDir =
        dir == null ? Files.createTempDirectory("events-bench") : Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT,
        "Event ingest benchmark: %d cores, journal in %s (fsync per group commit), %d keep-alive"
            + " connections on loopback; the load generator runs in this JVM and shares the"
            + " cores%n",
        Runtime.getRuntime().availableProcessors(),
        journalDir,
        connections);

    if (baseline) {
      baselineRun(connections, warmup, seconds);
    }
    AtomicLong syncs = new AtomicLong();
    AtomicLong syncNanos = new AtomicLong();
    FileEventJournal journal =
        FileEventJournal.open(
            journalDir.resolve("journal"),
            JournalOptions.defaults()
                .withPreallocateBytes(preallocateMb * 1024 * 1024)
                .withDiskSync(
                    channel -> {
                      long t0 = System.nanoTime();
                      DiskSync.FSYNC.force(channel);
                      long took = System.nanoTime() - t0;
                      syncNanos.addAndGet(took);
                      SLOWEST_SYNC.accumulateAndGet(took, Math::max);
                      syncs.incrementAndGet();
                    }));
    // No rate limit worth the name: this measures the endpoints and the journal.
    IngestSettings settings =
        IngestSettings.of(Map.of("bench", Secret.of(KEY)))
            .withRateLimit(10_000_000, 10_000_000)
            .withAddressRateLimit(10_000_000, 10_000_000);
    int threads = jettyThreads;
    Javalin app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              if (threads > 0) {
                c.jetty.threadPool = new QueuedThreadPool(threads, Math.min(8, threads));
              }
            });
    new IngestEndpoints(
            settings, journal, new SimpleMeterRegistry(), Clock.systemUTC(), IngestListener.NONE)
        .register(app);
    app.start("127.0.0.1", 0);
    IngestLoad load = new IngestLoad(app.port(), KEY);
    try {
      Result singles = null;
      Result batches = null;
      double rate = fixedRate;
      if (rate <= 0) {
        long[] mark = mark(syncs, syncNanos, journal);
        singles = load.closedLoop(connections, 1, warmup, seconds);
        print("single events, /v1/track", singles);
        printSyncs(mark, syncs, syncNanos, journal);
        if (singlesOnly) {
          return;
        }
        mark = mark(syncs, syncNanos, journal);
        batches = load.closedLoop(connections, batch, warmup, seconds);
        print("batches of " + batch + ", /v1/batch", batches);
        printSyncs(mark, syncs, syncNanos, journal);
        rate = singles.eventsPerSecond() / 2;
      }
      long[] mark = mark(syncs, syncNanos, journal);
      Result paced = load.openLoop(latencyConnections, rate, warmup, seconds);
      System.out.printf(
          Locale.ROOT,
          "%s (%.0f requests/s offered, %d connections, open loop): %.0f events/s acknowledged,"
              + " p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, %d errors; this JVM used"
              + " %.2f cores, system load average %.1f%n",
          fixedRate > 0 ? "at the given rate" : "at half the single-event rate",
          rate,
          latencyConnections,
          paced.eventsPerSecond(),
          paced.percentileMillis(0.50),
          paced.percentileMillis(0.99),
          paced.percentileMillis(0.999),
          paced.percentileMillis(1.0),
          paced.errors(),
          paced.coresUsed(),
          paced.loadAverage());
      printSyncs(mark, syncs, syncNanos, journal);
      if (singles != null) {
        System.out.printf(
            Locale.ROOT,
            "target: >= 20000 events/s durably and p99 < 50 ms at half that rate -> single events"
                + " %s, batches %s, p99 %s%n",
            singles.eventsPerSecond() >= 20_000 ? "met" : "NOT met",
            batches.eventsPerSecond() >= 20_000 ? "met" : "NOT met",
            paced.percentileMillis(0.99) < 50 ? "met" : "NOT met");
      }
      System.out.printf(Locale.ROOT, "journal: %,d events written%n", journal.last());
    } finally {
      app.stop();
      journal.close();
      if (dir == null) {
        BenchFiles.deleteTree(journalDir);
      }
    }
  }

  /**
   * The same load against an endpoint that reads the body and answers at once: the ceiling of the
   * HTTP stack and the load generator on this machine, for comparison.
   */
  private static void baselineRun(int connections, int warmup, int seconds) throws Exception {
    Javalin bare = Javalin.create(c -> c.showJavalinBanner = false);
    bare.post(
        "/v1/track",
        ctx -> {
          ctx.bodyAsBytes();
          ctx.contentType("application/json").result("{\"success\":true}");
        });
    bare.start("127.0.0.1", 0);
    try {
      print(
          "baseline: no parse, no journal",
          new IngestLoad(bare.port(), KEY).closedLoop(connections, 1, warmup, seconds));
    } finally {
      bare.stop();
    }
  }

  private static long[] mark(AtomicLong syncs, AtomicLong nanos, FileEventJournal journal) {
    SLOWEST_SYNC.set(0);
    return new long[] {syncs.get(), nanos.get(), journal.last()};
  }

  private static void printSyncs(
      long[] mark, AtomicLong syncCount, AtomicLong syncNanos, FileEventJournal journal) {
    long syncs = syncCount.get() - mark[0];
    long nanos = syncNanos.get() - mark[1];
    long events = journal.last() - mark[2];
    System.out.printf(
        Locale.ROOT,
        "    (warm-up included: %,d fsyncs, %.1f events per fsync, mean fsync %.2f ms, slowest"
            + " %.1f ms)%n",
        syncs,
        syncs == 0 ? 0.0 : (double) events / syncs,
        syncs == 0 ? 0.0 : nanos / 1e6 / syncs,
        SLOWEST_SYNC.get() / 1e6);
  }

  private static void print(String what, Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-28s %,10.0f events/s durably acknowledged (%,.0f requests/s), latency p50 %.2f ms,"
            + " p99 %.2f ms, %d errors; this JVM used %.2f cores (%.0f us of CPU per request),"
            + " system load average %.1f%n",
        what,
        r.eventsPerSecond(),
        r.requestsPerSecond(),
        r.percentileMillis(0.50),
        r.percentileMillis(0.99),
        r.errors(),
        r.coresUsed(),
        r.coresUsed() * 1e6 / r.requestsPerSecond(),
        r.loadAverage());
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println(
        "usage: EventsIngestBenchmark [--seconds 10] [--warmup 5] [--connections 64] [--batch 20]"
            + " [--latency-connections 64] [--dir DIR] [--baseline true] [--singles-only true]"
            + " [--rate R] [--jetty-threads N] [--preallocate-mb 8]");
    System.exit(2);
  }
}
