package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sugarbridge.events.journal.EventJournal;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Segment-compatible tracking endpoints: {@code POST /v1/identify, track, page, screen, group,
 * alias} (and analytics.js's short forms {@code /v1/i, t, p, s, g, a}), {@code /v1/batch} and its
 * alias {@code /v1/import}, plus CORS preflights for them. A request is answered {@code 200
 * {"success":true}} only once its events are durable in the journal; bad events get a 4xx naming
 * the field and are never journaled; in a batch the good events are kept and each refused one is
 * listed under {@code rejected} with its index. Mounted by the server with {@link
 * #register(Javalin)}; see docs/events.md for the wire details.
 *
 * <p>This class is the HTTP side: the order of the checks before a body is read (origin ({@link
 * Cors}), write key in the header ({@link WriteKeys}), rate limits ({@link RateLimits}), room for
 * the body ({@link BodyAdmission})), reading it ({@link RequestBody}), and sending the answer. The
 * events themselves are taken by {@link BatchIngest}.
 */
public final class IngestEndpoints {
  /** The longest a request body may take to arrive, in full; a slower one gets 408. */
  public static final Duration BODY_TIMEOUT = RequestBody.TIMEOUT;

  static final String JSON_TYPE = "application/json";
  private static final Map<String, String> SINGLE_PATHS =
      Map.ofEntries(
          Map.entry("identify", "identify"),
          Map.entry("track", "track"),
          Map.entry("page", "page"),
          Map.entry("screen", "screen"),
          Map.entry("group", "group"),
          Map.entry("alias", "alias"),
          Map.entry("i", "identify"),
          Map.entry("t", "track"),
          Map.entry("p", "page"),
          Map.entry("s", "screen"),
          Map.entry("g", "group"),
          Map.entry("a", "alias"));

  private final IngestSettings settings;
  private final Clock clock;
  private final BodyAdmission admission;
  private final WriteKeys keys;
  private final Cors cors;
  private final Refusals refusals;
  private final RateLimits limits;
  private final BatchIngest ingest;
  private final Timer ackLatency;

  public IngestEndpoints(
      IngestSettings settings,
      EventJournal journal,
      MeterRegistry registry,
      Clock clock,
      IngestListener listener) {
    this(settings, journal, registry, clock, listener, BodyAdmission.forHeap());
  }

  /** With a body budget of its own (tests give a small one). */
  IngestEndpoints(
      IngestSettings settings,
      EventJournal journal,
      MeterRegistry registry,
      Clock clock,
      IngestListener listener,
      BodyAdmission admission) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    IngestListener told = listener == null ? IngestListener.NONE : listener;
    this.admission = Objects.requireNonNull(admission, "admission");
    this.keys = new WriteKeys(settings.writeKeys());
    this.cors = new Cors(settings);
    this.refusals = new Refusals(registry, told);
    this.limits = new RateLimits(settings, clock, refusals);
    this.ingest = new BatchIngest(settings, journal, registry, told, refusals, limits);
    this.ackLatency =
        Timer.builder("events.ack.latency")
            .description("From a request's arrival to its acknowledgement after the journal sync")
            .register(registry);
  }

  /** Adds the endpoints and their CORS preflights to {@code app}. */
  public void register(Javalin app) {
    // One route and a map lookup: Javalin tries routes one by one, each a regex match.
    app.post("/v1/{endpoint}", this::route);
    app.options("/v1/{endpoint}", cors::preflight);
    app.get("/v1/{endpoint}", this::wrongMethod);
    app.put("/v1/{endpoint}", this::wrongMethod);
    app.patch("/v1/{endpoint}", this::wrongMethod);
    app.delete("/v1/{endpoint}", this::wrongMethod);
  }

  private void wrongMethod(Context ctx) {
    ctx.header("Allow", "POST, OPTIONS");
    send(
        ctx,
        IngestResponse.error(
            405,
            "method_not_allowed",
            ctx.method()
                + " is not supported on /v1/...: send events with POST (and a JSON body)"));
  }

  private void route(Context ctx) {
    String endpoint = ctx.pathParam("endpoint");
    if (endpoint.equals("batch") || endpoint.equals("import")) {
      handle(ctx, null);
      return;
    }
    String type = SINGLE_PATHS.get(endpoint);
    if (type == null) {
      send(
          ctx,
          IngestResponse.error(
              404,
              "unknown_endpoint",
              "no endpoint /v1/"
                  + (endpoint.length() > 40 ? endpoint.substring(0, 40) + "..." : endpoint)
                  + ": use /v1/identify, track, page, screen, group, alias, batch or import"));
      return;
    }
    handle(ctx, type);
  }

  /** The checks before the body is read, cheapest first; then {@link #receive}. */
  private void handle(Context ctx, String singleType) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    String path = ctx.path();
    InetAddress client = ClientAddress.of(ctx, settings.trustedProxies());
    String origin = ctx.header("Origin");
    if (origin != null) {
      if (!cors.allows(origin)) {
        send(ctx, refuse(403, "origin_not_allowed", Cors.refusal(origin), null, path, now));
        return;
      }
      Cors.allowOrigin(ctx, origin);
    }

    // Authentication by header comes first, so a flood with a wrong key costs no body parsing.
    String keyName = null;
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      WriteKeys.Auth auth = keys.fromHeader(authorization);
      if (auth.refused()) {
        // Refused before the body is read; the connection is closed rather than drained.
        ctx.header("Connection", "close");
        send(ctx, refuse(401, "unauthorized", auth.refusal(), null, path, now));
        return;
      }
      keyName = auth.name();
    }
    // The client's own limit first: one sender flooding must not use up the key it shares with
    // every visitor. Then the key's, for a key that is known before the body is read.
    IngestResponse limited = limits.beforeBody(client, keyName, path, now);
    if (limited != null) {
      ctx.header("Connection", "close");
      send(ctx, limited);
      return;
    }

    int limit = singleType == null ? settings.maxBatchBytes() : settings.maxEventBytes();
    BodyAdmission.Pool pool =
        keyName != null ? BodyAdmission.Pool.HEADER_KEY : BodyAdmission.Pool.BODY_KEY;
    long expected =
        RequestBody.expectedBytes(
            ctx.header("Content-Encoding"), ctx.req().getContentLengthLong(), limit);
    BodyAdmission.Admitted admitted = admission.admit(pool, client, expected);
    if (admitted.ticket() == null) {
      ctx.header("Connection", "close");
      String why = admission.refusalMessage(pool, admitted.refusal(), client);
      send(ctx, refuse(503, "overloaded", why, keyName, path, now).retryAfter(1));
      return;
    }
    try (BodyAdmission.Ticket ticket = admitted.ticket()) {
      receive(ctx, singleType, keyName, client, limit, path, now, start, ticket);
    }
  }

  /** Reads and decodes an admitted request's body, authenticates it, and takes its events. */
  private void receive(
      Context ctx,
      String singleType,
      String keyName,
      InetAddress client,
      int limit,
      String path,
      Instant now,
      long start,
      BodyAdmission.Ticket ticket) {
    boolean batch = singleType == null;
    byte[] body;
    ObjectNode object;
    try {
      body =
          RequestBody.read(
              ctx.req()::getInputStream,
              ctx.header("Content-Encoding"),
              ctx.req().getContentLengthLong(),
              limit,
              batch);
      object = RequestBody.decode(body, batch);
    } catch (RequestBody.Problem p) {
      if (p.closeConnection) {
        ctx.header("Connection", "close");
      }
      send(ctx, refuse(p.status, p.reason, p.getMessage(), keyName, path, now));
      return;
    }
    String key = keyName;
    JsonNode sentKey = object.remove("writeKey");
    if (key == null) {
      WriteKeys.Auth bodyKey = keys.fromBody(sentKey);
      if (bodyKey.refused()) {
        send(ctx, refuse(401, "unauthorized", bodyKey.refusal(), null, path, now));
        return;
      }
      key = bodyKey.name();
    }

    BatchIngest.Request request =
        new BatchIngest.Request(object, body.length, key, client, path, now);
    IngestResult result = batch ? ingest.batch(request) : ingest.single(singleType, request);
    if (!result.isPending()) {
      send(ctx, result.answer());
      return;
    }
    // The body and its tree are done with; the payloads are the journal's until it answers.
    ticket.holdBytesUntil(result.pending());
    ctx.future(
        () ->
            result
                .pending()
                .thenAccept(
                    answer -> {
                      send(ctx, answer);
                      if (answer.status() == 200) {
                        ackLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                      }
                    }));
  }

  /** Refuses a whole request (one event's worth) before its events are read. */
  private IngestResponse refuse(
      int status, String reason, String error, String keyName, String path, Instant now) {
    return refusals.request(status, reason, error, keyName, path, now, 1);
  }

  private static void send(Context ctx, IngestResponse response) {
    if (response.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(response.retryAfterSeconds()));
    }
    ctx.status(response.status()).contentType(JSON_TYPE).result(response.body());
  }
}
