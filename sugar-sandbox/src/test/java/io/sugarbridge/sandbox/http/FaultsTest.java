package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults and the request log. */
class FaultsTest {
  private Harness h;
  private String token;

  @BeforeEach
  void start() {
    h = new Harness(b -> b.faultSeed(42L));
    token = h.adminToken();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Harness.Reply ping() {
    return h.get("/rest/v10/ping", "OAuth-Token", token);
  }

  @Test
  void too_many_requests_asJsonWithRetryAfter() {
    h.server.faults().set(FaultSettings.none().with429(1.0, 7));
    Harness.Reply r = ping();
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("7");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("error").asText()).isEqualTo("too_many_requests");
    h.server.faults().set(FaultSettings.none().with429(1.0, -1));
    assertThat(ping().header("Retry-After")).isNull();
  }

  @Test
  void too_many_requests_asEdgeHtml() {
    h.server.faults().set(FaultSettings.none().with429(1.0, 2).withHtmlErrors(true));
    Harness.Reply r = ping();
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.header("Retry-After")).isEqualTo("2");
    assertThat(r.body()).contains("<title>429 Too Many Requests</title>");
  }

  @Test
  void fatalError500AndServiceUnavailable503() {
    h.server.faults().set(FaultSettings.none().with500(1.0));
    Harness.Reply fatal = ping();
    assertThat(fatal.status()).isEqualTo(500);
    assertThat(fatal.json().get("error").asText()).isEqualTo("fatal_error");

    h.server.faults().set(FaultSettings.none().with503(1.0).withRetryAfterSeconds(3));
    Harness.Reply down = ping();
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().get("error").asText()).isEqualTo("service_unavailable");
    assertThat(down.header("Retry-After")).isEqualTo("3");

    h.server.faults().set(FaultSettings.none().with503(1.0).withHtmlErrors(true));
    Harness.Reply html = ping();
    assertThat(html.status()).isEqualTo(503);
    assertThat(html.header("Content-Type")).startsWith("text/html");
  }

  @Test
  void droppedConnectionIsAnIOExceptionForARealClient() {
    h.server.faults().set(FaultSettings.none().withDropped(1.0));
    assertThatThrownBy(() -> h.post("/rest/v10/echo", "{}", "OAuth-Token", token))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(IOException.class);
    h.server.faults().set(FaultSettings.none());
    assertThat(ping().status()).isEqualTo(200);
    RequestLogEntry dropped =
        h.server.requestLog().stream()
            .filter(e -> "dropped_connection".equals(e.fault()))
            .findFirst()
            .orElseThrow();
    assertThat(dropped.status()).isZero();
    assertThat(dropped.path()).isEqualTo("/rest/v10/echo");
  }

  @Test
  void sharesAreDrawnFromASeededRandom() {
    h.server.faults().set(FaultSettings.none().with500(0.5));
    List<Integer> first = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(ping().status());
    }
    assertThat(first).contains(200, 500);
    FaultInjector a =
        new FaultInjector(FaultSettings.none().with500(0.5), 7L, Clock.systemUTC(), () -> {});
    FaultInjector b =
        new FaultInjector(FaultSettings.none().with500(0.5), 7L, Clock.systemUTC(), () -> {});
    for (int i = 0; i < 50; i++) {
      assertThat(a.decide().kind()).isEqualTo(b.decide().kind());
    }
  }

  @Test
  void requestsPerSecondCapAnswers429LikeAnEdge() {
    h.server.faults().set(FaultSettings.none().withRequestsPerSecond(3));
    // The test clock stands still, so all requests fall into the same second.
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(ping().status());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    Harness.Reply limited = ping();
    assertThat(limited.header("Retry-After")).isEqualTo("1");
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(ping().status()).isEqualTo(200);
    assertThat(h.server.requestLog().stream().filter(e -> "rate_limited".equals(e.fault())).count())
        .isEqualTo(3);
  }

  @Test
  void expireAllTokensMakesTokensExpiredButRefreshStillWorks() {
    var login = h.login("jim", FakeApplication.JIM_PASSWORD, "sugarbridge");
    h.server.faults().expireAllTokens();
    Harness.Reply r = h.get("/rest/v10/ping", "OAuth-Token", login.get("access_token").asText());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error_message").asText())
        .isEqualTo("The access token provided has expired.");
    Harness.Reply refreshed =
        h.post(
            "/rest/v10/oauth2/token",
            "{\"grant_type\":\"refresh_token\",\"client_id\":\"sugar\",\"platform\":\"sugarbridge\","
                + "\"refresh_token\":\""
                + login.get("refresh_token").asText()
                + "\"}");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(
            h.get("/rest/v10/ping", "OAuth-Token", refreshed.json().get("access_token").asText())
                .status())
        .isEqualTo(200);
  }

  @Test
  void latencyIsAddedPerRequestAndRequestsWaitConcurrently() throws Exception {
    Duration latency = Duration.ofMillis(500);
    h.server.faults().set(FaultSettings.none().withLatency(latency));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long started = System.nanoTime();
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> ping().status());
      }
      for (Future<Integer> f : pool.invokeAll(calls)) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    List<RequestLogEntry> pings =
        h.server.requestLog().stream().filter(e -> e.path().endsWith("/ping")).toList();
    assertThat(pings).hasSize(8);
    assertThat(pings).allSatisfy(e -> assertThat(e.duration()).isGreaterThanOrEqualTo(latency));
    // Not a performance threshold: serialised sleeps would take 8 x latency at the very least.
    assertThat(elapsed).isLessThan(latency.multipliedBy(8));
  }

  @Test
  void requestLogRecordsMethodPathStatusAndIsBounded() {
    ping();
    h.get("/rest/v10/nowhere?oauth_token=secret", "OAuth-Token", token);
    List<RequestLogEntry> log = h.server.requestLog();
    RequestLogEntry last = log.get(log.size() - 1);
    assertThat(last.method()).isEqualTo("GET");
    assertThat(last.path()).isEqualTo("/rest/v10/nowhere");
    assertThat(last.status()).isEqualTo(404);
    assertThat(last.fault()).isNull();
    assertThat(last.at()).isEqualTo(h.clock.instant());

    RequestLog bounded = new RequestLog(3);
    for (int i = 0; i < 5; i++) {
      bounded.add(new RequestLogEntry(Instant.EPOCH, "GET", "/" + i, 200, Duration.ZERO, null));
    }
    assertThat(bounded.snapshot())
        .extracting(RequestLogEntry::path)
        .containsExactly("/2", "/3", "/4");
  }

  @Test
  void invalidSettingsNameEveryField() {
    assertThatThrownBy(() -> new FaultSettings(Duration.ofMillis(-1), 2, -5, false, 0, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency")
        .hasMessageContaining("share429")
        .hasMessageContaining("retryAfterSeconds")
        .hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> FaultSettings.none().with500(0.6).with503(0.6))
        .hasMessageContaining("must not exceed 1");
  }
}
