package io.sugarbridge.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.testsupport.JavaProcess;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Hostile senders against {@code sugarbridge events serve} as a process with a fixed heap ({@code
 * -Xmx256m}) and the default limits: after each load, the collector is still alive and acknowledges
 * a normal event within a second. Linux routes all of 127.0.0.0/8 to the loopback interface, so a
 * client socket bound to 127.0.0.x is a sender from another address.
 *
 * <p>Isolated: its loads are meant to be what the collector meets, so no other test class runs
 * beside them (see {@code junit-platform.properties}).
 */
@Isolated
class EventsHostileProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "hostile-key-1";
  private static final String AUTH = basic(KEY);
  // A second key for the load of many addresses: a write key's own limit is the ceiling for all
  // its senders together, so a load from 200 addresses on the normal sender's key would (rightly)
  // answer it 429 too; that the per-address limit keeps one sender from using up a shared key is
  // shown by oneAddressFloodingOverItsLimitDoesNotStopAnotherAddress.
  private static final String LOAD_KEY = "hostile-load-key-2";

  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword("hostile-pw-1"));

  private JavaProcess serve;
  private int port;
  private String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger people = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    // The default limits: the loads must be survived as a collector is usually configured.
    EventsServeProcess events =
        EventsServeProcess.configure(
            dir,
            "\"${HOSTILE_KEY}\", {name: load, key: \"${LOAD_KEY}\"}",
            Map.of("HOSTILE_KEY", KEY, "LOAD_KEY", LOAD_KEY));
    port = events.port();
    url = events.url();
    serve =
        events.startHealthy(events.serveCommand().jvmOptions("-Xmx256m"), dir.resolve("serve.log"));
  }

  @AfterEach
  void stop() throws Exception {
    if (serve != null) {
      serve.terminate(Duration.ofSeconds(30));
    }
  }

  private static String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  private String log() {
    return serve.output();
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

  /**
   * One request on its own connection from {@code from}: the status answered, or -1 when the
   * connection was closed or reset first (as a refused one may be).
   */
  private int rawPost(InetAddress from, String path, byte[] body, String authorization) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException refusedBeforeTheBodyWasRead) {
        // The answer may still be there to read.
      }
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      in.transferTo(OutputStream.nullOutputStream());
      String status = new String(head, StandardCharsets.US_ASCII);
      return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** A valid batch of about {@code bytes} of events the preset takes no action on. */
  private static byte[] batchOf(int bytes, String writeKey) {
    StringBuilder b = new StringBuilder("{");
    if (writeKey != null) {
      b.append("\"writeKey\":\"").append(writeKey).append("\",");
    }
    b.append("\"batch\":[");
    for (int i = 0; b.length() < bytes - 1200; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"track\",\"event\":\"Page Viewed\",\"userId\":\"visitor-")
          .append(i)
          .append("\",\"messageId\":\"")
          .append(java.util.UUID.randomUUID())
          .append("\",\"properties\":{\"path\":\"/pricing\",\"note\":\"")
          .append("n".repeat(800))
          .append("\"},\"context\":{\"ip\":\"203.0.113.7\"}}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twoHundredConnectionsPostingLargeBatchesAsFastAsTheyCanDoNotExhaustTheHeap()
      throws Exception {
    byte[] inHeader = batchOf(480 * 1024, null);
    byte[] inBody = batchOf(480 * 1024, LOAD_KEY);
    assertThat(inBody.length).isBetween(470 * 1024, 500 * 1024);
    int senders = 200;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    try {
      for (int i = 0; i < senders; i++) {
        // 50 addresses (127.0.0.10-59), 4 connections each; half with the key in the header.
        InetAddress from = InetAddress.getByName("127.0.0." + (10 + i % 50));
        boolean header = i % 2 == 0;
        pool.submit(
            () -> {
              while (running.get()) {
                int status =
                    rawPost(
                        from,
                        "/v1/batch",
                        header ? inHeader : inBody,
                        header ? basic(LOAD_KEY) : null);
                statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
              }
            });
      }
      // During the load, every two seconds for 20 s.
      for (int i = 0; i < 10; i++) {
        Thread.sleep(2000);
        stillServes("200 connections posting 480 KB batches (" + i + ")");
      }
    } finally {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    System.out.println("answers to the 200 connections' batches, by status: " + statuses);
    assertThat(log()).doesNotContain("OutOfMemoryError");
    // Some were taken, the rest refused for the limits (429) or for room (503): none was lost.
    assertThat(statuses).as("answers: %s", statuses).containsKey(200);
    assertThat(statuses.keySet())
        .as("answers: %s", statuses)
        .allMatch(s -> s == 200 || s == 429 || s == 503 || s == -1);
    stillServes("200 connections posting 480 KB batches");
  }

  @Test
  void oneAddressFloodingOverItsLimitDoesNotStopAnotherAddress() throws Exception {
    InetAddress flooder = InetAddress.getByName("127.0.0.3");
    InetAddress other = InetAddress.getByName("127.0.0.2");
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 100; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"track\",\"event\":\"Page Viewed\",\"userId\":\"f")
          .append(i)
          .append("\"}");
    }
    byte[] flood = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    AtomicInteger floodAccepted = new AtomicInteger();
    AtomicInteger floodLimited = new AtomicInteger();
    try {
      for (int i = 0; i < 16; i++) {
        pool.submit(
            () -> {
              while (running.get()) {
                int status = rawPost(flooder, "/v1/batch", flood, AUTH);
                (status == 200 ? floodAccepted : floodLimited).incrementAndGet();
              }
            });
      }
      Thread.sleep(1000);
      // Meanwhile the other address sends 20 batches of 10 events, every one accepted.
      for (int i = 0; i < 20; i++) {
        StringBuilder e = new StringBuilder("{\"batch\":[");
        for (int j = 0; j < 10; j++) {
          e.append(j == 0 ? "" : ",")
              .append("{\"type\":\"track\",\"event\":\"Page Viewed\",\"userId\":\"o")
              .append(i * 10 + j)
              .append("\"}");
        }
        byte[] body = e.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        assertThat(rawPost(other, "/v1/batch", body, AUTH))
            .as("batch %d from the other address while 127.0.0.3 floods", i)
            .isEqualTo(200);
        Thread.sleep(100);
      }
    } finally {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(floodLimited.get()).as("the flood was limited").isGreaterThan(0);
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("reason=\"address_rate_limited\"");
    stillServes("one address flooding");
  }

  @Test
  void manySlowSendersWithTheKeyInTheBodyDoNotStarveAHeaderAuthenticatedSender() throws Exception {
    // 300 connections from six addresses (50 each, under the 64 per address): more than the
    // server's 250 request threads, none with an Authorization header.
    List<Socket> slow = new ArrayList<>();
    Thread trickle = null;
    try {
      for (int i = 0; i < 300; i++) {
        Socket s = new Socket();
        slow.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (3 + i % 6)), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(100);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 400000\r\n\r\n{\"writeKey\":\""
                    + KEY
                    + "\",")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      List<Socket> all = List.copyOf(slow);
      trickle =
          new Thread(
              () -> {
                for (int round = 0;
                    round < 30 && !Thread.currentThread().isInterrupted();
                    round++) {
                  for (Socket s : all) {
                    if (s.isClosed()) {
                      continue;
                    }
                    try {
                      s.getOutputStream().write(' ');
                      s.getOutputStream().flush();
                    } catch (IOException e) {
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
      for (int i = 0; i < 8; i++) {
        stillServes("300 slow senders with the key in the body (" + i + ")");
        Thread.sleep(500);
      }
    } finally {
      if (trickle != null) {
        trickle.interrupt();
      }
      slow.forEach(EventsHostileProcessTest::closeQuietly);
    }
    stillServes("300 slow senders with the key in the body");
  }
}
