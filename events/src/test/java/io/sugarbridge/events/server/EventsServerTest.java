package io.sugarbridge.events.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.TestSandbox;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The operator's side of the collector over real HTTP: debugger, health and metrics. */
class EventsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "server-test-key-1";

  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sandbox = TestSandbox.configured(b -> b.adminPassword("server-pw-1"));

  EventsServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sandbox.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    Files.writeString(
        dir.resolve("events.yaml"),
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [{name: website, key: \"${K}\"}]\n"
            + "journal: state\nwait_for_identify: 0\n");
    EventsConfig c = EventsConfigFile.load(dir.resolve("events.yaml"), Map.of("K", KEY)::get);
    server = EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitEvent(String messageId, String state) {
    return Await.value(
        "a " + state + " event " + messageId + " in the debugger",
        Duration.ofSeconds(20),
        () -> {
          for (JsonNode e : JSON.readTree(get("/debugger/events").body())) {
            if (messageId.equals(e.path("messageId").asText())
                && state.equals(e.path("state").asText())) {
              return e;
            }
          }
          return null;
        });
  }

  @Test
  void theDebuggerShowsWhatCameInWhatWasBuiltAndWhatSugarAnswered() throws Exception {
    assertThat(
            post(
                    "/v1/track",
                    "{\"type\":\"track\",\"event\":\"Lead Generated\",\"userId\":\"u1\",\"messageId\":\"dbg-1\","
                        + "\"context\":{\"traits\":{\"last_name\":\"Debug\",\"email\":\"Dbg@Example.com\"}}}")
                .statusCode())
        .isEqualTo(200);
    assertThat(post("/v1/track", "{\"userId\":\"u1\",\"messageId\":\"nope-1\"}").statusCode())
        .isEqualTo(400);

    JsonNode created = awaitEvent("dbg-1", "created");
    assertThat(created.at("/received/context/traits/last_name").asText()).isEqualTo("Debug");
    assertThat(created.at("/sugarPayload/email/0/email_address").asText())
        .isEqualTo("dbg@example.com");
    assertThat(created.path("recordId").asText()).hasSize(36);
    JsonNode rejected = awaitEvent("nope-1", "rejected");
    assertThat(rejected.path("detail").asText()).contains("400");

    HttpResponse<String> page = get("/debugger");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("text/html"));
    assertThat(page.body()).contains("debugger/events").doesNotContain("https://");
  }

  /** This machine's first non-loopback IPv4 address, or null when it has none. */
  private static InetAddress otherAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }

  private EventsServer serverOnEveryAddress(String name, String extra) throws Exception {
    Path events = dir.resolve(name + ".yaml");
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 0.0.0.0:0\nwrite_keys: [\"${K}\"]\njournal: "
            + name
            + "\n"
            + extra);
    EventsConfig c = EventsConfigFile.load(events, Map.of("K", KEY)::get);
    return EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC());
  }

  private HttpResponse<String> get(String host, int port, String path, String forwardedFor)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDebuggerShowsPersonalDataOnlyOnThisMachineUnlessOpened() throws Exception {
    InetAddress other = otherAddress();
    Assumptions.assumeTrue(other != null, "this machine has no non-loopback address to call from");
    String host = other.getHostAddress();
    try (EventsServer local = serverOnEveryAddress("local", "")) {
      for (String path : new String[] {"/debugger", "/debugger/events"}) {
        HttpResponse<String> remote = get(host, local.port(), path, null);
        assertThat(remote.statusCode()).as("%s from %s", path, host).isEqualTo(403);
        assertThat(remote.body()).contains("personal data").contains("debugger: open");
        assertThat(get("127.0.0.1", local.port(), path, "203.0.113.9").statusCode())
            .as("%s forwarded by a proxy on this machine", path)
            .isEqualTo(403);
        assertThat(get("127.0.0.1", local.port(), path, null).statusCode())
            .as("%s from this machine", path)
            .isEqualTo(200);
      }
      assertThat(get(host, local.port(), "/healthz", null).statusCode()).isEqualTo(200);
      assertThat(get(host, local.port(), "/metrics", null).statusCode()).isEqualTo(200);
    }
    try (EventsServer open = serverOnEveryAddress("open", "debugger: open\n")) {
      assertThat(get(host, open.port(), "/debugger/events", null).statusCode()).isEqualTo(200);
    }
  }

  /** A raw GET, so that Host and proxy headers can be anything; answers the status line. */
  private String rawGet(String path, String... headers) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
      for (String h : headers) {
        r.append(h).append("\r\n");
      }
      r.append("Connection: close\r\n\r\n");
      s.getOutputStream().write(r.toString().getBytes(StandardCharsets.UTF_8));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return answer.substring(0, answer.indexOf("\r\n"))
          + (answer.contains("answers only to its own address") ? " own-address" : "");
    }
  }

  @Test
  void theDebuggerRefusesAForeignHostAndAnyProxyHeaderEvenFromThisMachine() throws Exception {
    int port = server.port();
    for (String path : new String[] {"/debugger", "/debugger/events"}) {
      // A DNS-rebinding page: the browser connects to 127.0.0.1 but sends the page's own name.
      assertThat(rawGet(path, "Host: attacker.example:" + port))
          .isEqualTo("HTTP/1.1 403 Forbidden own-address");
      assertThat(rawGet(path, "Host: 127.0.0.1.attacker.example")).startsWith("HTTP/1.1 403");
      assertThat(rawGet(path, "Host: 10.0.0.7:" + port)).startsWith("HTTP/1.1 403");
      for (String proxy :
          new String[] {
            "X-Real-IP: 203.0.113.9",
            "X-Forwarded-For: 203.0.113.9",
            "Forwarded: for=203.0.113.9",
            "X-Forwarded-Host: www.example.com",
            "Via: 1.1 proxy"
          }) {
        assertThat(rawGet(path, "Host: 127.0.0.1:" + port, proxy))
            .as("%s with %s", path, proxy)
            .startsWith("HTTP/1.1 403");
      }
      assertThat(rawGet(path, "Host: 127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(rawGet(path, "Host: localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(rawGet(path, "Host: [::1]:" + port)).isEqualTo("HTTP/1.1 200 OK");
      // Through an SSH tunnel the port is the tunnel's.
      assertThat(rawGet(path, "Host: localhost:9999")).isEqualTo("HTTP/1.1 200 OK");
    }
    assertThat(rawGet("/healthz", "Host: attacker.example")).isEqualTo("HTTP/1.1 200 OK");
  }

  /** Opens {@code n} connections from {@code from}; returns how many answer a GET /healthz. */
  private int answeredConnections(String from, int n) throws Exception {
    java.util.List<java.net.Socket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        java.net.Socket s = new java.net.Socket();
        open.add(s);
        s.bind(new java.net.InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
      }
      int answered = 0;
      for (java.net.Socket s : open) {
        try {
          s.getOutputStream()
              .write(
                  "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          byte[] head = s.getInputStream().readNBytes(15);
          if (new String(head, StandardCharsets.US_ASCII).equals("HTTP/1.1 200 OK")) {
            answered++;
          }
        } catch (java.io.IOException closedByTheServer) {
          // counted as not answered
        }
      }
      return answered;
    } finally {
      for (java.net.Socket s : open) {
        s.close();
      }
    }
  }

  @Test
  void aTrustedProxyIsNotCappedPerAddressAndTheClientsItForwardsAreLimitedEachOnTheirOwn()
      throws Exception {
    server.close();
    server = null;
    Files.writeString(
        dir.resolve("proxied.yaml"),
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [{name: website, key: \"${K}\"}]\n"
            + "journal: state-proxied\nwait_for_identify: 0\ntrusted_proxies: [\"127.0.0.1\"]\n"
            + "rate_limit_per_address_per_second: 2\nrate_limit_per_address_burst: 2\n");
    EventsConfig c = EventsConfigFile.load(dir.resolve("proxied.yaml"), Map.of("K", KEY)::get);
    server = EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC());

    // The proxy's connections carry many clients: more than 64 stay open and are served.
    assertThat(answeredConnections("127.0.0.1", EventsServer.MAX_CONNECTIONS_PER_ADDRESS + 6))
        .isEqualTo(EventsServer.MAX_CONNECTIONS_PER_ADDRESS + 6);
    // Any other address is still capped.
    assertThat(answeredConnections("127.0.0.2", EventsServer.MAX_CONNECTIONS_PER_ADDRESS + 6))
        .isEqualTo(EventsServer.MAX_CONNECTIONS_PER_ADDRESS);

    // The per-address limit applies to the client the proxy names.
    String auth =
        "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    java.util.function.Function<String, HttpResponse<String>> from =
        client -> {
          try {
            return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/track"))
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThat(from.apply("203.0.113.1").statusCode()).isEqualTo(200);
    assertThat(from.apply("203.0.113.1").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = from.apply("203.0.113.1");
    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    assertThat(limited.body())
        .contains("203.0.113.1")
        .contains("\"limit\":\"rate_limit_per_address_per_second\"");
    assertThat(from.apply("203.0.113.2").statusCode()).isEqualTo(200);

    // A trusted proxy does not make the debugger local: any proxy header still means not local.
    assertThat(
            rawGet("/debugger", "Host: 127.0.0.1:" + server.port(), "X-Forwarded-For: 127.0.0.1"))
        .startsWith("HTTP/1.1 403");
    assertThat(rawGet("/debugger", "Host: 127.0.0.1:" + server.port()))
        .isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void aSecondCollectorOnTheSameJournalIsRefusedNamingTheSetting() throws Exception {
    EventsConfig c =
        EventsConfigFile.load(dir.resolve("events.yaml"), Map.of("K", KEY)::get).withPort(0);

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC()));

    assertThat(e.problems()).extracting(ConfigProblem::setting).containsExactly("journal");
    assertThat(e.getMessage()).contains("already using").contains(dir.resolve("state").toString());
    assertThat(
            post("/v1/track", "{\"type\":\"track\",\"event\":\"x\",\"userId\":\"u\"}").statusCode())
        .as("the first collector keeps running")
        .isEqualTo(200);

    server.close();
    server = EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC());
    assertThat(server.journal().last()).as("reopened after the first one stopped").isEqualTo(1);
  }

  @Test
  void aJournalDirectoryThatCannotBeUsedIsAConfigurationProblem() throws Exception {
    Path blocked = dir.resolve("a-file");
    Files.writeString(blocked, "not a directory");
    Files.writeString(
        dir.resolve("blocked.yaml"),
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [k]\njournal: a-file/events\n");
    EventsConfig c = EventsConfigFile.load(dir.resolve("blocked.yaml"), k -> null);

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC()));

    assertThat(e.problems()).extracting(ConfigProblem::setting).containsExactly("journal");
    assertThat(e.getMessage()).contains("a-file");
  }

  @Test
  void healthAndMetricsCountWhatHappened() throws Exception {
    post(
        "/v1/batch",
        "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u2\",\"messageId\":\"h-1\",\"traits\":{\"last_name\":\"H\"}},"
            + "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u2\",\"messageId\":\"h-2\"},"
            + "{\"type\":\"track\",\"event\":\"Lead Generated\",\"userId\":\"u3\",\"messageId\":\"h-3\"}]}");
    awaitEvent("h-2", "created");
    awaitEvent("h-3", "dead lettered");

    JsonNode health =
        Await.value(
            "no journal lag",
            Duration.ofSeconds(10),
            () -> {
              JsonNode h = JSON.readTree(get("/healthz").body());
              return h.path("journalLag").asLong() == 0 ? h : null;
            });
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("journalLast").asLong()).isEqualTo(3);
    assertThat(health.path("journalLag").asLong()).isZero();
    assertThat(health.path("deadLettersWaiting").asInt()).isEqualTo(1);

    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("events_received_total 3.0")
        .contains("events_journaled_total 3.0")
        .contains("events_delivered_total 1.0")
        .contains("events_no_action_total 1.0")
        .contains("events_dead_lettered_total 1.0")
        .contains("events_journal_lag 0.0")
        .contains("events_delivery_latency_seconds_count 3");
    assertThat(metrics).doesNotContain(KEY);
  }
}
