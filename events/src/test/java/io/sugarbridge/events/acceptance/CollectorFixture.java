package io.sugarbridge.events.acceptance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.events.server.EventsServer;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox, an events file pointing at it, the collector running in-process, and Segment's own
 * Java library pointed at the collector; plus a helper to read the Leads that appear.
 */
final class CollectorFixture implements AutoCloseable {
  static final String PASSWORD = "events-test-pw-1";
  static final String WRITE_KEY = "test-write-key-1";

  final Path dir;
  final TestSandbox sandbox;
  final Path eventsFile;
  EventsServer server;
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  private Analytics analytics;

  CollectorFixture(Path dir, String extraYaml) {
    this(
        dir,
        extraYaml,
        TestSandbox.configured(
                b -> b.adminPassword(PASSWORD).faultSeed(11L).platform("events-test-reader"))
            .start());
  }

  CollectorFixture(Path dir, String extraYaml, TestSandbox sandbox) {
    this.dir = dir;
    this.sandbox = sandbox;
    useLogin("admin", PASSWORD);
    try {
      eventsFile = dir.resolve("events.yaml");
      Files.writeString(
          eventsFile,
          "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [\"${TEST_WRITE_KEY}\"]\n"
              + "journal: state\n"
              + extraYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the connection file for this user of the sandbox. */
  void useLogin(String user, String password) {
    TestSandbox.writeConnectionFile(
        dir.resolve("sugarbridge.yaml"), sandbox.connection(user, password).build());
  }

  EventsConfig config() {
    return EventsConfigFile.load(eventsFile, Map.of("TEST_WRITE_KEY", WRITE_KEY)::get);
  }

  /** A client with quick retries, as tests need; production uses the defaults. */
  static SugarClient client(EventsConfig c) {
    return SugarClient.builder(c.sugar())
        .maxRequestsPerSecond(0)
        .retryPolicy(
            RetryPolicy.defaults()
                .withMaxAttempts(4)
                .withDelays(Duration.ofMillis(5), Duration.ofMillis(50)))
        .build();
  }

  CollectorFixture start() {
    return start(
        new EventsServer.Options().retryPauses(Duration.ofMillis(50), Duration.ofMillis(500)));
  }

  CollectorFixture start(EventsServer.Options options) {
    EventsConfig c = config();
    server = EventsServer.start(c, client(c), options, Clock.systemUTC());
    return this;
  }

  /** {@code GET /healthz} as JSON, with its status code as {@code httpStatus}. */
  com.fasterxml.jackson.databind.JsonNode health() {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + "/healthz"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      ObjectNode n =
          (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      n.put("httpStatus", r.statusCode());
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted reading /healthz", e);
    }
  }

  String url() {
    return server.url();
  }

  /** Segment's library, pointed at the collector, flushing every message at once. */
  Analytics analytics() {
    if (analytics == null) {
      analytics = segment(url(), acknowledged, refused);
    }
    return analytics;
  }

  static Analytics segment(String url, Set<String> acknowledged, Set<String> refused) {
    return Analytics.builder(WRITE_KEY)
        .endpoint(url)
        .flushQueueSize(1)
        .flushInterval(1, TimeUnit.SECONDS)
        .retries(3)
        .callback(
            new Callback() {
              @Override
              public void success(Message message) {
                acknowledged.add(message.messageId());
              }

              @Override
              public void failure(Message message, Throwable throwable) {
                refused.add(message.messageId());
              }
            })
        .build();
  }

  /** Enqueues and waits until the collector acknowledged (or refused) every message given. */
  void send(MessageBuilder<?, ?>... messages) {
    for (MessageBuilder<?, ?> m : messages) {
      analytics().enqueue(m);
    }
    analytics().flush();
  }

  /** The sandbox's own client, for checking what arrived. */
  SugarClient sugar() {
    return sugar(sandbox);
  }

  /** A client of another sandbox (e.g. one restarted on the same port), as admin. */
  static SugarClient sugar(TestSandbox sandbox) {
    return SugarClient.builder(
            sandbox.connection("admin", PASSWORD).platform("events-test-reader").build())
        .build();
  }

  List<ObjectNode> leadsWithEmail(SugarClient sugar, String email) {
    return sugar
        .records()
        .list("Leads", RecordQuery.where(Filter.field("email").equalTo(email)).withPageSize(50))
        .records();
  }

  @Override
  public void close() {
    if (analytics != null) {
      analytics.shutdown();
    }
    if (server != null) {
      server.close();
    }
    sandbox.close();
  }
}
