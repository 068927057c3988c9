package io.sugarbridge.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.JavaProcess;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sugarbridge events serve} as a real process: it serves until SIGTERM, then stops
 * accepting, finishes delivery and commits the journal before exiting.
 */
class EventsServeProcessTest {
  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword("serve-pw-1"));

  @Test
  void sigtermStopsCleanlyWithEverythingDeliveredAndCommitted() throws Exception {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    EventsServeProcess events =
        EventsServeProcess.configure(
            dir, "\"${SERVE_TEST_KEY}\"", Map.of("SERVE_TEST_KEY", "serve-key-1"));
    Path output = dir.resolve("serve.log");
    try (JavaProcess serve = events.startHealthy(events.serveCommand(), output)) {
      String url = events.url();
      HttpClient http = HttpClient.newHttpClient();
      String auth =
          "Basic "
              + Base64.getEncoder().encodeToString("serve-key-1:".getBytes(StandardCharsets.UTF_8));
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
      Await.until(
          "five Leads",
          Duration.ofSeconds(60),
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

      serve.process().destroy(); // SIGTERM
      assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    String log = Files.readString(output);
    assertThat(log).contains("stopped; journal committed up to 5 of 5");
    assertThat(sugar.requestLog())
        .filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/Leads"))
        .hasSize(5);
    try (FileEventJournal journal = FileEventJournal.open(dir.resolve("state/journal"))) {
      assertThat(journal.last()).isEqualTo(5);
      assertThat(journal.committed()).as(log).isEqualTo(5);
    }
  }
}
