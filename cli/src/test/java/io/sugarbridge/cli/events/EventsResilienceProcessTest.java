package io.sugarbridge.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.HttpProbe;
import io.sugarbridge.testsupport.JavaProcess;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.io.OutputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, points 9 and 11, against the collector as a process with a fixed heap (-Xmx256m): a
 * full disk makes it answer 503 (and {@code /healthz} 503 with the reason) and it recovers by
 * itself once space returns; a thread dying of a real OutOfMemoryError makes the process exit 1
 * after committing, instead of lingering half-alive. After each, a normal event is acknowledged
 * within a second.
 */
class EventsResilienceProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "hostile-key-1";

  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword("hostile-pw-1"));

  EventsServeProcess events;
  String url;
  final HttpClient http = HttpClient.newHttpClient();
  final List<JavaProcess> processes = new ArrayList<>();
  Path mounted;

  @BeforeEach
  void setUp() throws Exception {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    events = EventsServeProcess.configure(dir, "\"${HOSTILE_KEY}\"", Map.of("HOSTILE_KEY", KEY));
    url = events.url();
  }

  @AfterEach
  void tearDown() throws Exception {
    processes.forEach(JavaProcess::close);
    if (mounted != null) {
      new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor();
    }
  }

  /** Starts the process with a fixed heap, and returns once the collector answers. */
  private JavaProcess start(JavaProcess.Builder process) throws IOException {
    JavaProcess p =
        events.startAnswering(
            process.jvmOptions("-Xmx256m"), dir.resolve("collector-" + processes.size() + ".log"));
    processes.add(p);
    return p;
  }

  private JavaProcess serve() throws Exception {
    return start(events.serveCommand());
  }

  private String log(int i) {
    return processes.get(i).output();
  }

  private int status(String path) {
    return HttpProbe.status(url + path, Duration.ofSeconds(5));
  }

  private JsonNode health() throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String lead(String user, String event) {
    return "{\"type\":\"track\",\"event\":\""
        + event
        + "\",\"userId\":\""
        + user
        + "\",\"context\":{\"traits\":{\"last_name\":\"N "
        + user
        + "\",\"email\":\""
        + user
        + "@example.com\"}}}";
  }

  /** A normal event is acknowledged within a second (and so the collector is not half-alive). */
  private void aNormalEventIsAcknowledgedWithinASecond(String user) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = post("/v1/track", lead(user, "Lead Generated"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(ms).as("acknowledged in ms").isLessThan(1000);
  }

  private boolean delivered(String user) {
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(url + "/debugger/events?limit=500")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (JsonNode e : JSON.readTree(body)) {
        if (user.equals(e.path("userId").asText())) {
          return e.path("state").asText().equals("created");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void aFullDiskGives503AndHealthzSaysWhyThenItRecoversByItselfOnceSpaceReturns() throws Exception {
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    int mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", state.toString())
            .redirectErrorStream(true)
            .start()
            .waitFor();
    if (mount != 0 && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true: mounting a tmpfs (as root) must work for this test");
    }
    Assumptions.assumeTrue(mount == 0, "needs root to mount a small tmpfs as the journal's disk");
    mounted = state;
    serve();
    aNormalEventIsAcknowledgedWithinASecond("before-full");
    Await.until("the first Lead", Duration.ofSeconds(30), () -> delivered("before-full"));

    // Fill the disk, then send large events until the journal's preallocated room is used up.
    Path ballast = state.resolve("ballast");
    try (OutputStream out = Files.newOutputStream(ballast)) {
      byte[] mb = new byte[1 << 20];
      while (true) {
        out.write(mb);
      }
    } catch (IOException full) {
      // No space left on device: what the test wants.
    }
    String big = "x".repeat(28_000);
    int refused = 0;
    for (int batch = 0; batch < 200 && refused == 0; batch++) {
      StringBuilder b = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < 15; i++) {
        b.append(i == 0 ? "" : ",")
            .append("{\"type\":\"track\",\"event\":\"Page Filler\",\"userId\":\"filler\",")
            .append("\"properties\":{\"pad\":\"")
            .append(big)
            .append("\"}}");
      }
      int code = post("/v1/batch", b.append("]}").toString()).statusCode();
      if (code == 503) {
        refused++;
      } else {
        assertThat(code).isEqualTo(200);
      }
    }
    assertThat(refused).as("a full disk is answered with 503").isPositive();
    assertThat(post("/v1/track", lead("while-full", "Lead Generated")).statusCode()).isEqualTo(503);
    assertThat(status("/healthz")).isEqualTo(503);
    assertThat(health().path("problems").toString())
        .contains("\"check\":\"journal\"")
        .contains("cannot write");

    Files.delete(ballast);
    Await.until(
        "the collector to take events again",
        Duration.ofSeconds(15),
        () -> {
          try {
            return post("/v1/track", lead("after-full", "Lead Generated")).statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(status("/healthz")).isEqualTo(200);
    aNormalEventIsAcknowledgedWithinASecond("after-full-2");
    try {
      Await.until(
          "the Lead after the disk was full",
          Duration.ofSeconds(30),
          () -> delivered("after-full-2"));
    } catch (AssertionError e) {
      String out = log(0);
      throw new AssertionError(
          e.getMessage()
              + "; health "
              + health()
              + "; log:\n"
              + out.substring(Math.max(0, out.length() - 6000)),
          e);
    }
    assertThat(log(0)).contains("writes again");
  }

  @Test
  void aThreadDyingOfOutOfMemoryStopsTheProcessWithExit1AfterCommitting() throws Exception {
    Path marker = dir.resolve("crashed-once");
    Process crashing =
        start(
                events.command(
                    CrashingCollectorMain.class.getName(),
                    events.eventsFile().toString(),
                    marker.toString()))
            .process();
    for (int i = 0; i < 3; i++) {
      aNormalEventIsAcknowledgedWithinASecond("ok-" + i);
    }
    Await.until("three Leads", Duration.ofSeconds(30), () -> delivered("ok-2"));
    assertThat(post("/v1/track", lead("boom", "Crash Test")).statusCode()).isEqualTo(200);

    assertThat(crashing.waitFor(60, TimeUnit.SECONDS))
        .as("the process exits instead of lingering half-alive")
        .isTrue();
    assertThat(crashing.exitValue()).isEqualTo(1);
    String out = log(0);
    assertThat(out).contains("died").contains("OutOfMemoryError").contains("exiting with status 1");
    try (FileEventJournal journal = FileEventJournal.open(dir.resolve("state/journal"))) {
      assertThat(journal.committed()).as(out).isEqualTo(journal.last()).isEqualTo(4);
    }

    // A supervisor restarts it: everything works again.
    serve();
    aNormalEventIsAcknowledgedWithinASecond("after-restart");
    Await.until(
        "the Lead after the restart", Duration.ofSeconds(30), () -> delivered("after-restart"));
    assertThat(sugar.requestLog())
        .filteredOn(e -> e.method().equals("POST") && e.path().endsWith("/Leads"))
        .hasSize(4);
  }
}
