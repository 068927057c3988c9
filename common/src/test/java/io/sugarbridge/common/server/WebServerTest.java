package io.sugarbridge.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WebServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> post(WebServer s, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBusyPortIsAConfigurationProblemInOneLineNamingTheFix() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      WebServer s =
          WebServer.on("127.0.0.1", port)
              .bindFixes("listen", "pass --port N (or change listen:)", "change listen:")
              .build();

      assertThatThrownBy(s::start)
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> {
                assertThat(e.category()).isEqualTo(SugarbridgeException.Category.CONFIGURATION);
                assertThat(e.problems()).hasSize(1);
                assertThat(e.problems().get(0).setting()).isEqualTo("listen");
                assertThat(e.problems().get(0).message())
                    .isEqualTo(
                        "Port "
                            + port
                            + " on 127.0.0.1 is in use; stop the other process or pass --port N"
                            + " (or change listen:)");
              })
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void anAddressOfAnotherMachineIsAConfigurationProblemNotCalledABusyPort() {
    // TEST-NET-1 (RFC 5737): never an address of this machine.
    WebServer s = WebServer.on("192.0.2.1", 0).build();

    assertThatThrownBy(s::start)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems().get(0).message())
                    .startsWith("Cannot listen on 192.0.2.1:0 (")
                    .endsWith("); pass --host with an address of this machine, or another --port N")
                    .doesNotContain("in use"));
  }

  @Test
  void javalinsBannerIsNotShownAndTheAccessLogHasOneLinePerRequest() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try (WebServer s =
        WebServer.on("127.0.0.1", 0).accessLog(LoggerFactory.getLogger("test.access")).build()) {
      s.app().post("/echo", ctx -> ctx.result(ctx.body()));
      s.start();

      assertThat(post(s, "/echo", "hello").body()).isEqualTo("hello");
    } finally {
      root.detachAppender(logged);
    }
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("javalin.io/documentation"))
        .anyMatch(m -> m.matches("POST /echo -> 200 \\(\\d+ ms\\)"));
  }

  @Test
  void aBodyOverTheLimitIsAnswered413() throws Exception {
    try (WebServer s = WebServer.on("127.0.0.1", 0).maxRequestBytes(100).build()) {
      s.app().post("/echo", ctx -> ctx.result(ctx.body()));
      s.start();

      assertThat(post(s, "/echo", "x".repeat(100)).statusCode()).isEqualTo(200);
      assertThat(post(s, "/echo", "x".repeat(101)).statusCode()).isEqualTo(413);
    }
  }

  @Test
  void closeStopsAcceptingAndASecondCloseDoesNothing() throws Exception {
    WebServer s = WebServer.on("127.0.0.1", 0).build();
    s.app().get("/", ctx -> ctx.result("up"));
    s.start();
    int port = s.port();
    try (Socket accepted = new Socket("127.0.0.1", port)) {
      assertThat(accepted.isConnected()).isTrue();
    }

    s.close();
    s.close();

    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }
}
