package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A sandbox HTTP layer over {@link FakeApplication} on a free port, with a real HTTP client and a
 * clock the test moves.
 */
final class Harness implements AutoCloseable {
  final SandboxClock clock = new SandboxClock(Instant.parse("2026-01-05T10:00:00Z"));
  final FakeApplication app = new FakeApplication();
  final SandboxDatabase db;
  final SandboxServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The reply as a client sees it. */
  record Reply(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    JsonNode json() {
      try {
        return PhpJson.decode(raw.body());
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + raw.body(), e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Harness() {
    this(b -> {});
  }

  Harness(Consumer<SandboxConfig.Builder> configure) {
    this(null, configure);
  }

  Harness(Path dataDir, Consumer<SandboxConfig.Builder> configure) {
    SandboxConfig.Builder b = SandboxConfig.builder().port(0).dataDir(dataDir);
    configure.accept(b);
    this.db = SandboxDatabase.open(dataDir);
    this.server = SandboxServer.start(b.build(), clock, db, app);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  Reply send(String method, String pathAndQuery, String body, String... headers) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      rb.header(headers[i], headers[i + 1]);
    }
    rb.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  Reply post(String path, String json, String... headers) {
    String[] h = new String[headers.length + 2];
    h[0] = "Content-Type";
    h[1] = "application/json";
    System.arraycopy(headers, 0, h, 2, headers.length);
    return send("POST", path, json, h);
  }

  /** A password grant; asserts success and returns the token response. */
  JsonNode login(String user, String password, String platform) {
    Reply r =
        post(
            "/rest/v11_24/oauth2/token",
            "{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"client_secret\":\"\","
                + "\"username\":\""
                + user
                + "\",\"password\":\""
                + password
                + "\",\"platform\":\""
                + platform
                + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  String adminToken() {
    return login("admin", FakeApplication.ADMIN_PASSWORD, "base").get("access_token").asText();
  }

  String jimToken() {
    return login("jim", FakeApplication.JIM_PASSWORD, "base").get("access_token").asText();
  }

  @Override
  public void close() {
    server.close();
    db.close();
  }
}
