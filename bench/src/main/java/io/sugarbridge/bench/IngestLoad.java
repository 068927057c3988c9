package io.sugarbridge.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of {@link EventsIngestBenchmark}: keep-alive connections ({@link
 * IngestConnection}, one thread each) to a collector on loopback, closed loop or open loop, and
 * what a phase measured.
 */
final class IngestLoad {
  private final int port;
  private final String writeKey;

  /**
   * @param port the collector's port on 127.0.0.1
   * @param writeKey the write key every request authenticates with
   */
  IngestLoad(int port, String writeKey) {
    this.port = port;
    this.writeKey = writeKey;
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
  Result closedLoop(int connections, int batch, int warmup, int seconds) throws Exception {
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    List<IngestConnection> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      IngestConnection w =
          new IngestConnection(
              writeKey,
              port,
              c,
              batch,
              warmEnd,
              end,
              0,
              done,
              seconds * 100_000 / connections + 1000);
      workers.add(w);
      w.start();
    }
    double[] cpu = cpuDuring(warmEnd, end);
    done.await();
    return collect(workers, seconds, batch, cpu);
  }

  /** Each connection sends on a fixed schedule, together offering {@code rate} requests/s. */
  Result openLoop(int connections, double rate, int warmup, int seconds) throws Exception {
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long interval = (long) (1e9 * connections / rate);
    List<IngestConnection> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    int capacity = (int) (rate * seconds / connections * 1.2) + 1000;
    for (int c = 0; c < connections; c++) {
      IngestConnection w =
          new IngestConnection(writeKey, port, c, 1, warmEnd, end, interval, done, capacity);
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

  private static Result collect(
      List<IngestConnection> workers, int seconds, int batch, double[] cpu) {
    long requests = 0;
    long errors = 0;
    int n = 0;
    for (IngestConnection w : workers) {
      requests += w.measured;
      errors += w.errors;
      n += w.latencyCount;
      if (w.failure != null) {
        System.out.println("connection failed: " + w.failure);
      }
    }
    long[] all = new long[n];
    int at = 0;
    for (IngestConnection w : workers) {
      System.arraycopy(w.latencies, 0, all, at, w.latencyCount);
      at += w.latencyCount;
    }
    Arrays.sort(all);
    return new Result(requests, requests * batch, errors, seconds, all, cpu[0], cpu[1]);
  }
}
