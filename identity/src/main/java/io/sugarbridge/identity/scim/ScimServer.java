package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.error.ValidationException;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.common.server.WebServer;
import io.sugarbridge.identity.directory.AdminCheck;
import java.util.List;
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

  private static final Logger LOG = LoggerFactory.getLogger(ScimServer.class);

  private final WebServer server;
  private final Javalin app;
  private final BearerTokens tokens;
  private final UserRepository users;
  private final GroupRepository groups;
  private final String publicUrl;
  private final boolean patchReturnsResource;

  private ScimServer(ScimServerSettings settings, UserRepository users, GroupRepository groups) {
    this.tokens = settings.tokens();
    this.users = users;
    this.groups = groups;
    this.publicUrl = settings.publicUrl();
    this.patchReturnsResource = settings.patchReturnsResource();
    this.server =
        WebServer.on(settings.host(), settings.port())
            .maxRequestBytes(MAX_BODY_BYTES)
            .ignoreTrailingSlashes()
            .accessLog(LOG)
            .build();
    this.app = server.app();
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
    // The one place the protocol meets Sugar: everything else speaks to the repositories.
    ScimServer server =
        new ScimServer(
            settings,
            new SugarUsers(settings.sugar(), settings.externalIds(), settings.licenseTypes()),
            new SugarGroups(settings.sugar(), settings.externalIds()));
    server.server.start();
    return server;
  }

  /** The port the server listens on (useful when started on port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }

  private void routes() {
    app.before(
        ctx -> {
          if (!ctx.path().startsWith(ROOT)) {
            return;
          }
          String header = ctx.header("Authorization");
          String token = ScimRequests.presentedToken(header);
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

    app.get(
        ROOT + "/ServiceProviderConfig",
        ctx ->
            ScimResponses.send(
                ctx, 200, ScimDiscovery.serviceProviderConfig(base(ctx), MAX_RESULTS)));
    app.get(
        ROOT + "/ResourceTypes",
        ctx -> ScimResponses.sendList(ctx, ScimDiscovery.resourceTypes(base(ctx))));
    app.get(
        ROOT + "/ResourceTypes/{id}",
        ctx ->
            ScimResponses.send(
                ctx,
                200,
                ScimResponses.byId(
                    ScimDiscovery.resourceTypes(base(ctx)), ctx.pathParam("id"), "ResourceType")));
    app.get(
        ROOT + "/Schemas", ctx -> ScimResponses.sendList(ctx, ScimDiscovery.schemas(base(ctx))));
    app.get(
        ROOT + "/Schemas/{id}",
        ctx ->
            ScimResponses.send(
                ctx,
                200,
                ScimResponses.byId(
                    ScimDiscovery.schemas(base(ctx)), ctx.pathParam("id"), "Schema")));

    app.get(
        ROOT + "/Users",
        ctx -> {
          ScimFilter filter = ScimFilter.parse(ctx.queryParam("filter"), ScimAttributes.USER);
          ScimResponses.sendPage(
              ctx,
              users.find(filter, ScimRequests.startIndex(ctx), ScimRequests.count(ctx), base(ctx)));
        });
    app.post(
        ROOT + "/Users/.search",
        ctx -> {
          JsonNode body = ScimRequests.body(ctx);
          ScimFilter filter = ScimFilter.parse(ScimJson.text(body, "filter"), ScimAttributes.USER);
          ScimResponses.sendPage(
              ctx,
              users.find(
                  filter,
                  ScimRequests.intOf(body, "startIndex", 1),
                  ScimRequests.intOf(body, "count", ScimRequests.DEFAULT_COUNT),
                  base(ctx)),
              // RFC 7644 3.4.3: a search names its attributes in the body, not the query.
              new ScimResponses.Projection(
                  ScimRequests.attributeList(body, "attributes"),
                  ScimRequests.attributeList(body, "excludedAttributes")));
        });
    app.post(
        ROOT + "/Users",
        ctx -> ScimResponses.created(ctx, users.create(ScimRequests.body(ctx), base(ctx))));
    app.get(
        ROOT + "/Users/{id}",
        ctx -> ScimResponses.send(ctx, 200, users.get(ScimRequests.id(ctx), base(ctx))));
    app.put(
        ROOT + "/Users/{id}",
        ctx ->
            ScimResponses.send(
                ctx, 200, users.replace(ScimRequests.id(ctx), ScimRequests.body(ctx), base(ctx))));
    app.patch(
        ROOT + "/Users/{id}",
        ctx -> patched(ctx, users.patch(ScimRequests.id(ctx), userPatch(ctx), base(ctx))));
    app.delete(
        ROOT + "/Users/{id}",
        ctx -> {
          users.delete(ScimRequests.id(ctx));
          ScimResponses.noContent(ctx);
        });

    app.get(
        ROOT + "/Groups",
        ctx -> {
          ScimFilter filter = ScimFilter.parse(ctx.queryParam("filter"), ScimAttributes.GROUP);
          ScimResponses.sendPage(
              ctx,
              groups.find(
                  filter,
                  ScimRequests.startIndex(ctx),
                  ScimRequests.count(ctx),
                  base(ctx),
                  ScimRequests.membersWanted(ctx)));
        });
    app.post(
        ROOT + "/Groups",
        ctx -> ScimResponses.created(ctx, groups.create(ScimRequests.body(ctx), base(ctx))));
    app.get(
        ROOT + "/Groups/{id}",
        ctx ->
            ScimResponses.send(
                ctx,
                200,
                groups.get(ScimRequests.id(ctx), base(ctx), ScimRequests.membersWanted(ctx))));
    app.put(
        ROOT + "/Groups/{id}",
        ctx ->
            ScimResponses.send(
                ctx, 200, groups.replace(ScimRequests.id(ctx), ScimRequests.body(ctx), base(ctx))));
    app.patch(
        ROOT + "/Groups/{id}",
        ctx -> patched(ctx, groups.patch(ScimRequests.id(ctx), groupPatch(ctx), base(ctx))));
    app.delete(
        ROOT + "/Groups/{id}",
        ctx -> {
          groups.delete(ScimRequests.id(ctx));
          ScimResponses.noContent(ctx);
        });

    app.exception(ScimException.class, (e, ctx) -> ScimResponses.error(ctx, e));
    // Javalin's own refusals (a body over its limit, say) in SCIM form too.
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            ScimResponses.error(ctx, new ScimException(e.getStatus(), null, e.getMessage())));
    app.exception(SugarbridgeException.class, (e, ctx) -> ScimResponses.error(ctx, fromSugar(e)));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("SCIM request {} {} failed", ctx.method(), ctx.path(), e);
          ScimResponses.error(
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
          if (ctx.attribute(ScimResponses.ANSWERED) == null) {
            ScimResponses.error(
                ctx,
                ScimException.notFound(
                    "No SCIM endpoint at " + ctx.method() + " " + ctx.path() + "."));
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.attribute(ScimResponses.ANSWERED) == null) {
            ScimResponses.error(
                ctx,
                new ScimException(
                    405, null, ctx.method() + " is not supported on " + ctx.path() + "."));
          }
        });
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

  /** A PATCH body's operations, checked against the User schema before anything is read. */
  private static List<ObjectNode> userPatch(Context ctx) {
    return ScimPatch.normalise(ScimRequests.body(ctx), ScimAttributes.USER);
  }

  private static List<ObjectNode> groupPatch(Context ctx) {
    return ScimPatch.normalise(ScimRequests.body(ctx), ScimAttributes.GROUP);
  }

  private String base(Context ctx) {
    if (publicUrl != null) {
      return publicUrl;
    }
    return ctx.scheme() + "://" + ctx.host() + ROOT;
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
      ScimResponses.send(ctx, 200, resource);
    } else {
      ScimResponses.noContent(ctx);
    }
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
