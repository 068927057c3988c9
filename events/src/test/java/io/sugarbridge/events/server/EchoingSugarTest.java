package io.sugarbridge.events.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.TestSandbox;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/**
 * Issue 9: a Sugar (or a proxy) that echoes the request into its error messages must not put the
 * admin password or the access token into the collector's log or its unauthenticated {@code
 * /healthz}.
 *
 * <p>Isolated: it turns the root logger to DEBUG and reads what every thread logged, so no other
 * test class may run beside it (see {@code junit-platform.properties}).
 */
@Isolated
class EchoingSugarTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "echo-test-key-1";
  private static final String PASSWORD = "Collector-Admin-Pw-2718";

  @TempDir Path dir;

  @Test
  void neitherLogNorHealthShowsWhatSugarEchoed() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    Level before = root.getLevel();
    root.setLevel(Level.DEBUG);
    HttpClient http = HttpClient.newHttpClient();
    try (TestSandbox sandbox = TestSandbox.configured(b -> b.adminPassword(PASSWORD)).start()) {
      sandbox.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
      Files.writeString(
          dir.resolve("events.yaml"),
          "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\n"
              + "write_keys: [{name: website, key: \"${K}\"}]\njournal: state\n");
      // Every login fails with a 500 whose message echoes the login request, password included.
      sandbox
          .faults()
          .set(
              FaultSettings.none()
                  .withEchoRequest(true)
                  .with500(1.0)
                  .withFaultPath("oauth2/token"));
      EventsConfig c = EventsConfigFile.load(dir.resolve("events.yaml"), Map.of("K", KEY)::get);
      // The client still retries the failing login as configured, without sleeping between the
      // attempts: what is checked is what the echo leaves in the log and health, not the back-off.
      EventsServer server =
          EventsServer.start(
              c, SugarClient.builder(c.sugar()).sleeper(d -> {}).build(), Clock.systemUTC());
      try {
        HttpResponse<String> accepted =
            http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/identify"))
                    .header("Content-Type", "application/json")
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8)))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"identify\",\"userId\":\"e1\",\"messageId\":\"echo-1\","
                                + "\"traits\":{\"last_name\":\"Echo\"}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);

        JsonNode health =
            Await.value(
                "/healthz to show the delivery problem",
                Duration.ofSeconds(30),
                () -> {
                  JsonNode h =
                      JSON.readTree(
                          http.send(
                                  HttpRequest.newBuilder(URI.create(server.url() + "/healthz"))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body());
                  return h.has("deliveryProblem") ? h : null;
                });
        // The echo reached the collector: its delivery problem quotes the failed login.
        assertThat(health.path("deliveryProblem").asText()).contains("[request: POST");
        assertThat(health.toString()).doesNotContain(PASSWORD);
      } finally {
        server.close();
      }
      String logged =
          logs.list.stream()
              .map(e -> e.getFormattedMessage() + " " + throwable(e))
              .collect(Collectors.joining("\n"));
      assertThat(logged).contains("[request: POST").doesNotContain(PASSWORD);
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
  }

  private static String throwable(ILoggingEvent e) {
    StringBuilder b = new StringBuilder();
    for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString();
  }
}
