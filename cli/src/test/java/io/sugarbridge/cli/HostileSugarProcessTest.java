package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 10, with the command line as a real process: a 300 MB answer ends in a clear error
 * naming {@code max_response_mb} instead of running a small heap out of memory, and SIGTERM ends
 * every command within a few seconds, also while it is reading a slow, huge answer.
 */
class HostileSugarProcessTest {
  private static final String PASSWORD = "Process-Admin-Pw-1";
  private static SugarSandbox sandbox;

  @TempDir Path dir;

  @BeforeAll
  static void startSandbox() {
    sandbox = SugarSandbox.start(SandboxConfig.builder().adminPassword(PASSWORD).build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @AfterEach
  void heal() {
    sandbox.faults().set(FaultSettings.none());
  }

  private Path connectionFile(int maxResponseMb) throws Exception {
    Path file = dir.resolve("sugarbridge.yaml");
    Files.writeString(
        file,
        SugarConnectionFile.toYaml(
            SugarClientConfig.builder()
                .instanceUrl(sandbox.url())
                .username("admin")
                .password(PASSWORD)
                .maxRequestsPerSecond(0)
                .maxResponseMb(maxResponseMb)
                .build()));
    return file;
  }

  private Process start(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("process.log").toFile());
    return pb.start();
  }

  private String output() throws Exception {
    return Files.readString(dir.resolve("process.log"));
  }

  private static void awaitRequest(String pathPart) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (sandbox.requestLog().stream().anyMatch(e -> e.path().contains(pathPart))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the command never asked for " + pathPart);
  }

  /** SIGTERM, then the time until the process is gone. */
  private static Duration terminate(Process p) throws InterruptedException {
    long start = System.nanoTime();
    p.destroy(); // SIGTERM
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!ended) {
      p.destroyForcibly();
    }
    return took;
  }

  @Test
  void aHugeAnswerFailsNamingTheBoundInsteadOfRunningOutOfMemory() throws Exception {
    Path connection = dir.resolve("default-bound.yaml");
    Files.writeString(
        connection,
        "sugar:\n  instance_url: "
            + sandbox.url()
            + "\n  username: admin\n  password: "
            + PASSWORD
            + "\n  max_requests_per_second: 0\n");
    sandbox
        .faults()
        .set(FaultSettings.none().withHugeResponse(300L << 20, 0).withFaultPath("metadata"));
    Process check = start(Map.of(), "check", "--config", connection.toString(), "--json");
    assertThat(check.waitFor(90, TimeUnit.SECONDS)).as("check ended").isTrue();
    String out = output();
    // 256 MB of heap: the default bound is an eighth of it.
    assertThat(out).contains("larger than 32 MB").contains("max_response_mb");
    assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("unexpected error");
    assertThat(check.exitValue()).as(out).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void sigtermEndsCheckWhileItReadsASlowHugeAnswer() throws Exception {
    Path connection = connectionFile(1024);
    sandbox
        .faults()
        .set(
            FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("metadata"));
    Process check = start(Map.of(), "check", "--config", connection.toString());
    awaitRequest("/me");
    Thread.sleep(1000); // into the slow metadata answer
    assertThat(check.isAlive()).as("still reading").isTrue();
    assertThat(terminate(check)).isLessThan(Duration.ofSeconds(8));
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
    sandbox
        .faults()
        .set(
            FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("metadata"));
    Process p = start(Map.of(), "sync", sync.toString());
    awaitRequest("metadata");
    Thread.sleep(1000);
    assertThat(p.isAlive()).as("still reading: " + output()).isTrue();
    assertThat(terminate(p)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void sigtermEndsTheCollectorWhileADeliveryReadsASlowHugeAnswer() throws Exception {
    connectionFile(1024);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path events = dir.resolve("events.yaml");
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
            + port
            + "\nwrite_keys: [\"${SIGTERM_TEST_KEY}\"]\njournal: state\n");
    Process serve =
        start(
            Map.of("SIGTERM_TEST_KEY", "sigterm-key-1"),
            "events",
            "serve",
            "--config",
            events.toString());
    HttpClient http = HttpClient.newHttpClient();
    String url = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // still starting
      }
      assertThat(System.nanoTime()).as("collector started: " + output()).isLessThan(deadline);
      Thread.sleep(50);
    }
    // Every Sugar call from now on gets an answer that takes minutes to arrive.
    sandbox
        .faults()
        .set(FaultSettings.none().withHugeResponse(300L << 20, 256 << 10).withFaultPath("v1"));
    int before = sandbox.requestLog().size();
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
    while (sandbox.requestLog().size() == before) {
      assertThat(System.nanoTime()).as("a delivery started").isLessThan(deadline);
      Thread.sleep(20);
    }
    Thread.sleep(1000);
    assertThat(serve.isAlive()).isTrue();
    assertThat(terminate(serve)).as(output()).isLessThan(Duration.ofSeconds(8));
  }
}
