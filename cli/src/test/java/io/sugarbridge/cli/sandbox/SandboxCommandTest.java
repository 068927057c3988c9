package io.sugarbridge.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sandbox.SandboxConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sandbox command's switches reach the sandbox's configuration. */
class SandboxCommandTest {

  private static SandboxConfig parse(String... args) {
    SandboxCommand command = new SandboxCommand();
    new CommandLine(command).parseArgs(args);
    return command.toConfig();
  }

  @Test
  void defaultsAreThoseOfARealSugar() {
    SandboxConfig c = parse();

    assertThat(c.host).isEqualTo("127.0.0.1");
    assertThat(c.port).isEqualTo(8089);
    assertThat(c.dataDir).isNull();
    assertThat(c.tokenTtl).isEqualTo(Duration.ofHours(1));
    assertThat(c.maxVersion).isEqualTo("11.24");
    assertThat(c.bearerAuth).isTrue();
    assertThat(c.clientCredentialsGrant).isFalse();
    assertThat(c.enforceRequiredFields).isFalse();
    assertThat(c.maxListLimit).isNull();
    assertThat(c.rejectUnknownPlatforms).isTrue();
  }

  @Test
  void switchesAndFaultsAreApplied() {
    SandboxConfig c =
        parse(
            "--port",
            "9000",
            "--token-ttl",
            "5",
            "--seed",
            "3",
            "--platform",
            "myapp",
            "--oauth-client",
            "etl=s3cret",
            "--client-credentials",
            "--max-list-limit",
            "100",
            "--latency-ms",
            "50",
            "--fault-429",
            "0.25",
            "--retry-after",
            "2",
            "--html-errors",
            "--rate-limit",
            "20");

    assertThat(c.port).isEqualTo(9000);
    assertThat(c.tokenTtl).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.seedPerModule).isEqualTo(3);
    assertThat(c.extraPlatforms).contains("myapp");
    assertThat(c.oauthClients).containsEntry("etl", "s3cret");
    assertThat(c.clientCredentialsGrant).isTrue();
    assertThat(c.maxListLimit).isEqualTo(100);
    assertThat(c.faults.latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.faults.share429()).isEqualTo(0.25);
    assertThat(c.faults.retryAfterSeconds()).isEqualTo(2);
    assertThat(c.faults.htmlErrors()).isTrue();
    assertThat(c.faults.requestsPerSecond()).isEqualTo(20);
  }
}
