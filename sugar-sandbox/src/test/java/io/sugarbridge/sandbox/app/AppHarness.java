package io.sugarbridge.sandbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.ApiVersion;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.http.EndpointHandler;
import io.sugarbridge.sandbox.http.Router;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Drives {@link SugarApplication} the way the HTTP layer does: matches a method and path against
 * the application's routes with the HTTP layer's {@link Router} and calls the handler with an
 * {@link ApiRequest}. Time is a settable clock.
 */
final class AppHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final SandboxClock clock = new SandboxClock(Instant.parse("2024-06-15T12:00:00Z"));
  final SandboxDatabase db;
  final SugarApplication app;
  final Caller admin;
  private final Router router;

  AppHarness() {
    this(null, b -> {});
  }

  AppHarness(Path dataDir, Consumer<SandboxConfig.Builder> tweak) {
    SandboxConfig.Builder b = SandboxConfig.builder().dataDir(dataDir);
    tweak.accept(b);
    db = SandboxDatabase.open(dataDir);
    app = new SugarApplication(db, b.build(), clock);
    app.ensureAdmin("admin-pw");
    admin = app.users().activeUserByName("admin", "base").orElseThrow();
    router = new Router(app.routes().stream().map(Router.Endpoint::of).toList(), app::isModule);
  }

  Caller login(String user, String password) {
    return app.users().authenticate(user, password, "base").orElseThrow();
  }

  ApiResponse call(Caller caller, String method, String path, String json) {
    return call(caller, method, path, json, "11.24", Map.of());
  }

  ApiResponse call(
      Caller caller,
      String method,
      String path,
      String json,
      String versionText,
      Map<String, String> headers) {
    ObjectNode args;
    try {
      args = json == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    List<String> segments = path.isEmpty() ? List.of() : Arrays.asList(path.split("/"));
    Router.Match match =
        router
            .match(method, ApiVersion.fromConfig(versionText), segments)
            .orElseThrow(() -> SugarApiException.noMethod(path));
    return match
        .endpoint()
        .handler()
        .handle(
            new ApiRequest(
                method,
                Double.parseDouble(versionText),
                segments,
                args,
                headers,
                caller,
                versionText),
            new EndpointHandler.CallContext(null));
  }

  JsonNode ok(Caller caller, String method, String path, String json) {
    ApiResponse r = call(caller, method, path, json);
    if (r.status() >= 300) {
      throw new AssertionError("status " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("records").forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  @Override
  public void close() {
    db.close();
  }
}
