package io.sugarbridge.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.cli.Main;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sugarbridge events serve} as a real process: it serves until SIGTERM, then stops
 * accepting, finishes delivery and commits the journal before exiting.
 */
class EventsServeProcessTest {
  @TempDir Path dir;

  private static boolean answers(HttpClient http, String url) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void sigtermStopsCleanlyWithEverythingDeliveredAndCommitted() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (SugarSandbox sandbox =
        SugarSandbox.start(SandboxConfig.builder().adminPassword("serve-pw-1").build())) {
      Files.writeString(
          dir.resolve("sugarbridge.yaml"),
          SugarConnectionFile.toYaml(
              SugarClientConfig.builder()
                  .instanceUrl(sandbox.url())
                  .username("admin")
                  .password("serve-pw-1")
                  .maxRequestsPerSecond(0)
                  .build()));
      Path events = dir.resolve("events.yaml");
      Files.writeString(
          events,
          "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
              + port
              + "\nwrite_keys: [\"${SERVE_TEST_KEY}\"]\njournal: state\n");
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "events",
              "serve",
              "--config",
              events.toString());
      pb.environment().put("SERVE_TEST_KEY", "serve-key-1");
      pb.redirectErrorStream(true);
      Path output = dir.resolve("serve.log");
      pb.redirectOutput(output.toFile());
      Process serve = pb.start();
      try {
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        await("the collector", () -> answers(http, url + "/healthz"));
        String auth =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("serve-key-1:".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(url + "/v1/track"))
                      .header("Authorization", auth)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"s"
                                  + i
                                  + "\",\"context\":{\"traits\":{\"last_name\":\"Serve "
                                  + i
                                  + "\"}}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(Files.readString(output)).contains("collecting at " + url);
        await(
            "five Leads",
            () -> {
              try {
                String body =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url + "/debugger/events")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body();
                return body.split("\"state\":\"created\"", -1).length - 1 == 5;
              } catch (IOException e) {
                return false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });

        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        serve.destroyForcibly();
      }
      String log = Files.readString(output);
      assertThat(log).contains("stopped; journal committed up to 5 of 5");
      assertThat(sandbox.requestLog())
          .filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/Leads"))
          .hasSize(5);
      try (FileEventJournal journal = FileEventJournal.open(dir.resolve("state/journal"))) {
        assertThat(journal.last()).isEqualTo(5);
        assertThat(journal.committed()).as(log).isEqualTo(5);
      }
    }
  }
}
