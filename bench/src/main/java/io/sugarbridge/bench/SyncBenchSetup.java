package io.sugarbridge.bench;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The sandbox side of {@link SyncBenchmark}: starting an in-process sandbox, writing the connection
 * and sync files a user would write, and counting the requests the sandbox logged.
 */
final class SyncBenchSetup {
  private SyncBenchSetup() {}

  /** An in-process sandbox with this latency injected into every request. */
  static SugarSandbox start(long latencyMs) {
    return SugarSandbox.start(
        SandboxConfig.builder()
            .faults(FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)))
            .build());
  }

  /** {@code /bulk} calls the sandbox logged since {@code from}. */
  static long bulkCalls(SugarSandbox sandbox, Instant from) {
    return count(sandbox, from, e -> e.path().endsWith("/bulk"));
  }

  /** Requests the sandbox logged since {@code from}. */
  static long requests(SugarSandbox sandbox, Instant from) {
    return count(sandbox, from, e -> true);
  }

  // The request log keeps only the latest requests; counts of long runs are then a lower bound.
  private static long count(SugarSandbox sandbox, Instant from, Predicate<RequestLogEntry> which) {
    try (Stream<RequestLogEntry> s = sandbox.requestLog().stream()) {
      return s.filter(e -> !e.at().isBefore(from)).filter(which).count();
    }
  }

  /** The connection file and a Contacts sync file, as a user would write them. */
  static SyncSpec writeFiles(Path dir, SugarSandbox sandbox, int batch, int concurrency)
      throws IOException {
    return writeFiles(
        dir,
        sandbox.url().toString(),
        sandbox.adminUserName(),
        sandbox.adminPassword(),
        batch,
        concurrency);
  }

  /** The same for a sandbox at {@code url} with this administrator. */
  static SyncSpec writeFiles(
      Path dir, String url, String user, String password, int batch, int concurrency)
      throws IOException {
    // Measure the sync's own concurrency: the client's default pacing (15/s) and its default of 4
    // requests in flight would otherwise cap it.
    Files.writeString(
        dir.resolve("sugarbridge.yaml"),
        SugarConnectionFile.toYaml(
            SugarClientConfig.builder()
                .instanceUrl(url)
                .username(user)
                .password(password)
                .maxRequestsPerSecond(0)
                .maxInFlight(concurrency)
                .build()));
    Path file = dir.resolve("contacts.yaml");
    Files.writeString(
        file,
        """
        name: bench-contacts
        sugar: sugarbridge.yaml
        source:
          url: duckdb:warehouse.duckdb
          query: select * from contacts order by customer_id
        key: customer_id
        target:
          module: Contacts
          mode: upsert
        mappings:
          first_name: first_name
          last_name: last_name
          title: title
          phone_work: phone
          lead_source: lead_source
          email: { email: email, opt_out: marketing_opt_out }
        batch_size: %d
        concurrency: %d
        """
            .formatted(batch, concurrency));
    return SyncSpecReader.read(file);
  }
}
