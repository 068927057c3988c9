package io.sugarbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.sandbox.SandboxClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestSandboxTest {
  @RegisterExtension
  static final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword("support-pw-1"));

  @TempDir Path dir;

  @Test
  void runsForTheClassWithAnAdminClientAndAConnectionFile() {
    assertThat(sugar.url().toString()).startsWith("http://127.0.0.1:");
    assertThat(sugar.adminPassword()).isEqualTo("support-pw-1");
    assertThat(sugar.admin()).isSameAs(sugar.admin());
    assertThat(sugar.admin().me().userName()).isEqualTo("admin");

    Path file = sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    assertThat(SugarClient.fromConnectionFile(file).me().userName()).isEqualTo("admin");
    assertThat(SugarConnectionFile.load(file).maxRequestsPerSecond()).isZero();
    assertThat(sugar.toString()).contains(sugar.url().toString());
  }

  @Test
  void givesClientsForOtherUsers() {
    sugar.createUser("support.user", "Support-pw-12345", false, List.of());
    assertThat(sugar.requestLog()).isNotNull();
    assertThat(sugar.faults().current()).isNotNull();
    assertThat(sugar.client("support.user", "Support-pw-12345").me().userName())
        .isEqualTo("support.user");
    Path file =
        TestSandbox.writeConnectionFile(
            dir.resolve("user.yaml"),
            sugar.connection("support.user", "Support-pw-12345").maxInFlight(2).build());
    assertThat(SugarConnectionFile.load(file).username()).isEqualTo("support.user");
    assertThat(SugarConnectionFile.load(file).maxInFlight()).isEqualTo(2);
    assertThatThrownBy(() -> sugar.writeConnectionFile(dir.resolve("no/such/folder.yaml")))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void perTestWhenRegisteredOnAnInstanceAndByHandOtherwise() {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-06-01T09:00:00Z"));
    TestSandbox perTest = TestSandbox.create().clock(clock);
    assertThat(perTest.toString()).contains("not running");
    assertThatThrownBy(perTest::sandbox).hasMessageContaining("not running");

    perTest.beforeEach(null);
    assertThat(perTest.admin().me().userName()).isEqualTo("admin");
    perTest.afterEach(null);
    assertThatThrownBy(perTest::url).isInstanceOf(IllegalStateException.class);

    // Started for the class: the test callbacks leave it running.
    perTest.beforeAll(null);
    perTest.beforeEach(null);
    perTest.afterEach(null);
    assertThat(perTest.sandbox().url()).isNotNull();
    assertThatThrownBy(perTest::start).hasMessageContaining("already running");
    perTest.afterAll(null);
    perTest.close();
    assertThatThrownBy(perTest::sandbox).isInstanceOf(IllegalStateException.class);
  }
}
