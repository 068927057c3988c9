package io.sugarbridge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.InstanceUnreachableException;
import io.sugarbridge.client.error.InvalidCredentialsException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.RateLimitedException;
import io.sugarbridge.client.error.ServerUnavailableException;
import io.sugarbridge.client.error.SessionExpiredException;
import io.sugarbridge.client.error.UnsupportedApiVersionException;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.client.stub.StubSugar;
import io.sugarbridge.client.stub.StubSugar.Answer;
import io.sugarbridge.client.stub.StubSugar.Recorded;
import io.sugarbridge.sandbox.SandboxClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Exact request checks against a scripted server, with no real waiting between retries. */
class ClientOverStubTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "Pw-never-logged-77";

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final AtomicInteger grants = new AtomicInteger();

  /** When set and answering non-null, overrides the token endpoint's answer. */
  private volatile Function<Recorded, Answer> tokenOverride;

  private StubSugar stub;

  @AfterEach
  void stop() {
    if (stub != null) {
      stub.close();
    }
  }

  /** Answers the version probe and the token endpoint; everything else goes to {@code rest}. */
  private StubSugar start(Function<Recorded, Answer> rest) throws Exception {
    stub =
        new StubSugar(
            r -> {
              if (r.path().equals("/rest/v99/ping")) {
                return Answer.json(
                    301,
                    "{\"error\":\"incorrect_version\",\"error_message\":\"Please change your"
                        + " requested API version to value between 10 and 11.23.\"}");
              }
              Function<Recorded, Answer> override = tokenOverride;
              Answer overridden =
                  override != null && r.path().endsWith("/oauth2/token") ? override.apply(r) : null;
              if (overridden != null) {
                return overridden;
              }
              if (r.path().endsWith("/oauth2/token")) {
                int n = grants.incrementAndGet();
                return Answer.json(
                    200,
                    "{\"access_token\":\"tok-"
                        + n
                        + "\",\"expires_in\":3600,\"token_type\":\"bearer\",\"scope\":null,"
                        + "\"refresh_token\":\"ref-"
                        + n
                        + "\",\"refresh_expires_in\":1209600}");
              }
              return rest.apply(r);
            });
    return stub;
  }

  private SugarClient.Builder client(String apiVersion) {
    SugarClientConfig config =
        SugarClientConfig.builder()
            .instanceUrl(stub.url())
            .username("sync")
            .password(PASSWORD)
            .apiVersion(apiVersion)
            .build();
    return SugarClient.builder(config)
        // Pacing has its own test; here recorded sleeps must be retry waits only.
        .maxRequestsPerSecond(0)
        .sleeper(sleeps::add)
        .retryPolicy(
            RetryPolicy.defaults()
                .withMaxAttempts(4)
                .withMaxElapsed(Duration.ofMinutes(5))
                .withDelays(Duration.ofMillis(100), Duration.ofSeconds(2)));
  }

  private static Answer pong() {
    return Answer.json(200, "\"pong\"");
  }

  @Test
  void discoversTheVersionLogsInOnceAndSendsTheTokenHeader() throws Exception {
    start(r -> pong());
    SugarClient c = client(null).build();
    assertThat(c.ping()).isEqualTo("pong");
    assertThat(c.ping()).isEqualTo("pong");
    assertThat(c.apiVersion().pathSegment()).isEqualTo("v11_23");

    List<Recorded> rs = stub.requests();
    assertThat(rs)
        .extracting(Recorded::path)
        .containsExactly(
            "/rest/v99/ping",
            "/rest/v11_23/oauth2/token",
            "/rest/v11_23/ping",
            "/rest/v11_23/ping");
    JsonNode grant = JSON.readTree(rs.get(1).body());
    assertThat(grant.path("grant_type").asText()).isEqualTo("password");
    assertThat(grant.path("client_id").asText()).isEqualTo("sugar");
    assertThat(grant.path("client_secret").asText()).isEmpty();
    assertThat(grant.path("username").asText()).isEqualTo("sync");
    assertThat(grant.path("password").asText()).isEqualTo(PASSWORD);
    assertThat(grant.path("platform").asText()).isEqualTo("sugarbridge");
    assertThat(rs.get(2).header("OAuth-Token")).isEqualTo("tok-1");
    assertThat(rs.get(3).header("OAuth-Token")).isEqualTo("tok-1");
  }

  @Test
  void discoveredVersionIsCappedAtWhatTheClientKnows() throws Exception {
    stub =
        new StubSugar(
            r ->
                Answer.json(
                    301,
                    "{\"error\":\"incorrect_version\",\"error_message\":\"Please change your"
                        + " requested API version to value between 10 and 11.40.\"}"));
    SugarClient c = client(null).build();
    assertThat(c.apiVersion().toString()).isEqualTo("11.24");
    assertThat(c.serverMaxApiVersion().toString()).isEqualTo("11.40");
  }

  @Test
  void retries429HonouringRetryAfterWithoutRealSleeping() throws Exception {
    AtomicInteger pings = new AtomicInteger();
    start(
        r ->
            pings.incrementAndGet() <= 2
                ? new Answer(
                    429,
                    "<html><body>Slow down</body></html>",
                    Map.of("Retry-After", "7", "Content-Type", "text/html"))
                : pong());
    assertThat(client("11.23").build().ping()).isEqualTo("pong");
    assertThat(pings.get()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
  }

  @Test
  void persistent429BecomesRateLimitedAfterTheAttemptBound() throws Exception {
    start(r -> new Answer(429, "<html><h1>Too Many Requests</h1></html>", Map.of()));
    Throwable t = catchThrowable(() -> client("11.23").build().ping());
    assertThat(t)
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("Too Many Requests")
        .hasMessageContaining("4 attempt(s)");
    assertThat(stub.count("GET", "/ping")).isEqualTo(4);
    assertThat(sleeps)
        .hasSize(3)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void retryAfterBeyondTheTimeBudgetGivesUpAtOnce() throws Exception {
    start(r -> new Answer(503, "", Map.of("Retry-After", "3600")));
    Throwable t = catchThrowable(() -> client("11.23").build().ping());
    assertThat(t).isInstanceOf(ServerUnavailableException.class).hasMessageContaining("HTTP 503");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void htmlErrorBodyBecomesAClearException() throws Exception {
    start(
        r ->
            new Answer(
                502,
                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
                    + "<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"
                    + "</body></html>",
                Map.of("Content-Type", "text/html")));
    assertThatThrownBy(() -> client("11.23").build().ping())
        .isInstanceOf(ServerUnavailableException.class)
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("502 Bad Gateway")
        .hasMessageNotContaining("<center>");
  }

  @Test
  void otherClientErrorsAreNotRetried() throws Exception {
    start(
        r ->
            Answer.json(
                404,
                "{\"error\":\"not_found\",\"error_message\":\"Could not find record: 9 in module:"
                    + " Accounts\"}"));
    assertThatThrownBy(() -> client("11.23").build().records().get("Accounts", "9"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Could not find record: 9");
    assertThat(stub.count("GET", "/Accounts/9")).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aDroppedConnectionIsNeverResentForACreate() throws Exception {
    // The stub answered nothing, but Sugar may have created the record before the connection
    // dropped: a second POST could create it twice.
    AtomicInteger posts = new AtomicInteger();
    start(
        r ->
            posts.incrementAndGet() == 1
                ? Answer.drop()
                : Answer.json(200, "{\"id\":\"a1\",\"name\":\"Acme\"}"));
    assertThatThrownBy(
            () -> client("11.23").build().records().create("Accounts", Map.of("name", "Acme")))
        .isInstanceOf(InstanceUnreachableException.class);
    assertThat(stub.count("POST", "/Accounts")).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void a401RenewsOnceAndRetriesOnceThenGivesUp() throws Exception {
    start(
        r ->
            Answer.json(
                401,
                "{\"error\":\"invalid_grant\",\"error_message\":\"The access token provided is"
                    + " invalid.\"}"));
    Throwable t = catchThrowable(() -> client("11.23").build().ping());
    assertThat(t).isInstanceOf(SessionExpiredException.class);
    assertThat(stub.count("GET", "/ping")).isEqualTo(2);
    List<String> grantTypes =
        stub.requests().stream()
            .filter(r -> r.path().endsWith("/oauth2/token"))
            .map(r -> readField(r.body(), "grant_type"))
            .collect(Collectors.toList());
    assertThat(grantTypes).containsExactly("password", "refresh_token");
    assertThat(
            stub.requests().stream()
                .filter(r -> r.path().endsWith("/ping"))
                .map(r -> r.header("OAuth-Token")))
        .containsExactly("tok-1", "tok-2");
  }

  @Test
  void concurrentThreadsShareOneProactiveRefresh() throws Exception {
    start(r -> pong());
    SandboxClock clock = new SandboxClock(Instant.parse("2025-01-01T00:00:00Z"));
    SugarClient c = client("11.23").clock(clock).maxInFlight(8).build();
    assertThat(c.ping()).isEqualTo("pong");
    clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // inside the refresh margin
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        fs.add(pool.submit(c::ping));
      }
      for (Future<String> f : fs) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("pong");
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> grantTypes =
        stub.requests().stream()
            .filter(r -> r.path().endsWith("/oauth2/token"))
            .map(r -> readField(r.body(), "grant_type"))
            .collect(Collectors.toList());
    assertThat(grantTypes).containsExactly("password", "refresh_token");
    assertThat(
            readField(
                stub.requests().stream()
                    .filter(r -> r.body().contains("refresh_token\""))
                    .findFirst()
                    .orElseThrow()
                    .body(),
                "refresh_token"))
        .isEqualTo("ref-1");
  }

  @Test
  void aRefreshTokenIsSentOnceEvenWhenItsAnswerIsLost() throws Exception {
    start(r -> pong());
    SandboxClock clock = new SandboxClock(Instant.parse("2025-01-01T00:00:00Z"));
    SugarClient c = client("11.23").clock(clock).build();
    c.ping();
    AtomicInteger refreshes = new AtomicInteger();
    // The server may have spent the token before the connection dropped: resending it would be a
    // second use of a single-use token.
    tokenOverride =
        r ->
            r.body().contains("\"refresh_token\"") && refreshes.incrementAndGet() == 1
                ? Answer.drop()
                : null;
    clock.advance(Duration.ofMinutes(61)); // expired: a renewal is needed now
    assertThat(c.ping()).isEqualTo("pong");
    List<String> sent =
        stub.requests().stream()
            .filter(r -> r.path().endsWith("/oauth2/token"))
            .map(
                r -> readField(r.body(), "grant_type") + ":" + readField(r.body(), "refresh_token"))
            .collect(Collectors.toList());
    assertThat(sent).containsExactly("password:", "refresh_token:ref-1", "password:");
    assertThat(c.auth().session().accessToken().reveal()).isEqualTo("tok-2");
  }

  @Test
  void callersKeepUsingTheValidTokenWhileAProactiveRefreshIsOnTheWire() throws Exception {
    start(r -> pong());
    SandboxClock clock = new SandboxClock(Instant.parse("2025-01-01T00:00:00Z"));
    SugarClient c = client("11.23").clock(clock).maxInFlight(4).build();
    c.ping();
    CountDownLatch refreshArrived = new CountDownLatch(1);
    CountDownLatch releaseRefresh = new CountDownLatch(1);
    tokenOverride =
        r -> {
          refreshArrived.countDown();
          try {
            releaseRefresh.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        };
    clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // inside the margin, not expired
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> refresher = pool.submit(c::ping);
      assertThat(refreshArrived.await(30, TimeUnit.SECONDS)).isTrue();
      Future<String> other = pool.submit(c::ping);
      // Fails (times out) if the second caller waits for the refresh it does not need.
      assertThat(other.get(20, TimeUnit.SECONDS)).isEqualTo("pong");
      releaseRefresh.countDown();
      assertThat(refresher.get(30, TimeUnit.SECONDS)).isEqualTo("pong");
    } finally {
      releaseRefresh.countDown();
      pool.shutdownNow();
    }
    assertThat(
            stub.requests().stream()
                .filter(r -> r.path().endsWith("/ping"))
                .map(r -> r.header("OAuth-Token")))
        .containsExactly("tok-1", "tok-1", "tok-2");
  }

  @Test
  void aFailedProactiveRefreshKeepsTheStillValidToken() throws Exception {
    start(r -> pong());
    SandboxClock clock = new SandboxClock(Instant.parse("2025-01-01T00:00:00Z"));
    SugarClient c = client("11.23").clock(clock).build();
    c.ping();
    tokenOverride = r -> Answer.json(503, "{\"error\":\"service_unavailable\"}");
    clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // inside the margin, not expired
    assertThat(c.ping()).isEqualTo("pong");
    assertThat(stub.requests().get(stub.requests().size() - 1).header("OAuth-Token"))
        .isEqualTo("tok-1");

    clock.advance(Duration.ofMinutes(1)); // now expired: the failure must surface
    assertThatThrownBy(c::ping).isInstanceOf(ServerUnavailableException.class);
  }

  @Test
  void bulkAnswerKeyedByIndexIsReturnedInRequestOrderWithItemErrorsMapped() throws Exception {
    // Sugar answers in the shape of the request's keys; an object answer need not list its
    // members in index order.
    start(
        r ->
            r.path().endsWith("/bulk")
                ? Answer.json(
                    200,
                    "{\"1\":{\"contents\":{\"error\":\"not_found\",\"error_message\":"
                        + "\"Could not find record: x in module: Accounts\"},\"status\":404},"
                        + "\"0\":{\"contents\":{\"id\":\"a1\"},\"status\":200}}")
                : pong());
    List<BulkResult> results =
        client("11.23")
            .build()
            .bulk()
            .execute(
                List.of(
                    BulkRequest.post("/Accounts", JSON.createObjectNode().put("name", "A")),
                    BulkRequest.get("/Accounts/x")));
    assertThat(results).extracting(BulkResult::status).containsExactly(200, 404);
    assertThat(results.get(0).contents().path("id").asText()).isEqualTo("a1");
    assertThat(results.get(0).toException()).isNull();
    assertThat(results.get(1).toException())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("GET /Accounts/x")
        .hasMessageContaining("Could not find record: x");
  }

  @Test
  void inFlightLimitIsSharedByAllThreads() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    start(
        r -> {
          int n = now.incrementAndGet();
          max.accumulateAndGet(n, Math::max);
          try {
            Thread.sleep(30); // widens the overlap window; nothing is asserted on time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          now.decrementAndGet();
          return pong();
        });
    SugarClient c = client("11.23").maxInFlight(2).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(pool.submit(c::ping));
      }
      for (Future<String> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(max.get()).isEqualTo(2);
  }

  @Test
  void operationNeedingANewerVersionFailsBeforeSending() throws Exception {
    start(r -> pong());
    SugarClient c = client("11.5").build();
    assertThatThrownBy(
            () ->
                c.users().create(JSON.createObjectNode().put("user_name", "x"), List.of("CURRENT")))
        .isInstanceOf(UnsupportedApiVersionException.class)
        .hasMessageContaining("needs Sugar REST API 11.6")
        .hasMessageContaining("uses 11.5");
    assertThatThrownBy(
            () -> c.records().upsert("Accounts", "sync_key", "k1", JSON.createObjectNode()))
        .isInstanceOf(UnsupportedApiVersionException.class)
        .hasMessageContaining("11.10");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void wrongPasswordSaysWhatToCheckAndNothingSecretIsLogged() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger("io.sugarbridge");
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.TRACE);
    try {
      AtomicReference<Boolean> refuse = new AtomicReference<>(false);
      stub =
          new StubSugar(
              r -> {
                if (r.path().endsWith("/oauth2/token") && refuse.get()) {
                  return Answer.json(
                      401,
                      "{\"error\":\"need_login\",\"error_message\":\"You must specify a valid"
                          + " username and password.\"}");
                }
                if (r.path().endsWith("/oauth2/token")) {
                  return Answer.json(
                      200,
                      "{\"access_token\":\"tok-secret-1\",\"expires_in\":3600,\"refresh_token\":\"ref-secret-1\"}");
                }
                return pong();
              });
      client("11.23").build().ping();
      refuse.set(true);
      Throwable t = catchThrowable(() -> client("11.23").build().ping());
      assertThat(t)
          .isInstanceOf(InvalidCredentialsException.class)
          .hasMessageContaining("check username and password")
          .hasMessageContaining("Active");
      String all =
          logs.list.stream()
                  .map(ILoggingEvent::getFormattedMessage)
                  .collect(Collectors.joining("\n"))
              + t.getMessage();
      assertThat(logs.list).isNotEmpty();
      assertThat(all)
          .contains("/rest/v11_23/ping")
          .doesNotContain(PASSWORD)
          .doesNotContain("tok-secret-1")
          .doesNotContain("ref-secret-1");
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
  }

  @Test
  void unreachableInstanceSaysToCheckTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SugarClientConfig config =
        SugarClientConfig.builder()
            .instanceUrl("http://127.0.0.1:" + port)
            .username("u")
            .password("p")
            .build();
    assertThatThrownBy(
            () -> SugarClient.builder(config).retryPolicy(RetryPolicy.none()).build().ping())
        .isInstanceOf(InstanceUnreachableException.class)
        .hasMessageContaining("check instance_url");
  }

  private static String readField(String json, String field) {
    try {
      return JSON.readTree(json).path(field).asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
