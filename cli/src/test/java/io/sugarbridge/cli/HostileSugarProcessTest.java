package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.cli.events.EventsServeProcess;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.JavaProcess;
import io.sugarbridge.testsupport.TestSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 10, with the command line as a real process: a 300 MB answer ends in a clear error
 * naming {@code max_response_mb} instead of running a small heap out of memory, and SIGTERM ends
 * every command within a few seconds, also while it is reading a slow, huge answer.
 */
class HostileSugarProcessTest {
  private static final String PASSWORD = "Process-Admin-Pw-1";

  @RegisterExtension
  static final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword(PASSWORD));

  @TempDir Path dir;

  @AfterEach
  void heal() {
    sugar.faults().set(FaultSettings.none());
  }

  private Path connectionFile(int maxResponseMb) {
    return TestSandbox.writeConnectionFile(
        dir.resolve("sugarbridge.yaml"),
        sugar.adminConnection().maxResponseMb(maxResponseMb).build());
  }

  private JavaProcess start(String... args) throws Exception {
    return JavaProcess.of(Main.class.getName(), args)
        .jvmOptions("-Xmx256m")
        .start(dir.resolve("process.log"));
  }

  private static void awaitRequest(String pathPart) {
    Await.until(
        "the command to ask for " + pathPart,
        Duration.ofSeconds(60),
        () -> sugar.requestLog().stream().anyMatch(e -> e.path().contains(pathPart)));
  }

  @Test
  void aHugeAnswerFailsNamingTheBoundInsteadOfRunningOutOfMemory() throws Exception {
    Path connection = dir.resolve("default-bound.yaml");
    Files.writeString(
        connection,
        "sugar:\n  instance_url: "
            + sugar.url()
            + "\n  username: admin\n  password: "
            + PASSWORD
            + "\n  max_requests_per_second: 0\n");
    sugar
        .faults()
        .set(FaultSettings.none().withHugeResponse(300L << 20, 0).withFaultPath("metadata"));
    try (JavaProcess check = start("check", "--config", connection.toString(), "--json")) {
      assertThat(check.process().waitFor(90, TimeUnit.SECONDS)).as("check ended").isTrue();
      String out = check.output();
      // 256 MB of heap: the default bound is an eighth of it.
      assertThat(out).contains("larger than 32 MB").contains("max_response_mb");
      assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("unexpected error");
      assertThat(check.process().exitValue()).as(out).isEqualTo(ExitCodes.FAILURE);
    }
  }

  @Test
  void sigtermEndsCheckWhileItReadsASlowHugeAnswer() throws Exception {
    Path connection = connectionFile(1024);
    sugar
        .faults()
        .set(
            FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("metadata"));
    try (JavaProcess check = start("check", "--config", connection.toString())) {
      awaitRequest("/me");
      Thread.sleep(1000); // into the slow metadata answer
      assertThat(check.isAlive()).as("still reading").isTrue();
      assertThat(check.terminate(Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void sigtermEndsSyncWhileItReadsASlowHugeAnswer() throws Exception {
    connectionFile(1024);
    Files.writeString(dir.resolve("people.csv"), "id,last_name\n1,Ames\n2,Bell\n");
    Path sync = dir.resolve("leads.yaml");
    Files.writeString(
        sync,
        "name: sigterm-leads\n"
            + "source:\n  url: \"duckdb:\"\n  query: select * from 'people.csv'\n"
            + "key: id\n"
            + "target:\n  module: Leads\n  mode: upsert\n"
            + "mappings:\n  last_name: last_name\n");
    sugar
        .faults()
        .set(
            FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("metadata"));
    try (JavaProcess p = start("sync", sync.toString())) {
      awaitRequest("metadata");
      Thread.sleep(1000);
      assertThat(p.isAlive()).as("still reading: " + p.output()).isTrue();
      assertThat(p.terminate(Duration.ofSeconds(30))).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void sigtermEndsTheCollectorWhileADeliveryReadsASlowHugeAnswer() throws Exception {
    connectionFile(1024);
    EventsServeProcess events =
        EventsServeProcess.configure(
            dir, "\"${SIGTERM_TEST_KEY}\"", Map.of("SIGTERM_TEST_KEY", "sigterm-key-1"));
    JavaProcess serve =
        events.startHealthy(
            events.serveCommand().jvmOptions("-Xmx256m"), dir.resolve("process.log"));
    HttpClient http = HttpClient.newHttpClient();
    String url = events.url();
    // Every Sugar call from now on gets an answer that takes minutes to arrive.
    sugar
        .faults()
        .set(FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("v1"));
    int before = sugar.requestLog().size();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/v1/track"))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("sigterm-key-1:".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"t1\","
                            + "\"context\":{\"traits\":{\"last_name\":\"Term\"}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    try (serve) {
      Await.until(
          "a delivery to start", Duration.ofSeconds(60), () -> sugar.requestLog().size() > before);
      Thread.sleep(1000);
      assertThat(serve.isAlive()).isTrue();
      assertThat(serve.terminate(Duration.ofSeconds(30)))
          .as(serve.output())
          .isLessThan(Duration.ofSeconds(8));
    }
  }
}
