package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.api.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny Sugar application for testing the HTTP layer on its own: two users, three modules and
 * routes that echo what the HTTP layer handed them.
 */
final class FakeApplication implements Backend {
  static final String ADMIN_PASSWORD = "admin-pw";
  static final String JIM_PASSWORD = "jim-pw";

  private record User(String id, String name, String password, boolean admin) {}

  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Set<String> inactive = ConcurrentHashMap.newKeySet();
  final AtomicInteger creates = new AtomicInteger();

  FakeApplication() {
    users.put("admin", new User("1", "admin", ADMIN_PASSWORD, true));
    users.put("jim", new User("seed_jim_id", "jim", JIM_PASSWORD, false));
  }

  void deactivate(String userName) {
    inactive.add(userName);
  }

  @Override
  public boolean isModule(String name) {
    return Set.of("Accounts", "Contacts", "Users").contains(name);
  }

  @Override
  public UserDirectory users() {
    return new UserDirectory() {
      @Override
      public Optional<Caller> authenticate(String userName, String password, String platform) {
        User u = users.get(userName);
        if (u == null || !u.password().equals(password) || inactive.contains(userName)) {
          return Optional.empty();
        }
        return Optional.of(new Caller(u.id(), u.name(), u.admin(), platform));
      }

      @Override
      public Optional<Caller> activeUser(String userId, String platform) {
        return users.values().stream()
            .filter(u -> u.id().equals(userId) && !inactive.contains(u.name()))
            .findFirst()
            .map(u -> new Caller(u.id(), u.name(), u.admin(), platform));
      }

      @Override
      public Optional<Caller> activeUserByName(String userName, String platform) {
        User u = users.get(userName);
        return u == null || inactive.contains(userName)
            ? Optional.empty()
            : Optional.of(new Caller(u.id(), u.name(), u.admin(), platform));
      }
    };
  }

  @Override
  public List<Route> routes() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<Route> routes = new ArrayList<>();
    routes.add(Route.of("GET", "ping", r -> ApiResponse.ok(f.textNode("pong"))));
    for (String m : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
      routes.add(Route.of(m, "echo", FakeApplication::echo));
      routes.add(Route.of(m, "echo/?", FakeApplication::echo));
    }
    routes.add(
        new Route("GET", List.of("public", "echo"), "10", null, false, FakeApplication::echo));
    routes.add(Route.of("GET", "<module>", FakeApplication::echo));
    routes.add(Route.of("GET", "<module>/?record", FakeApplication::echo));
    routes.add(
        Route.of(
            "GET", "Accounts/special", r -> ApiResponse.ok(f.objectNode().put("special", true))));
    routes.add(
        Route.of(
            "POST",
            "<module>",
            r -> {
              creates.incrementAndGet();
              ObjectNode rec = r.args().deepCopy();
              rec.put("_module", r.path().get(0));
              return ApiResponse.ok(rec);
            }));
    routes.add(
        new Route(
            "POST",
            List.of("Users"),
            "11.6",
            null,
            true,
            r -> ApiResponse.ok(f.objectNode().put("created_by", "createUser"))));
    routes.add(
        new Route(
            "GET",
            List.of("legacy"),
            "10",
            "11.1",
            true,
            r -> ApiResponse.ok(f.objectNode().put("legacy", true))));
    routes.add(
        Route.of(
            "GET",
            "text",
            r ->
                ApiResponse.ok(
                    f.objectNode()
                        .put("text", "it's \"<b>\" & a/b \u00e9 \ud83d\ude00 \t\n")
                        .put("n", 5))));
    routes.add(
        Route.of(
            "GET",
            "own-etag",
            r -> new ApiResponse(200, f.objectNode().put("x", 1), Map.of("ETag", "abc123"))));
    routes.add(
        Route.of(
            "GET",
            "boom",
            r -> {
              throw new IllegalStateException("kaboom");
            }));
    routes.add(
        Route.of(
            "GET",
            "missing",
            r -> {
              throw SugarApiException.notFound("Could not find record: x in module: Accounts");
            }));
    routes.add(
        Route.of(
            "PUT",
            "conflict",
            r -> {
              ObjectNode extra = f.objectNode();
              extra.putObject("record").put("id", "x");
              throw new SugarApiException(409, "edit_conflict", "Edit conflict", extra);
            }));
    routes.add(
        Route.of(
            "GET",
            "empty-message",
            r -> {
              throw new SugarApiException(400, "some_error", "");
            }));
    return routes;
  }

  private static ApiResponse echo(io.sugarbridge.sandbox.api.ApiRequest r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("method", r.method());
    o.put("version", r.version());
    o.put("versionText", r.versionText());
    o.put("atLeast11_6", r.atLeast("11.6"));
    o.set(
        "path",
        JsonNodeFactory.instance
            .arrayNode()
            .addAll(r.path().stream().map(JsonNodeFactory.instance::textNode).toList()));
    o.set("args", r.args());
    if (r.caller() != null) {
      o.put("user", r.caller().userName());
      o.put("platform", r.caller().platform());
    } else {
      o.putNull("user");
    }
    return ApiResponse.ok(o);
  }
}
