package io.sugarbridge.bench;

import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A sandbox in a process of its own, for benchmarks that measure the sync's JVM alone (the sandbox
 * keeps every record in its heap, which would otherwise be counted). Prints {@code url=...} and
 * then {@code password=...} (the administrator's) on standard output, and stops when standard input
 * closes, so it dies with the benchmark that started it.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.sugarbridge.bench.BenchSandbox
 * [latency-ms]}
 */
public final class BenchSandbox {
  private BenchSandbox() {}

  public static void main(String[] args) throws IOException {
    long latencyMs = args.length > 0 ? Long.parseLong(args[0]) : 0;
    try (SugarSandbox sandbox =
        SugarSandbox.start(
            SandboxConfig.builder()
                .faults(FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)))
                .build())) {
      System.out.println("url=" + sandbox.url());
      System.out.println("password=" + sandbox.adminPassword());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // Wait for the parent to close our standard input.
      }
    }
  }
}
