package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile senders against {@code sugarbridge events serve} as a process with a fixed heap ({@code
 * -Xmx256m}): after each load, the collector is still alive and acknowledges a normal event within
 * a second.
 */
class EventsHostileProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "hostile-key-1";
  private static final String AUTH =
      "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private SugarSandbox sandbox;
  private Process serve;
  private Path output;
  private int port;
  private String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger people = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    sandbox = SugarSandbox.start(SandboxConfig.builder().adminPassword("hostile-pw-1").build());
    Files.writeString(
        dir.resolve("sugarbridge.yaml"),
        SugarConnectionFile.toYaml(
            SugarClientConfig.builder()
                .instanceUrl(sandbox.url())
                .username("admin")
                .password("hostile-pw-1")
                .maxRequestsPerSecond(0)
                .build()));
    Path events = dir.resolve("events.yaml");
    // A high rate limit: the loads here are about memory and connections, not the rate.
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
            + port
            + "\nwrite_keys: [\"${HOSTILE_KEY}\"]\njournal: state\n"
            + "rate_limit_per_second: 1000000\nrate_limit_burst: 1000000\n");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "events",
            "serve",
            "--config",
            events.toString());
    pb.environment().put("HOSTILE_KEY", KEY);
    pb.redirectErrorStream(true);
    output = dir.resolve("serve.log");
    pb.redirectOutput(output.toFile());
    serve = pb.start();
    url = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!healthy()) {
      assertThat(System.nanoTime()).as("the collector starts").isLessThan(deadline);
      assertThat(serve.isAlive()).as("the collector runs: %s", log()).isTrue();
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (serve != null) {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private String log() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private boolean healthy() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url + "/healthz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
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

  private HttpResponse<String> post(String path, String body, Duration timeout) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(timeout)
            .header("Authorization", AUTH)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A normal event is acknowledged within a second, and /healthz answers. */
  private void stillServes(String after) throws Exception {
    assertThat(serve.isAlive()).as("alive after %s: %s", after, log()).isTrue();
    long start = System.nanoTime();
    HttpResponse<String> r =
        post(
            "/v1/track",
            "{\"userId\":\"normal-"
                + people.incrementAndGet()
                + "\",\"event\":\"Signed Up\",\"context\":{\"traits\":{\"last_name\":\"Normal\"}}}",
            Duration.ofSeconds(1));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(r.statusCode()).as("a normal event after %s: %s", after, r.body()).isEqualTo(200);
    assertThat(millis).as("acknowledged within a second after %s", after).isLessThan(1000);
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/healthz"))
                .timeout(Duration.ofSeconds(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
  }

  @Test
  void aBatchThatWouldExpandPastTheLimitIsRefusedAndTheCollectorLives() throws Exception {
    // 9,000 tiny events and one 60 KB context: 470 KB sent, 540 MB if stored per event.
    StringBuilder batch =
        new StringBuilder("{\"context\":{\"page\":{\"title\":\"")
            .append("c".repeat(60 * 1024))
            .append("\"}},\"batch\":[");
    for (int i = 0; i < 9000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"userId\":\"p").append(i % 10);
      batch.append("\"}");
    }
    String body = batch.append("]}").toString();
    assertThat(body.length()).isLessThan(500 * 1024);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sent.add(pool.submit(() -> post("/v1/batch", body, Duration.ofSeconds(60))));
      }
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("over the limit of 2048000 bytes stored per batch");
      }
    } finally {
      pool.shutdownNow();
    }
    stillServes("amplifying batches");
  }

  @Test
  void refusedEventsKeptForTheDebuggerStayBoundedInBytes() throws Exception {
    // 240 batches of 480 KB whose one event is refused (over the 32 KB per event).
    String body =
        "{\"batch\":[{\"type\":\"track\",\"userId\":\"big\",\"event\":\"E\",\"properties\":{\"p\":\""
            + "\u00e9".repeat(240 * 1024)
            + "\"}}]}";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        sent.add(pool.submit(() -> post("/v1/batch", body, Duration.ofSeconds(60))));
      }
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("too_large");
      }
    } finally {
      pool.shutdownNow();
    }
    stillServes("refused batches");
    HttpResponse<String> seen =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/debugger/events?limit=500"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode entries = JSON.readTree(seen.body());
    assertThat(entries.size()).isGreaterThanOrEqualTo(240);
    // Each refused payload is kept as a summary: the whole debugger is a few MB at most.
    assertThat(seen.body().length()).isLessThan(4 * 1024 * 1024);
    JsonNode refused = null;
    for (JsonNode e : entries) {
      if (e.path("state").asText().equals("rejected")) {
        refused = e;
        break;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.path("received").path("truncated").asBoolean()).isTrue();
  }

  @Test
  void threeHundredSlowClientsDoNotStarveOthers() throws Exception {
    // Every 127.x address is this machine; the slow clients come from 127.0.0.2, the normal one
    // from 127.0.0.1.
    InetAddress slowFrom = InetAddress.getByName("127.0.0.2");
    List<Socket> slow = new ArrayList<>();
    AtomicInteger refusedOrAnswered = new AtomicInteger();
    Thread trickle = null;
    try {
      for (int i = 0; i < 300; i++) {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(slowFrom, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(100);
        OutputStream out = s.getOutputStream();
        // Half without a key in the header (analytics.js sends it in the body), half with it.
        out.write(
            ("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (i % 2 == 0 ? "Authorization: " + AUTH + "\r\n" : "")
                    + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(s);
      }
      List<Socket> all = List.copyOf(slow);
      trickle =
          new Thread(
              () -> {
                // One byte a second on each connection, for up to 40 s.
                for (int round = 0;
                    round < 40 && !Thread.currentThread().isInterrupted();
                    round++) {
                  for (Socket s : all) {
                    if (s.isClosed()) {
                      continue;
                    }
                    try {
                      s.getOutputStream().write(' ');
                      s.getOutputStream().flush();
                    } catch (IOException e) {
                      refusedOrAnswered.incrementAndGet();
                      closeQuietly(s);
                    }
                  }
                  try {
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      Thread.sleep(2000);

      // While they trickle, everyone else is served.
      for (int i = 0; i < 5; i++) {
        stillServes("300 slow clients connected (" + i + ")");
        Thread.sleep(500);
      }
      // And none of them is kept longer than the body timeout (10 s).
      Thread.sleep(12_000);
      int answered = 0;
      for (Socket s : all) {
        if (s.isClosed() || answeredOrClosed(s)) {
          answered++;
        }
      }
      assertThat(answered).as("slow connections cut off or answered by now").isEqualTo(300);
      stillServes("the slow clients were cut off");
    } finally {
      if (trickle != null) {
        trickle.interrupt();
      }
      slow.forEach(EventsHostileProcessTest::closeQuietly);
    }
  }

  /** Whether the server answered (e.g. 408) or closed this connection. */
  private static boolean answeredOrClosed(Socket s) {
    try {
      InputStream in = s.getInputStream();
      in.read(); // a byte of an answer, or the end of the stream
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Test
  void oversizedTraitsAreRefusedNamingTheLimit() throws Exception {
    String trait = "t".repeat(30 * 1024);
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r =
          post(
              "/v1/identify",
              "{\"userId\":\"grower\",\"traits\":{\"t" + i + "\":\"" + trait + "\"}}",
              Duration.ofSeconds(10));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
      assertThat(r.body()).contains("over the limit of 8192 bytes per trait");
    }
    stillServes("oversized traits");
  }
}
