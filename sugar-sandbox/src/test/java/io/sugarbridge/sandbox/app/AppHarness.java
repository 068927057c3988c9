package io.sugarbridge.sandbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
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
 * the application's routes (most specific wins, versions honoured) and calls the handler with an
 * {@link ApiRequest}. Time is a settable clock.
 */
final class AppHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final SandboxClock clock = new SandboxClock(Instant.parse("2024-06-15T12:00:00Z"));
  final SandboxDatabase db;
  final SugarApplication app;
  final Caller admin;

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
    Route best = null;
    for (Route r : app.routes()) {
      if (!r.method().equals(method)
          || ApiRequest.compareVersions(versionText, r.minVersion()) < 0
          || r.maxVersion() != null && ApiRequest.compareVersions(versionText, r.maxVersion()) > 0
          || r.pattern().size() != segments.size()) {
        continue;
      }
      boolean ok = true;
      for (int i = 0; i < segments.size() && ok; i++) {
        String p = r.pattern().get(i);
        ok =
            p.equals("?")
                || (p.equals("<module>") && app.isModule(segments.get(i)))
                || p.equals(segments.get(i));
      }
      if (ok && (best == null || moreSpecific(r, best))) {
        best = r;
      }
    }
    if (best == null) {
      throw SugarApiException.noMethod(path);
    }
    return best.handler()
        .handle(
            new ApiRequest(
                method,
                Double.parseDouble(versionText),
                segments,
                args,
                headers,
                caller,
                versionText));
  }

  JsonNode ok(Caller caller, String method, String path, String json) {
    ApiResponse r = call(caller, method, path, json);
    if (r.status() >= 300) {
      throw new AssertionError("status " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  private static int rank(String segment) {
    return segment.equals("?") ? 0 : segment.equals("<module>") ? 1 : 2;
  }

  private static boolean moreSpecific(Route a, Route b) {
    for (int i = 0; i < a.pattern().size(); i++) {
      int c = Integer.compare(rank(a.pattern().get(i)), rank(b.pattern().get(i)));
      if (c != 0) {
        return c > 0;
      }
    }
    return false;
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

  /** A clock tests move by hand. */
}
