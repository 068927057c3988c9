package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.ConfigurationException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.error.SugarbridgeException;
import io.sugarbridge.client.error.ValidationException;
import io.sugarbridge.identity.directory.AdminCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCIM 2.0 HTTP server of {@code sugarbridge scim serve}: the RFC 7644 endpoints under {@code
 * /scim/v2} (Users, Groups, ServiceProviderConfig, Schemas, ResourceTypes), bearer-token checks on
 * every request, and every failure answered as a SCIM error with {@code application/scim+json;
 * charset=utf-8}. The work itself is {@link ScimUsers}' and {@link ScimGroups}'; this class only
 * speaks HTTP.
 */
public final class ScimServer implements AutoCloseable {
  /** The path every endpoint lives under. */
  public static final String ROOT = "/scim/v2";

  /** The most resources one list answer holds, whatever {@code count} asks. */
  public static final int MAX_RESULTS = 1000;

  /** The largest request body the bridge reads; one SCIM resource is a few kilobytes. */
  static final int MAX_BODY_BYTES = 1_000_000;

  private static final int DEFAULT_COUNT = 100;
  private static final Logger LOG = LoggerFactory.getLogger(ScimServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANSWERED = "scim.answered";

  private final Javalin app;
  private final BearerTokens tokens;
  private final ScimUsers users;
  private final ScimGroups groups;
  private final String publicUrl;
  private final boolean patchReturnsResource;

  private ScimServer(ScimServerSettings settings) {
    this.tokens = settings.tokens();
    this.users = new ScimUsers(settings.sugar(), settings.externalIds(), settings.licenseTypes());
    this.groups = new ScimGroups(settings.sugar(), settings.externalIds());
    this.publicUrl = settings.publicUrl();
    this.patchReturnsResource = settings.patchReturnsResource();
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.router.ignoreTrailingSlashes = true;
            });
    routes();
  }

  /**
   * Checks that the connection file's user is a Sugar administrator (the bridge creates and changes
   * users, which only administrators may), then starts serving.
   *
   * @throws io.sugarbridge.identity.directory.NotAnAdministratorException when it is not
   */
  public static ScimServer start(ScimServerSettings settings) {
    AdminCheck.requireAdmin(settings.sugar(), "the SCIM bridge (it creates and changes users)");
    ScimServer server = new ScimServer(settings);
    try {
      server.app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      server.app.stop();
      throw listenFailure(e, settings.host(), settings.port());
    }
    return server;
  }

  /**
   * A bind failure as one line the person starting the bridge can act on (a busy port is a setting
   * to change, exit 2), not a stack trace; anything else as it came.
   */
  private static RuntimeException listenFailure(RuntimeException e, String host, int port) {
    String reason = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || t instanceof JavalinBindException) {
        reason = (reason == null ? "" : reason + " ") + t.getMessage();
      }
    }
    if (reason == null) {
      return e;
    }
    String where = "Port " + port + " on " + host;
    String message =
        reason.toLowerCase(Locale.ROOT).contains("in use")
            ? where + " is in use; stop the other process or pass --port N"
            : "Cannot listen on "
                + host
                + ":"
                + port
                + " ("
                + e.getMessage()
                + "); pass --host with an address of this machine, or another --port N";
    return new ConfigurationException(
        List.of(new io.sugarbridge.client.error.ConfigProblem("--port", message, null)));
  }

  /** The port the server listens on (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private void routes() {
    app.before(
        ctx -> {
          ctx.attribute("scim.started", System.nanoTime());
          if (!ctx.path().startsWith(ROOT)) {
            return;
          }
          String header = ctx.header("Authorization");
          String token = presentedToken(header);
          if (!tokens.accepts(token)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sugarbridge-scim\"");
            throw new ScimException(
                401,
                null,
                tokens.problem() != null
                    ? "The bridge accepts no token until its token file is fixed; its log says"
                        + " why."
                    : header == null
                        ? "Send Authorization: Bearer <token>; mint a token with `sugarbridge"
                            + " scim token`."
                        : "The bearer token is not accepted by this bridge.");
          }
        });
    app.after(
        ctx -> {
          Long started = ctx.attribute("scim.started");
          long ms = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
          LOG.info("{} {} -> {} ({} ms)", ctx.method(), ctx.path(), ctx.statusCode(), ms);
        });

    app.get(
        ROOT + "/ServiceProviderConfig",
        ctx -> send(ctx, 200, ScimDiscovery.serviceProviderConfig(base(ctx), MAX_RESULTS)));
    app.get(ROOT + "/ResourceTypes", ctx -> sendList(ctx, ScimDiscovery.resourceTypes(base(ctx))));
    app.get(
        ROOT + "/ResourceTypes/{id}",
        ctx ->
            send(
                ctx,
                200,
                byId(ScimDiscovery.resourceTypes(base(ctx)), ctx.pathParam("id"), "ResourceType")));
    app.get(ROOT + "/Schemas", ctx -> sendList(ctx, ScimDiscovery.schemas(base(ctx))));
    app.get(
        ROOT + "/Schemas/{id}",
        ctx ->
            send(ctx, 200, byId(ScimDiscovery.schemas(base(ctx)), ctx.pathParam("id"), "Schema")));

    app.get(
        ROOT + "/Users",
        ctx -> {
          ScimFilter filter = ScimFilter.parse(ctx.queryParam("filter"), ScimAttributes.USER);
          sendPage(ctx, users.list(filter, startIndex(ctx), count(ctx), base(ctx)));
        });
    app.post(
        ROOT + "/Users/.search",
        ctx -> {
          JsonNode body = body(ctx);
          ScimFilter filter = ScimFilter.parse(ScimJson.text(body, "filter"), ScimAttributes.USER);
          sendPage(
              ctx,
              users.list(
                  filter,
                  intOf(body, "startIndex", 1),
                  intOf(body, "count", DEFAULT_COUNT),
                  base(ctx)),
              // RFC 7644 3.4.3: a search names its attributes in the body, not the query.
              new Projection(
                  attributeList(body, "attributes"), attributeList(body, "excludedAttributes")));
        });
    app.post(ROOT + "/Users", ctx -> created(ctx, users.create(body(ctx), base(ctx))));
    app.get(ROOT + "/Users/{id}", ctx -> send(ctx, 200, users.get(id(ctx), base(ctx))));
    app.put(
        ROOT + "/Users/{id}", ctx -> send(ctx, 200, users.replace(id(ctx), body(ctx), base(ctx))));
    app.patch(
        ROOT + "/Users/{id}", ctx -> patched(ctx, users.patch(id(ctx), body(ctx), base(ctx))));
    app.delete(
        ROOT + "/Users/{id}",
        ctx -> {
          users.delete(id(ctx));
          noContent(ctx);
        });

    app.get(
        ROOT + "/Groups",
        ctx -> {
          ScimFilter filter = ScimFilter.parse(ctx.queryParam("filter"), ScimAttributes.GROUP);
          sendPage(
              ctx, groups.list(filter, startIndex(ctx), count(ctx), base(ctx), membersWanted(ctx)));
        });
    app.post(ROOT + "/Groups", ctx -> created(ctx, groups.create(body(ctx), base(ctx))));
    app.get(
        ROOT + "/Groups/{id}",
        ctx -> send(ctx, 200, groups.get(id(ctx), base(ctx), membersWanted(ctx))));
    app.put(
        ROOT + "/Groups/{id}",
        ctx -> send(ctx, 200, groups.replace(id(ctx), body(ctx), base(ctx))));
    app.patch(
        ROOT + "/Groups/{id}", ctx -> patched(ctx, groups.patch(id(ctx), body(ctx), base(ctx))));
    app.delete(
        ROOT + "/Groups/{id}",
        ctx -> {
          groups.delete(id(ctx));
          noContent(ctx);
        });

    app.exception(ScimException.class, (e, ctx) -> error(ctx, e));
    // Javalin's own refusals (a body over its limit, say) in SCIM form too.
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> error(ctx, new ScimException(e.getStatus(), null, e.getMessage())));
    app.exception(SugarbridgeException.class, (e, ctx) -> error(ctx, fromSugar(e)));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("SCIM request {} {} failed", ctx.method(), ctx.path(), e);
          error(
              ctx,
              new ScimException(
                  500,
                  null,
                  "The bridge failed unexpectedly: "
                      + e.getClass().getSimpleName()
                      + ". See its log."));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(ANSWERED) == null) {
            error(
                ctx,
                ScimException.notFound(
                    "No SCIM endpoint at " + ctx.method() + " " + ctx.path() + "."));
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.attribute(ANSWERED) == null) {
            error(
                ctx,
                new ScimException(
                    405, null, ctx.method() + " is not supported on " + ctx.path() + "."));
          }
        });
  }

  /**
   * The token in {@code Authorization: Bearer <token>}, or the password of {@code Authorization:
   * Basic} (any user name) for identity providers and test tools that only speak Basic.
   */
  static String presentedToken(String header) {
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                java.nio.charset.StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** Sugar's own refusals, in SCIM terms. */
  private static ScimException fromSugar(SugarbridgeException e) {
    if (e instanceof NotFoundException) {
      return ScimException.notFound("Not found in Sugar: " + e.getMessage());
    }
    if (e instanceof ValidationException v) {
      return ScimException.invalidValue("Sugar refused a value: " + v.serverMessage());
    }
    if (e instanceof PermissionDeniedException p) {
      return new ScimException(403, null, "Sugar refused the change: " + p.serverMessage());
    }
    if (e instanceof SugarApiException a && a.httpStatus() >= 400 && a.httpStatus() < 500) {
      return ScimException.invalidValue("Sugar refused the request: " + a.serverMessage());
    }
    LOG.warn("Sugar call failed: {}", e.getMessage());
    return new ScimException(
        e.isRetryable() ? 503 : 502,
        null,
        "Sugar could not be reached or failed: " + e.getMessage());
  }

  private String base(Context ctx) {
    if (publicUrl != null) {
      return publicUrl;
    }
    return ctx.scheme() + "://" + ctx.host() + ROOT;
  }

  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The {@code {id}} path parameter; a character no Sugar id has is a 400, not a lookup. */
  private static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw ScimException.invalidValue(
          "'" + id + "' is not a resource id: ids are letters, digits, '-', '_' and '.'.");
    }
    return id;
  }

  /**
   * The request body as JSON, read as UTF-8 (RFC 8259) whatever charset the request claims, and at
   * most {@link #MAX_BODY_BYTES}: a larger body is refused with a SCIM 413 before it is read whole.
   */
  private static JsonNode body(Context ctx) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ScimException.invalidSyntax("The request body could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw ScimException.invalidSyntax("The request has no body; send a SCIM JSON object.");
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw ScimException.invalidSyntax(
          "The request body is not JSON: " + e.getOriginalMessage() + ".");
    }
  }

  private static ScimException tooLarge() {
    return new ScimException(
        413,
        null,
        "The request body is larger than the bridge accepts ("
            + MAX_BODY_BYTES
            + " bytes); send one resource per request.");
  }

  private static int startIndex(Context ctx) {
    return intParam(ctx, "startIndex", 1);
  }

  private static int count(Context ctx) {
    return intParam(ctx, "count", DEFAULT_COUNT);
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return clamp(name, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue(
          "Query parameter '" + name + "' must be a number, not '" + v + "'.");
    }
  }

  private static int intOf(JsonNode body, String name, int fallback) {
    JsonNode v = ScimJson.child(body, name);
    return v == null || !v.canConvertToInt() ? fallback : clamp(name, v.asInt());
  }

  private static int clamp(String name, int v) {
    // RFC 7644 3.4.2.4: startIndex below 1 means 1, a negative count means 0.
    return name.equals("startIndex") ? Math.max(v, 1) : Math.min(Math.max(v, 0), MAX_RESULTS);
  }

  private static boolean membersWanted(Context ctx) {
    String excluded = ctx.queryParam("excludedAttributes");
    return excluded == null || !excluded.toLowerCase(Locale.ROOT).contains("members");
  }

  private static ObjectNode byId(List<ObjectNode> all, String id, String what) {
    for (ObjectNode n : all) {
      if (n.path("id").asText().equalsIgnoreCase(id)
          || n.path("name").asText().equalsIgnoreCase(id)) {
        return n;
      }
    }
    throw ScimException.notFound(what + " " + id + " not found.");
  }

  private void sendList(Context ctx, List<ObjectNode> all) {
    sendPage(ctx, ScimPage.of(all, 1, all.size()));
  }

  private void sendPage(Context ctx, ScimPage page) {
    sendPage(ctx, page, Projection.of(ctx));
  }

  private void sendPage(Context ctx, ScimPage page, Projection projection) {
    ObjectNode list = JSON.createObjectNode();
    list.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
    list.put("totalResults", page.totalResults());
    list.put("startIndex", page.startIndex());
    list.put("itemsPerPage", page.resources().size());
    ArrayNode resources = list.putArray("Resources");
    for (ObjectNode r : page.resources()) {
      resources.add(project(projection, r));
    }
    respond(ctx, 200, list);
  }

  private void send(Context ctx, int status, ObjectNode resource) {
    respond(ctx, status, project(Projection.of(ctx), resource));
  }

  /**
   * A successful PATCH: 204 No Content (RFC 7644 3.5.2 allows it; Entra ID and Okta accept it), or
   * 200 with the resource when the bridge is set to return it or the request asks for particular
   * attributes.
   */
  private void patched(Context ctx, ObjectNode resource) {
    if (patchReturnsResource
        || ctx.queryParam("attributes") != null
        || ctx.queryParam("excludedAttributes") != null) {
      send(ctx, 200, resource);
    } else {
      noContent(ctx);
    }
  }

  private void created(Context ctx, ObjectNode resource) {
    ctx.header("Location", resource.path("meta").path("location").asText());
    send(ctx, 201, resource);
  }

  private static void noContent(Context ctx) {
    ctx.attribute(ANSWERED, true);
    ctx.status(204);
  }

  private static void error(Context ctx, ScimException e) {
    ObjectNode err = JSON.createObjectNode();
    err.putArray("schemas").add(ScimSchemas.ERROR);
    err.put("status", String.valueOf(e.status()));
    if (e.scimType() != null) {
      err.put("scimType", e.scimType());
    }
    err.put("detail", e.getMessage());
    respond(ctx, e.status(), err);
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.attribute(ANSWERED, true);
    ctx.status(status);
    // Bytes, not a String: Javalin would encode a String in the response's charset, which for a
    // type Jetty does not know is ISO-8859-1 (José went out as 0xE9, and 李 as '?').
    ctx.contentType(ScimSchemas.CONTENT_TYPE);
    ctx.result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Applies {@code attributes} / {@code excludedAttributes} (RFC 7644 3.9) at the top level and one
   * sub-attribute deep; id, schemas and meta are always returned.
   */
  private static ObjectNode project(Projection projection, ObjectNode resource) {
    String attributes = projection.attributes();
    String excluded = projection.excluded();
    if ((attributes == null || attributes.isBlank()) && (excluded == null || excluded.isBlank())) {
      return resource;
    }
    ObjectNode out = resource.deepCopy();
    if (attributes != null && !attributes.isBlank()) {
      Set<String> keep = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (String a : attributes.split(",", -1)) {
        keep.add(topLevel(a.trim()));
      }
      keep.addAll(List.of("id", "schemas", "meta"));
      List<String> drop = new ArrayList<>();
      for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!keep.contains(f)) {
          drop.add(f);
        }
      }
      out.remove(drop);
    }
    if (excluded != null && !excluded.isBlank()) {
      for (String a : excluded.split(",", -1)) {
        String name = topLevel(a.trim());
        if (!name.equalsIgnoreCase("id") && !name.equalsIgnoreCase("schemas")) {
          ScimJson.remove(out, name);
        }
      }
    }
    return out;
  }

  /**
   * The comma-separated {@code attributes} or {@code excludedAttributes} of a request: a query
   * parameter, or in a {@code /.search} body an array of names (or one comma-separated string).
   */
  private record Projection(String attributes, String excluded) {
    static Projection of(Context ctx) {
      return new Projection(ctx.queryParam("attributes"), ctx.queryParam("excludedAttributes"));
    }
  }

  private static String attributeList(JsonNode body, String name) {
    JsonNode v = ScimJson.child(body, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> names = new ArrayList<>();
      for (JsonNode n : v) {
        if (!n.isTextual()) {
          throw ScimException.invalidValue(
              "'" + name + "' must be an array of attribute names, not " + v + ".");
        }
        names.add(n.asText());
      }
      return String.join(",", names);
    }
    throw ScimException.invalidValue(
        "'" + name + "' must be an array of attribute names, not " + v + ".");
  }

  private static String topLevel(String attribute) {
    String a = attribute;
    for (String urn : List.of(ScimSchemas.USER, ScimSchemas.GROUP)) {
      if (a.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
        a = a.substring(urn.length() + 1);
      }
    }
    if (a.regionMatches(
        true, 0, ScimSchemas.ENTERPRISE_USER, 0, ScimSchemas.ENTERPRISE_USER.length())) {
      return ScimSchemas.ENTERPRISE_USER;
    }
    int dot = a.indexOf('.');
    return dot < 0 ? a : a.substring(0, dot);
  }

  /** Everything the server needs; see {@link ScimServer#start}. */
  public record ScimServerSettings(
      SugarClient sugar,
      BearerTokens tokens,
      ExternalIdStore externalIds,
      String host,
      int port,
      List<String> licenseTypes,
      String publicUrl,
      boolean patchReturnsResource) {}
}
