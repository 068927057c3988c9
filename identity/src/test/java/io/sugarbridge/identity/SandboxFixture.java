package io.sugarbridge.identity;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.time.Instant;
import java.util.List;

/**
 * A sandbox on a free port with a hand-moved clock (so "stale" can be built) and reporting loops
 * allowed (as imports leave them in real instances), and an admin client without a rate cap.
 */
public final class SandboxFixture implements AutoCloseable {
  public final SandboxClock clock = new SandboxClock(Instant.parse("2026-06-01T09:00:00Z"));
  public final SugarSandbox sandbox;
  public final SugarClient admin;

  public SandboxFixture() {
    sandbox = SugarSandbox.start(SandboxConfig.builder().allowReportingLoops(true).build(), clock);
    admin = client("admin", sandbox.adminPassword());
  }

  public SugarClient client(String user, String password) {
    return SugarClient.builder(
            SugarClientConfig.builder()
                .instanceUrl(sandbox.url())
                .username(user)
                .password(password)
                .maxRequestsPerSecond(0)
                .build())
        .build();
  }

  /** A non-administrator who can log in. */
  public SugarClient nonAdmin() {
    sandbox.createUser("plain.user", "Plain-pw-12345", false, List.of());
    return client("plain.user", "Plain-pw-12345");
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
