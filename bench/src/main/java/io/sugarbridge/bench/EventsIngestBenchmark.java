package io.sugarbridge.bench;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.ingest.IngestEndpoints;
import io.sugarbridge.events.ingest.IngestListener;
import io.sugarbridge.events.ingest.IngestSettings;
import io.sugarbridge.events.journal.DiskSync;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
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
    int port = app.port();
    try {
      Result singles = null;
      Result batches = null;
      double rate = fixedRate;
      if (rate <= 0) {
        long[] mark = mark(syncs, syncNanos, journal);
        singles = closedLoop(port, connections, 1, warmup, seconds);
        print("single events, /v1/track", singles);
        printSyncs(mark, syncs, syncNanos, journal);
        if (singlesOnly) {
          return;
        }
        mark = mark(syncs, syncNanos, journal);
        batches = closedLoop(port, connections, batch, warmup, seconds);
        print("batches of " + batch + ", /v1/batch", batches);
        printSyncs(mark, syncs, syncNanos, journal);
        rate = singles.eventsPerSecond() / 2;
      }
      long[] mark = mark(syncs, syncNanos, journal);
      Result paced = openLoop(port, latencyConnections, rate, warmup, seconds);
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
          paced.errors,
          paced.coresUsed,
          paced.loadAverage);
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
        deleteTree(journalDir);
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
          closedLoop(bare.port(), connections, 1, warmup, seconds));
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
        r.errors,
        r.coresUsed,
        r.coresUsed * 1e6 / r.requestsPerSecond(),
        r.loadAverage);
  }

  /** What one phase measured. */
  record Result(
      long requests,
      long events,
      long errors,
      double seconds,
      long[] latencies,
      double coresUsed,
      double loadAverage) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }

    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1);
      return latencies[Math.max(0, i)] / 1_000_000.0;
    }
  }

  /** Each connection sends its next request as soon as the previous one is answered. */
  private static Result closedLoop(int port, int connections, int batch, int warmup, int seconds)
      throws Exception {
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    List<Worker> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      Worker w =
          new Worker(port, c, batch, warmEnd, end, 0, done, seconds * 100_000 / connections + 1000);
      workers.add(w);
      w.start();
    }
    double[] cpu = cpuDuring(warmEnd, end);
    done.await();
    return collect(workers, seconds, batch, cpu);
  }

  /** Each connection sends on a fixed schedule, together offering {@code rate} requests/s. */
  private static Result openLoop(int port, int connections, double rate, int warmup, int seconds)
      throws Exception {
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long interval = (long) (1e9 * connections / rate);
    List<Worker> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    int capacity = (int) (rate * seconds / connections * 1.2) + 1000;
    for (int c = 0; c < connections; c++) {
      Worker w = new Worker(port, c, 1, warmEnd, end, interval, done, capacity);
      workers.add(w);
      w.start();
    }
    double[] cpu = cpuDuring(warmEnd, end);
    done.await();
    return collect(workers, seconds, 1, cpu);
  }

  /** Cores this JVM used between two instants (CPU time over wall time), and the load average. */
  private static double[] cpuDuring(long from, long to) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    sleepUntil(from);
    long cpu0 = os.getProcessCpuTime();
    sleepUntil(to);
    long cpu1 = os.getProcessCpuTime();
    return new double[] {
      (cpu1 - cpu0) / (double) (to - from),
      ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
    };
  }

  private static void sleepUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private static Result collect(List<Worker> workers, int seconds, int batch, double[] cpu) {
    long requests = 0;
    long errors = 0;
    int n = 0;
    for (Worker w : workers) {
      requests += w.measured;
      errors += w.errors;
      n += w.latencyCount;
      if (w.failure != null) {
        System.out.println("connection failed: " + w.failure);
      }
    }
    long[] all = new long[n];
    int at = 0;
    for (Worker w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.latencyCount);
      at += w.latencyCount;
    }
    Arrays.sort(all);
    return new Result(requests, requests * batch, errors, seconds, all, cpu[0], cpu[1]);
  }

  /** One keep-alive connection and the thread that drives it. */
  private static final class Worker extends Thread {
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();
    private final int port;
    private final int batch;
    private final long warmEnd;
    private final long end;
    private final long interval;
    private final CountDownLatch done;
    private final String auth;
    private final int connection;
    final long[] latencies;
    int latencyCount;
    long measured;
    long errors;
    Exception failure;

    Worker(
        int port,
        int connection,
        int batch,
        long warmEnd,
        long end,
        long interval,
        CountDownLatch done,
        int capacity) {
      super("bench-client-" + connection);
      setDaemon(true);
      this.port = port;
      this.connection = connection;
      this.batch = batch;
      this.warmEnd = warmEnd;
      this.end = end;
      this.interval = interval;
      this.done = done;
      this.latencies = new long[capacity];
      this.auth =
          "Basic "
              + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void run() {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        ResponseReader in = new ResponseReader(socket.getInputStream());
        long next = System.nanoTime() + (interval == 0 ? 0 : (interval * connection) / 64);
        while (true) {
          long scheduled;
          if (interval > 0) {
            scheduled = next;
            long wait = next - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
            next += interval;
          } else {
            scheduled = System.nanoTime();
          }
          if (scheduled >= end) {
            return;
          }
          out.write(request());
          out.flush();
          int status = in.readResponse();
          long now = System.nanoTime();
          if (scheduled >= warmEnd) {
            if (status == 200) {
              measured++;
              if (latencyCount < latencies.length) {
                latencies[latencyCount++] = now - scheduled;
              }
            } else {
              errors++;
            }
          }
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        done.countDown();
      }
    }

    private byte[] request() {
      StringBuilder body = new StringBuilder(256 * batch);
      if (batch == 1) {
        event(body, false);
      } else {
        body.append("{\"batch\":[");
        for (int i = 0; i < batch; i++) {
          if (i > 0) {
            body.append(',');
          }
          event(body, true);
        }
        body.append("]}");
      }
      byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
      String head =
          (batch == 1 ? "POST /v1/track" : "POST /v1/batch")
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: "
              + auth
              + "\r\nContent-Length: "
              + payload.length
              + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(h, h.length + payload.length);
      System.arraycopy(payload, 0, all, h.length, payload.length);
      return all;
    }

    private void event(StringBuilder b, boolean typed) {
      long id = MESSAGE_IDS.incrementAndGet();
      b.append('{');
      if (typed) {
        b.append("\"type\":\"track\",");
      }
      b.append("\"messageId\":\"bench-")
          .append(id)
          .append("\",\"userId\":\"user-")
          .append(id % 10_000)
          .append("\",\"event\":\"Lead Generated\",\"timestamp\":\"2026-11-23T10:00:00.000Z\",")
          .append("\"properties\":{\"lead_source\":\"Web Site\",\"utm_campaign\":\"autumn\"},")
          .append("\"context\":{\"ip\":\"203.0.113.7\",\"library\":{\"name\":\"analytics.js\",")
          .append("\"version\":\"4.1.0\"},\"traits\":{\"email\":\"person")
          .append(id % 10_000)
          .append("@example.com\"}}}");
    }
  }

  /**
   * Reads HTTP/1.1 responses from one connection through its own buffer (no per-byte locking), so
   * the load generator takes as little of the shared CPU as it can.
   */
  private static final class ResponseReader {
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;

    ResponseReader(InputStream in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      return buf[pos++] & 0xff;
    }

    private void skip(int n) throws IOException {
      while (n > 0) {
        if (pos == limit && read() >= 0) {
          pos--;
        }
        if (pos == limit) {
          throw new IOException("connection closed by the server");
        }
        int k = Math.min(n, limit - pos);
        pos += k;
        n -= k;
      }
    }

    /** Reads one response and returns its status. */
    int readResponse() throws IOException {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.substring(9, 12));
      int length = 0;
      boolean chunked = false;
      String header;
      while (!(header = line()).isEmpty()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(header.substring(colon + 1).trim());
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = header.toLowerCase(Locale.ROOT).contains("chunked");
        }
      }
      if (chunked) {
        while (true) {
          int size = Integer.parseInt(line().trim(), 16);
          skip(size);
          line();
          if (size == 0) {
            break;
          }
        }
      } else {
        skip(length);
      }
      return status;
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      int c;
      while ((c = read()) != -1) {
        if (c == '\n') {
          int len = b.length();
          if (len > 0 && b.charAt(len - 1) == '\r') {
            b.setLength(len - 1);
          }
          return b.toString();
        }
        b.append((char) c);
      }
      throw new IOException("connection closed by the server");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
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
