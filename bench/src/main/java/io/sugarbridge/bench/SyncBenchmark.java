package io.sugarbridge.bench;

import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sandbox.demo.SampleWarehouse;
import io.sugarbridge.sync.SyncEngine;
import io.sugarbridge.sync.SyncOptions;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end figures of the warehouse sync against an in-process sandbox, as issue 3 asks for: rows
 * per second of a first sync of Contacts at several concurrency levels (50 ms injected latency per
 * HTTP request, a fresh sandbox and state per level); the time and API calls of a re-sync where 1%
 * of the source rows changed, against the target of changed rows / batch size calls, and the time
 * of the diff alone (a {@code plan}, which reads the source and the state but writes nothing); and
 * the peak heap during a large sync. Source data is a generated DuckDB warehouse ({@link
 * SampleWarehouse#createLarge}).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sugarbridge.bench.SyncBenchmark [--part
 * first|resync|heap|all] [--contacts 100000] [--concurrency 1,4,8] [--resync-rows 1000000]
 * [--changed 0.01] [--heap-rows 1000000] [--latency-ms 50] [--batch 20] [--dir DIR]}
 */
public final class SyncBenchmark {

  private SyncBenchmark() {}

  /** The command line, with the sizes as defaults. */
  static final class Options {
    String part = "all";
    long contacts = 100_000;
    List<Integer> levels = List.of(1, 4, 8);
    long resyncRows = 1_000_000;
    double changed = 0.01;
    long heapRows = 1_000_000;
    long latencyMs = 50;
    int batch = 20;
    Path dir;
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options();
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--part" -> {
            if (!List.of("first", "resync", "heap", "all").contains(value)) {
              throw new IllegalArgumentException(
                  "--part must be first, resync, heap or all, got " + value);
            }
            o.part = value;
          }
          case "--contacts" -> o.contacts = Long.parseLong(value);
          case "--concurrency" -> o.levels = BenchFiles.intList(value);
          case "--resync-rows" -> o.resyncRows = Long.parseLong(value);
          case "--changed" -> o.changed = Double.parseDouble(value);
          case "--heap-rows" -> o.heapRows = Long.parseLong(value);
          case "--latency-ms" -> o.latencyMs = Long.parseLong(value);
          case "--batch" -> o.batch = Integer.parseInt(value);
          case "--dir" -> o.dir = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
    } catch (NumberFormatException e) {
      usage("not a number: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
    }
    Path dir = o.dir != null ? o.dir : Files.createTempDirectory("sugarbridge-syncbench-");
    Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT,
        "Sync benchmark: %s, max heap %d MB, %d processors, work dir %s%n",
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        dir);
    if (o.part.equals("first") || o.part.equals("all")) {
      firstSync(o, dir.resolve("first"));
    }
    if (o.part.equals("resync") || o.part.equals("all")) {
      resync(o, dir.resolve("resync"));
    }
    if (o.part.equals("heap") || o.part.equals("all")) {
      heap(o, dir.resolve("heap"));
    }
  }

  private static void usage(String problem) {
    System.err.println("benchmark: " + problem);
    System.err.println(
        "usage: java -cp bench/target/benchmarks.jar io.sugarbridge.bench.SyncBenchmark"
            + " [--part first|resync|heap|all] [--contacts 100000] [--concurrency 1,4,8]"
            + " [--resync-rows 1000000] [--changed 0.01] [--heap-rows 1000000]"
            + " [--latency-ms 50] [--batch 20] [--dir DIR]");
    System.exit(2);
  }

  /** Part 1: a first sync (every row created) at each concurrency level. */
  static void firstSync(Options o, Path dir) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%n== first sync: %d Contacts, %d ms latency per request, batch_size %d ==%n",
        o.contacts,
        o.latencyMs,
        o.batch);
    Path warehouse = dir.resolve("warehouse.duckdb");
    Files.createDirectories(dir);
    Files.deleteIfExists(warehouse);
    long t0 = System.nanoTime();
    SampleWarehouse.createLarge(warehouse, accountsFor(o.contacts), o.contacts, 42);
    System.out.printf(Locale.ROOT, "warehouse written in %.1f s%n", seconds(t0));
    List<double[]> rates = new ArrayList<>();
    for (int level : o.levels) {
      // A fresh sandbox and state per level, so every level creates every row.
      BenchFiles.deleteTree(dir.resolve(".sugarbridge"));
      try (SugarSandbox sandbox = SyncBenchSetup.start(o.latencyMs)) {
        SyncSpec spec = SyncBenchSetup.writeFiles(dir, sandbox, o.batch, level);
        Instant from = Instant.now();
        RunReport r = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
        double s = r.duration().toMillis() / 1000.0;
        double rate = r.count(Outcome.CREATED) / s;
        rates.add(new double[] {level, rate});
        System.out.printf(
            Locale.ROOT,
            "concurrency %d: %8.1f rows/s (%d created, %d failed, %.1f s, %d /bulk calls)%n",
            level,
            rate,
            r.count(Outcome.CREATED),
            r.count(Outcome.FAILED),
            s,
            SyncBenchSetup.bulkCalls(sandbox, from));
        System.out.println("  " + r.summary());
      }
    }
    for (double[] r : rates) {
      System.out.printf(
          Locale.ROOT,
          "speed-up at concurrency %d over %d: %.2fx%n",
          (int) r[0],
          (int) rates.get(0)[0],
          r[1] / rates.get(0)[1]);
    }
  }

  /**
   * Part 2: load the state with a first run at no latency (cheap: only the re-sync is measured with
   * latency), change a fraction of rows, then time a plan (the diff alone) and the re-sync.
   */
  static void resync(Options o, Path dir) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%n== re-sync: %d source rows, %.1f%% changed, %d ms latency, batch_size %d ==%n",
        o.resyncRows,
        o.changed * 100,
        o.latencyMs,
        o.batch);
    Path warehouse = dir.resolve("warehouse.duckdb");
    Files.createDirectories(dir);
    Files.deleteIfExists(warehouse);
    BenchFiles.deleteTree(dir.resolve(".sugarbridge"));
    long t0 = System.nanoTime();
    SampleWarehouse.createLarge(warehouse, accountsFor(o.resyncRows), o.resyncRows, 42);
    System.out.printf(Locale.ROOT, "warehouse written in %.1f s%n", seconds(t0));
    try (SugarSandbox sandbox = SyncBenchSetup.start(0)) {
      SyncSpec spec = SyncBenchSetup.writeFiles(dir, sandbox, o.batch, 8);
      RunReport load = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
      System.out.println("state loaded by a first run at 0 ms latency: " + load.summary());
      long t1 = System.nanoTime();
      long changed = SampleWarehouse.changeContacts(warehouse, o.changed, 7);
      System.out.printf(Locale.ROOT, "%d rows changed in %.1f s%n", changed, seconds(t1));
      sandbox.faults().set(FaultSettings.none().withLatency(Duration.ofMillis(o.latencyMs)));

      Instant planFrom = Instant.now();
      RunReport plan = SyncEngine.forSpec(spec).plan(spec, SyncOptions.defaults());
      System.out.printf(
          Locale.ROOT,
          "diff alone (plan): %.1f s, %d to update, %d unchanged, %d HTTP requests%n",
          plan.duration().toMillis() / 1000.0,
          plan.count(Outcome.UPDATED),
          plan.count(Outcome.UNCHANGED),
          SyncBenchSetup.requests(sandbox, planFrom));

      Instant from = Instant.now();
      RunReport r = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
      long bulk = SyncBenchSetup.bulkCalls(sandbox, from);
      long target = (changed + o.batch - 1) / o.batch;
      System.out.printf(
          Locale.ROOT,
          "re-sync: %.1f s, %d updated, %d unchanged, %d failed; %d /bulk calls (target %d ="
              + " %d changed / %d), %d HTTP requests in all%n",
          r.duration().toMillis() / 1000.0,
          r.count(Outcome.UPDATED),
          r.count(Outcome.UNCHANGED),
          r.count(Outcome.FAILED),
          bulk,
          target,
          changed,
          o.batch,
          SyncBenchSetup.requests(sandbox, from));
      System.out.println("  " + r.summary());
    }
  }

  /** Part 3: peak heap used while syncing {@code heapRows} rows (no latency: memory, not time). */
  static void heap(Options o, Path dir) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%n== heap: sync of %d rows, 0 ms latency, max heap %d MB ==%n",
        o.heapRows,
        Runtime.getRuntime().maxMemory() >> 20);
    Path warehouse = dir.resolve("warehouse.duckdb");
    Files.createDirectories(dir);
    Files.deleteIfExists(warehouse);
    BenchFiles.deleteTree(dir.resolve(".sugarbridge"));
    SampleWarehouse.createLarge(warehouse, accountsFor(o.heapRows), o.heapRows, 42);
    // The sandbox keeps every record in its heap, so it runs in a JVM of its own here: the figure
    // is the sync's memory alone.
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BenchSandbox.class.getName(),
                "0")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      String password = null;
      // Log lines may come first on the same stream.
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("url=")) {
          url = line.substring(4);
        } else if (line.startsWith("password=")) {
          password = line.substring(9);
          break;
        }
      }
      if (url == null || password == null) {
        throw new IOException("the sandbox process did not start; see its output above");
      }
      System.gc();
      long baseline = HeapSampler.heapUsed();
      RunReport r;
      long peak;
      long peakAfterGc;
      try (HeapSampler sampler = new HeapSampler()) {
        SyncSpec spec = SyncBenchSetup.writeFiles(dir, url, "admin", password, o.batch, 8);
        r = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults());
        peak = sampler.peak.get();
        peakAfterGc = sampler.peakAfterGc();
      }
      System.out.println(r.summary());
      System.out.printf(
          Locale.ROOT,
          "sync JVM (sandbox in its own process): heap before the run (after GC) %d MB; peak heap"
              + " used during the run %d MB (sampled every 20 ms, garbage included), %d MB right"
              + " after a collection (live data at its highest); max heap %d MB%n",
          baseline >> 20,
          peak >> 20,
          peakAfterGc >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      child.getOutputStream().close();
      try {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroy();
        }
      } catch (InterruptedException e) {
        child.destroy();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One account per 20 contacts, as in a typical CRM; accounts are not synced here. */
  private static int accountsFor(long contacts) {
    return (int) Math.max(1, contacts / 20);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
