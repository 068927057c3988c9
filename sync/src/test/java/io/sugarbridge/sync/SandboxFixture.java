package io.sugarbridge.sync;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A sandbox with a custom key field on Contacts, a fast-retrying client, and sync files. */
final class SandboxFixture implements AutoCloseable {
  static final String PASSWORD = "sync-test-pw-1";
  final SugarSandbox sandbox;

  SandboxFixture(Path dataDir) {
    try {
      Files.writeString(
          dataDir.resolve("custom_fields.json"),
          "{\"Contacts\":[{\"name\":\"customer_key_c\",\"type\":\"varchar\",\"len\":50}]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sandbox =
        SugarSandbox.start(
            SandboxConfig.builder()
                .adminPassword(PASSWORD)
                .dataDir(dataDir)
                .faultSeed(7L)
                .platform("sync-second")
                .build());
  }

  SugarClient client() {
    return client(null);
  }

  /**
   * A second client on its own platform (Sugar keeps one session per user and platform, so two
   * clients on one platform would end each other's sessions).
   */
  SugarClient client(String apiVersion) {
    SugarClientConfig.Builder c =
        SugarClientConfig.builder().instanceUrl(sandbox.url()).username("admin").password(PASSWORD);
    if (apiVersion != null) {
      c.apiVersion(apiVersion).platform("sync-second");
    }
    return SugarClient.builder(c.build())
        .maxRequestsPerSecond(0)
        .sleeper(d -> {})
        .retryPolicy(
            RetryPolicy.defaults()
                .withMaxAttempts(10)
                .withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
        .build();
  }

  /** A client logged in as another user (sessions are per user and platform). */
  SugarClient clientAs(String user, String password) {
    return SugarClient.builder(
            SugarClientConfig.builder()
                .instanceUrl(sandbox.url())
                .username(user)
                .password(password)
                .build())
        .maxRequestsPerSecond(0)
        .sleeper(d -> {})
        .build();
  }

  static SyncSpec spec(Path dir, String yaml) {
    try {
      Path file = dir.resolve("sync.yaml");
      Files.writeString(file, yaml);
      return SyncSpecReader.read(file, Map.of("X", "x")::get);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
