package io.sugarbridge.sandbox.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.sugarbridge.common.server.WebServer;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.oauth.OAuthServer;
import io.sugarbridge.sandbox.oauth.Platforms;
import io.sugarbridge.sandbox.oauth.SessionStore;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's HTTP server: Javalin (Jetty) with one catch-all handler that sends {@code
 * /rest/...} through {@link ApiDispatcher} (so {@code /bulk} sub-requests share the exact same
 * code), {@code /rest/_sandbox/...} to {@link AdminEndpoints}, and applies the injected faults and
 * the request log around each call. Latency is slept on the request's own thread with no lock held,
 * so many requests wait concurrently.
 */
public final class SandboxServer implements AutoCloseable {
  private static final String REST = "/rest/";
  private static final com.fasterxml.jackson.databind.ObjectMapper ECHO_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String ADMIN = "_sandbox";

  private final Clock clock;
  private final OAuthServer oauth;
  private final FaultInjector faults;
  private final RequestLog log;
  private final ApiDispatcher dispatcher;
  private final AdminEndpoints admin;
  private final WebServer server;

  private SandboxServer(SandboxConfig config, Clock clock, SandboxDatabase db, Backend backend) {
    this.clock = clock;
    VersionPolicy versions = new VersionPolicy(config.minVersion, config.maxVersion);
    this.oauth =
        new OAuthServer(
            new OAuthServer.Settings(
                config.tokenTtl,
                config.refreshTokenTtl,
                config.oauthClients,
                config.clientCredentialsGrant,
                "admin"),
            new Platforms(config.extraPlatforms, config.rejectUnknownPlatforms),
            backend.users(),
            new SessionStore(db),
            clock);
    this.faults =
        new FaultInjector(config.faults, config.faultSeed, clock, oauth::expireAllAccessTokens);
    this.log = new RequestLog(RequestLog.DEFAULT_CAPACITY);
    this.dispatcher = new ApiDispatcher(versions, oauth, config.bearerAuth);

    List<Router.Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        Router.Endpoint.own(
            "POST",
            "oauth2/token",
            false,
            (req, ctx) -> oauth.token(req.args(), req.header("authorization"))));
    endpoints.add(
        Router.Endpoint.own(
            "POST",
            "oauth2/logout",
            true,
            (req, ctx) -> oauth.logout(req.caller(), ctx.accessToken(), req.args())));
    endpoints.add(
        Router.Endpoint.own(
            "POST",
            "oauth2/sudo/?",
            true,
            (req, ctx) -> oauth.sudo(req.caller(), req.path().get(2), req.args())));
    endpoints.add(Router.Endpoint.own("POST", "bulk", true, new BulkEndpoint(dispatcher)));
    for (Route r : backend.routes()) {
      endpoints.add(Router.Endpoint.of(r));
    }
    dispatcher.routes(new Router(endpoints, backend::isModule));
    this.admin = new AdminEndpoints(oauth, faults, log, config.bearerAuth);

    // Bulk calls carry many records; Sugar itself has no limit below PHP's post_max_size.
    this.server =
        WebServer.on(config.host, config.port)
            .maxRequestBytes(64L * 1024 * 1024)
            .withoutCompression()
            .build();
    Javalin javalin = server.app();
    for (HandlerType type :
        List.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE,
            HandlerType.OPTIONS,
            HandlerType.HEAD)) {
      javalin.addHttpHandler(type, "/*", this::serve);
      javalin.addHttpHandler(type, "/", this::serve);
    }
  }

  /**
   * Starts the server on {@code config.host:config.port} (port 0 picks a free one).
   *
   * @param backend the Sugar application behind the HTTP layer
   * @throws io.sugarbridge.common.error.ConfigurationException when the port is in use or the
   *     address cannot be listened on
   */
  public static SandboxServer start(
      SandboxConfig config, Clock clock, SandboxDatabase db, Backend backend) {
    SandboxServer server = new SandboxServer(config, clock, db, backend);
    server.server.start();
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  public FaultInjector faults() {
    return faults;
  }

  public List<RequestLogEntry> requestLog() {
    return log.snapshot();
  }

  private void serve(Context ctx) {
    long started = System.nanoTime();
    Instant at = clock.instant();
    String method = ctx.method().name();
    String received = ctx.req().getRequestURI();
    String uri = ApiDispatcher.mergeSlashes(received);
    Map<String, String> headers = headers(ctx);

    if (uri.startsWith(REST + ADMIN + "/") || uri.equals(REST + ADMIN)) {
      String sub = uri.substring(Math.min(uri.length(), REST.length() + ADMIN.length() + 1));
      while (sub.endsWith("/")) {
        sub = sub.substring(0, sub.length() - 1);
      }
      write(ctx, admin.handle(method, sub, headers, ctx.bodyAsBytes()));
      return;
    }

    String restPath = uri.startsWith(REST) ? uri.substring(REST.length()) : uri;
    FaultInjector.Decision decision = faults.decide(restPath);
    FaultSettings current = decision.settings();
    byte[] requestBody = current.echoRequest() ? ctx.bodyAsBytes() : null;
    FaultInjector.Kind kind = decision.kind();
    int status;
    if (kind == FaultInjector.Kind.RATE_LIMITED) {
      // An edge proxy refuses over-rate traffic before it reaches the application: no latency.
      status = writeFault(ctx, kind, decision.settings());
    } else {
      sleep(decision.settings().latency());
      if (kind == FaultInjector.Kind.DROPPED_CONNECTION) {
        drop(ctx);
        status = 0;
      } else if (kind != FaultInjector.Kind.NONE) {
        status = writeFault(ctx, kind, decision.settings());
      } else if (current.hugeResponseBytes() > 0 && current.appliesTo(restPath)) {
        status = writeHuge(ctx, current);
      } else if (!uri.startsWith(REST)) {
        status = write(ctx, ApiDispatcher.error(SugarApiException.noMethod(uri)));
      } else {
        ApiDispatcher.Incoming in =
            new ApiDispatcher.Incoming(
                method,
                uri.substring(REST.length()),
                ctx.queryString(),
                ctx.bodyAsBytes(),
                ctx.contentType(),
                headers);
        status = write(ctx, dispatcher.dispatch(in));
      }
    }
    if (requestBody != null && status >= 400) {
      echo(ctx, method, uri, headers, requestBody);
    }
    log.add(
        new RequestLogEntry(
            at,
            method,
            received,
            status,
            Duration.ofNanos(System.nanoTime() - started),
            kind.logName()));
  }

  private static Map<String, String> headers(Context ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      headers.putIfAbsent(name.toLowerCase(Locale.ROOT), ctx.req().getHeader(name));
    }
    return Collections.unmodifiableMap(headers);
  }

  private static int write(Context ctx, ApiDispatcher.Outcome outcome) {
    ctx.status(outcome.status());
    outcome.headers().forEach(ctx::header);
    if (outcome.body() == null) {
      ctx.result(new byte[0]);
    } else {
      ctx.contentType("application/json");
      ctx.result(PhpJson.encode(outcome.body()));
    }
    return outcome.status();
  }

  private static int writeFault(Context ctx, FaultInjector.Kind kind, FaultSettings s) {
    int status;
    String error;
    String message;
    switch (kind) {
      case RATE_LIMITED:
      case TOO_MANY_REQUESTS:
        status = 429;
        error = "too_many_requests";
        message = "Too many requests. Slow down and retry after the Retry-After delay.";
        break;
      case SERVICE_UNAVAILABLE:
        status = 503;
        error = "service_unavailable";
        message = "The service is temporarily unavailable. Retry later.";
        break;
      default:
        status = 500;
        error = "fatal_error";
        message =
            "Your request failed to complete. A fatal error occurred. Check logs for more details.";
        break;
    }
    int retryAfter = s.retryAfterSeconds();
    if (kind == FaultInjector.Kind.RATE_LIMITED && retryAfter < 0) {
      retryAfter = 1; // the cap is per second, so one second is always enough
    }
    boolean html = s.htmlErrors() && status != 500;
    if (status != 500 && retryAfter >= 0) {
      ctx.header("Retry-After", Integer.toString(retryAfter));
    }
    if (html) {
      ctx.status(status);
      ctx.header("Cache-Control", "no-store");
      ctx.contentType("text/html; charset=utf-8");
      String title =
          status == 429 ? "429 Too Many Requests" : "503 Service Temporarily Unavailable";
      ctx.result(
          ("<html>\r\n<head><title>"
                  + title
                  + "</title></head>\r\n<body>\r\n<center><h1>"
                  + title
                  + "</h1></center>\r\n<hr><center>edge</center>\r\n</body>\r\n</html>\r\n")
              .getBytes(StandardCharsets.UTF_8));
      return status;
    }
    return write(ctx, ApiDispatcher.error(new SugarApiException(status, error, message)));
  }

  /** Closes the TCP connection without writing a byte, as a crashed proxy or a reset would. */
  /**
   * The {@code echoRequest} fault: appends the whole request (headers with the token, the body with
   * any password) to the error answer's {@code error_message}, as a debugging proxy would.
   */
  private static void echo(
      Context ctx, String method, String uri, Map<String, String> headers, byte[] body) {
    byte[] answer = ctx.resultInputStream() == null ? null : resultBytes(ctx);
    if (answer == null) {
      return;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode json = ECHO_JSON.readTree(answer);
      if (!(json instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
        ctx.result(answer);
        return;
      }
      String q = ctx.queryString() == null ? "" : "?" + ctx.queryString();
      o.put(
          "error_message",
          o.path("error_message").asText("")
              + " [request: "
              + method
              + " "
              + uri
              + q
              + " headers: "
              + headers
              + " body: "
              + new String(body, StandardCharsets.UTF_8)
              + "]");
      ctx.result(ECHO_JSON.writeValueAsBytes(o));
    } catch (IOException notJson) {
      ctx.result(answer);
    }
  }

  private static byte[] resultBytes(Context ctx) {
    try (java.io.InputStream in = ctx.resultInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The {@code hugeResponseBytes} fault: a 200 JSON answer of that many bytes, generated while it
   * is sent (never held in memory), at {@code hugeResponseBytesPerSecond} when set.
   */
  private static int writeHuge(Context ctx, FaultSettings s) {
    ctx.status(200);
    ctx.contentType("application/json");
    ctx.result(new HugeJsonStream(s.hugeResponseBytes(), s.hugeResponseBytesPerSecond()));
    return 200;
  }

  private static void drop(Context ctx) {
    org.eclipse.jetty.server.Request base =
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    base.getHttpChannel().abort(new IOException("sandbox fault: dropped connection"));
  }

  private static void sleep(Duration latency) {
    if (latency.isZero()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
