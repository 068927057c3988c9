package io.sugarbridge.sync;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * test-support's sandbox as the sync tests want it: a custom key field on Contacts, a second API
 * platform, fast-retrying clients that never sleep, connection files, and sync files.
 */
final class SandboxFixture implements AutoCloseable {
  static final String PASSWORD = "sync-test-pw-1";
  private final TestSandbox sugar;
  final SugarSandbox sandbox;

  SandboxFixture(Path dataDir) {
    try {
      Files.writeString(
          dataDir.resolve("custom_fields.json"),
          "{\"Contacts\":[{\"name\":\"customer_key_c\",\"type\":\"varchar\",\"len\":50}]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sugar =
        TestSandbox.configured(
                b ->
                    b.adminPassword(PASSWORD)
                        .dataDir(dataDir)
                        .faultSeed(7L)
                        .platform("sync-second"))
            .start();
    sandbox = sugar.sandbox();
  }

  SugarClient client() {
    return client(null);
  }

  /**
   * A second client on its own platform (Sugar keeps one session per user and platform, so two
   * clients on one platform would end each other's sessions).
   */
  SugarClient client(String apiVersion) {
    SugarClientConfig.Builder c = sugar.adminConnection();
    if (apiVersion != null) {
      c.apiVersion(apiVersion).platform("sync-second");
    }
    return SugarClient.builder(c.build())
        .sleeper(d -> {})
        .retryPolicy(
            RetryPolicy.defaults()
                .withMaxAttempts(10)
                .withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
        .build();
  }

  /** A client logged in as another user (sessions are per user and platform). */
  SugarClient clientAs(String user, String password) {
    return SugarClient.builder(sugar.connection(user, password).build()).sleeper(d -> {}).build();
  }

  /**
   * Writes the connection file {@code dir/sugarbridge.yaml} for the admin, on {@code platform}
   * ({@code null}: the default one).
   */
  void writeConnectionFile(Path dir, String platform) {
    SugarClientConfig.Builder c = sugar.adminConnection();
    if (platform != null) {
      c.platform(platform);
    }
    TestSandbox.writeConnectionFile(dir.resolve("sugarbridge.yaml"), c.build());
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
    sugar.close();
  }
}
