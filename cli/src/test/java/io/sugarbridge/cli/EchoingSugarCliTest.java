package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.KnownSecrets;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 9: a Sugar (or a proxy) that echoes the request into its error messages must not put the
 * password or the token into {@code check --json} or the sync's error file.
 *
 * <p>Runs beside the other test classes (its time is mostly the client's real retry back-off
 * against the failing login); its own tests one at a time under a lock, as they share one sandbox.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("EchoingSugarCliTest.sandbox")
class EchoingSugarCliTest {
  private static final String PASSWORD = "Cli-Echoed-Admin-Pw-5";

  @RegisterExtension
  static final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword(PASSWORD));

  @TempDir Path dir;

  @AfterEach
  void heal() {
    sugar.faults().set(FaultSettings.none());
  }

  private Path connectionFile() {
    return sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
  }

  @Test
  void checkJsonShowsNoEchoedPassword() throws IOException {
    Path file = connectionFile();
    sugar
        .faults()
        .set(FaultSettings.none().withEchoRequest(true).with500(1.0).withFaultPath("oauth2/token"));

    CliRun r = CliRun.of("check", "--config", file.toString(), "--json");

    assertThat(r.code()).isNotZero();
    assertThat(r.out() + r.err()).contains("[request: POST").doesNotContain(PASSWORD);
  }

  @Test
  void theSyncErrorFileShowsNoEchoedTokenOrPassword() throws IOException {
    connectionFile();
    Files.writeString(dir.resolve("people.csv"), "id,last_name\n1,Ames\n2,Bell\n");
    Path sync = dir.resolve("leads.yaml");
    Files.writeString(
        sync,
        "name: echo-leads\n"
            + "source:\n  url: \"duckdb:\"\n  query: select * from 'people.csv'\n"
            + "key: id\n"
            + "target:\n  module: Leads\n  mode: upsert\n"
            + "mappings:\n  last_name: last_name\n");
    // Every /bulk fails with a 500 that echoes the call: its OAuth-Token header and its body.
    sugar
        .faults()
        .set(FaultSettings.none().withEchoRequest(true).with500(1.0).withFaultPath("bulk$"));

    CliRun r = CliRun.of("sync", sync.toString(), "--json");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARTIAL);
    String stored;
    try (Stream<Path> files = Files.walk(dir)) {
      stored =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".csv"))
              .filter(p -> !p.getFileName().toString().equals("people.csv"))
              .map(
                  p -> {
                    try {
                      return Files.readString(p);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .collect(Collectors.joining("\n"));
    }
    assertThat(stored).as("the error file").contains("bulk_failed").contains("[request: POST");
    String shown = stored + r.out() + r.err();
    assertThat(shown).doesNotContain(PASSWORD).contains("oauth-token=██");
    // The access token the run used is known to this JVM's scrubber; none shows.
    assertThat(KnownSecrets.containsKnownSecret(shown)).isFalse();
  }
}
