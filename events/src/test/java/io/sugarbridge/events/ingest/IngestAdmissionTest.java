package io.sugarbridge.events.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalOptions;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.testsupport.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits across clients over real HTTP: the per-address rate limit before the write key's, the
 * client address a trusted proxy forwards, and the budget of bodies received at once.
 */
class IngestAdmissionTest {
  private static final String KEY = "wk-admission-0123";
  private static final String AUTH =
      "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(UTF_8));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT = "{\"userId\":\"u\",\"event\":\"E\"}";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<RejectedEvent> rejected = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private FileEventJournal journal;
  private Javalin app;
  private String base;

  private void start(IngestSettings settings, Clock clock, BodyAdmission admission) {
    journal = FileEventJournal.open(dir.resolve("journal"), JournalOptions.defaults());
    app = Javalin.create(c -> c.showJavalinBanner = false);
    IngestListener listener =
        new IngestListener() {
          @Override
          public void rejected(RejectedEvent r) {
            rejected.add(r);
          }
        };
    new IngestEndpoints(settings, journal, registry, clock, listener, admission).register(app);
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (app != null) {
      app.stop();
    }
    if (journal != null) {
      journal.close();
    }
  }

  private static IngestSettings settings() {
    return IngestSettings.of(Map.of("website", Secret.of(KEY)));
  }

  private static TrustedProxies loopbackProxy() {
    return TrustedProxies.of(List.of("127.0.0.1"));
  }

  private HttpResponse<String> track(String forwardedFor, boolean headerKey) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/v1/track"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    headerKey
                        ? EVENT
                        : "{\"writeKey\":\"" + KEY + "\",\"userId\":\"u\",\"event\":\"E\"}"));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    if (headerKey) {
      b.header("Authorization", AUTH);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private double rejectedCount(String reason) {
    var c = registry.find("events.rejected").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void anAddressOverItsLimitIsRefusedNamingTheLimitWhileOtherAddressesAreServed() throws Exception {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-23T10:00:00Z"));
    start(
        settings().withAddressRateLimit(2, 3).withTrustedProxies(loopbackProxy()),
        clock,
        BodyAdmission.forHeap());

    int ok = 0;
    HttpResponse<String> limited = null;
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = track("203.0.113.5", i % 2 == 0);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        limited = r;
      }
    }
    assertThat(ok).isEqualTo(3);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = JSON.readTree(limited.body());
    assertThat(body.path("reason").asText()).isEqualTo("address_rate_limited");
    assertThat(body.path("limit").asText()).isEqualTo("rate_limit_per_address_per_second");
    assertThat(body.path("error").asText())
        .contains("over the limit of 2 events per second from one client address (203.0.113.5;");
    // Writing another address to the left proves nothing: the proxy's entry is the client.
    assertThat(track("198.51.100.77, 203.0.113.5", true).statusCode()).isEqualTo(429);
    // Another client behind the same proxy is served.
    assertThat(track("203.0.113.6", true).statusCode()).isEqualTo(200);
    assertThat(rejectedCount("address_rate_limited")).isEqualTo(3);
    assertThat(rejected).extracting(RejectedEvent::reason).contains("address_rate_limited");
  }

  @Test
  void withoutTrustedProxiesForwardedHeadersAreIgnored() throws Exception {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-23T10:00:00Z"));
    start(settings().withAddressRateLimit(2, 3), clock, BodyAdmission.forHeap());
    for (int i = 0; i < 3; i++) {
      assertThat(track("203.0.113." + i, true).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> r = track("203.0.113.99", true);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.body()).contains("(127.0.0.1;");
  }

  @Test
  void theWriteKeysLimitIsTheCeilingOverAllAddressesAndNamesItsSetting() throws Exception {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-23T10:00:00Z"));
    start(
        settings()
            .withAddressRateLimit(3, 3)
            .withRateLimit(4, 4)
            .withTrustedProxies(loopbackProxy()),
        clock,
        BodyAdmission.forHeap());
    assertThat(track("203.0.113.1", true).statusCode()).isEqualTo(200);
    assertThat(track("203.0.113.1", false).statusCode()).isEqualTo(200);
    assertThat(track("203.0.113.2", true).statusCode()).isEqualTo(200);
    assertThat(track("203.0.113.3", false).statusCode()).isEqualTo(200);
    HttpResponse<String> r = track("203.0.113.4", false);
    assertThat(r.statusCode()).isEqualTo(429);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("reason").asText()).isEqualTo("rate_limited");
    assertThat(body.path("limit").asText()).isEqualTo("rate_limit_per_second");
    assertThat(body.path("error").asText())
        .contains("over the limit of 4 events per second for write key website");
    // The address's tokens were given back: the key's refusal did not cost 203.0.113.1 its own.
    clock.advance(java.time.Duration.ofMillis(500)); // two key tokens back
    assertThat(track("203.0.113.1", true).statusCode()).isEqualTo(200);
    assertThat(track("203.0.113.1", true).statusCode()).isEqualTo(200);
  }

  /** Sends a request's head and the first byte of its body, and leaves the rest unsent. */
  private Socket startSlowly(String forwardedFor, boolean headerKey) throws Exception {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
    s.setSoTimeout(5000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
                + forwardedFor
                + "\r\n"
                + (headerKey ? "Authorization: " + AUTH + "\r\n" : "")
                + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{")
            .getBytes(UTF_8));
    out.flush();
    return s;
  }

  private static void awaitTaken(BodyAdmission a, BodyAdmission.Pool pool, int bodies) {
    Await.until(
        bodies + " bodies being received",
        Duration.ofSeconds(10),
        () -> a.taken(pool)[0] >= bodies);
  }

  @Test
  void slowBodyKeySendersGet503WithoutTakingTheRoomOfHeaderKeySenders() throws Exception {
    BodyAdmission admission = new BodyAdmission(400L * 1024 * 1024, 4, 2);
    start(settings().withTrustedProxies(loopbackProxy()), Clock.systemUTC(), admission);
    startSlowly("198.51.100.1", false);
    startSlowly("198.51.100.2", false);
    awaitTaken(admission, BodyAdmission.Pool.BODY_KEY, 2);

    // The body-key pool is full: a third is refused after the short wait...
    HttpResponse<String> refused = track("198.51.100.3", false);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.path("reason").asText()).isEqualTo("overloaded");
    assertThat(body.path("error").asText())
        .contains("as many request bodies as it takes at once (2 requests with the write key only")
        .contains("send the write key as the HTTP Basic user name");
    // ...while a sender with its key in the header is served.
    assertThat(track("198.51.100.4", true).statusCode()).isEqualTo(200);
    assertThat(rejectedCount("overloaded")).isEqualTo(1);
    assertThat(rejected)
        .filteredOn(r -> r.reason().equals("overloaded"))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(503));
  }

  @Test
  void headerKeyBodiesHaveABoundTooAndOneAddressAQuarterOfIt() throws Exception {
    BodyAdmission admission = new BodyAdmission(400L * 1024 * 1024, 4, 2);
    start(settings().withTrustedProxies(loopbackProxy()), Clock.systemUTC(), admission);
    Socket first = startSlowly("198.51.100.1", true);
    awaitTaken(admission, BodyAdmission.Pool.HEADER_KEY, 1);
    // One address may hold a quarter of the four: a second from it is refused.
    HttpResponse<String> sameAddress = track("198.51.100.1", true);
    assertThat(sameAddress.statusCode()).isEqualTo(503);
    assertThat(sameAddress.body())
        .contains("client address 198.51.100.1 already has the most request bodies");
    for (int i = 2; i <= 4; i++) {
      startSlowly("198.51.100." + i, true);
    }
    awaitTaken(admission, BodyAdmission.Pool.HEADER_KEY, 4);
    HttpResponse<String> full = track("198.51.100.9", true);
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.body()).contains("(4 requests with the write key in the Authorization header)");
    // Once a body is in (here: its connection gives up), its room is free again.
    first.close();
    Await.until(
        "its room to be free again",
        Duration.ofSeconds(10),
        () -> admission.taken(BodyAdmission.Pool.HEADER_KEY)[0] <= 3);
    assertThat(track("198.51.100.9", true).statusCode()).isEqualTo(200);
    assertThat(admission.taken(BodyAdmission.Pool.HEADER_KEY)[0]).isEqualTo(3);
  }
}
