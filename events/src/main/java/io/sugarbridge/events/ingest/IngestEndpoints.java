package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Segment-compatible tracking endpoints: {@code POST /v1/identify, track, page, screen, group,
 * alias} (and analytics.js's short forms {@code /v1/i, t, p, s, g, a}), {@code /v1/batch} and its
 * alias {@code /v1/import}, plus CORS preflights for them. A request is answered {@code 200
 * {"success":true}} only once its events are durable in the journal; bad events get a 4xx naming
 * the field and are never journaled; in a batch the good events are kept and each refused one is
 * listed under {@code rejected} with its index. Mounted by the server with {@link
 * #register(Javalin)}; see docs/events.md for the wire details.
 */
public final class IngestEndpoints {
  private static final Logger log = LoggerFactory.getLogger(IngestEndpoints.class);
  // Two documents, or anything after the first, are refused rather than silently dropped.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** The longest a request body may take to arrive, in full; a slower one gets 408. */
  public static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);

  private static final InetAddress UNKNOWN_PEER = unknownPeer();

  private static final byte[] SUCCESS = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
  private static final String JSON_TYPE = "application/json";
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
  private final EventJournal journal;
  private final Clock clock;
  private final IngestListener listener;
  private final TokenBuckets<String> rateLimiter;
  private final TokenBuckets<InetAddress> addressLimiter;
  private final BodyAdmission admission;
  private final List<Map.Entry<String, byte[]>> keys;
  private final MeterRegistry registry;
  private final Counter received;
  private final Counter journaled;
  private final Timer ackLatency;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

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
    this.journal = Objects.requireNonNull(journal, "journal");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = listener == null ? IngestListener.NONE : listener;
    this.rateLimiter =
        new TokenBuckets<>(settings.ratePerSecond(), settings.burst(), Integer.MAX_VALUE, clock);
    this.addressLimiter =
        new TokenBuckets<>(
            settings.addressRatePerSecond(),
            settings.addressBurst(),
            IngestSettings.MAX_TRACKED_ADDRESSES,
            clock);
    this.admission = Objects.requireNonNull(admission, "admission");
    List<Map.Entry<String, byte[]>> k = new ArrayList<>();
    for (Map.Entry<String, Secret> e : settings.writeKeys().entrySet()) {
      k.add(Map.entry(e.getKey(), e.getValue().reveal().getBytes(StandardCharsets.UTF_8)));
    }
    this.keys = List.copyOf(k);
    this.received =
        Counter.builder("events.received")
            .description("Events read from request bodies (valid or not)")
            .register(registry);
    this.journaled =
        Counter.builder("events.journaled")
            .description("Events durably written to the journal and acknowledged")
            .register(registry);
    this.ackLatency =
        Timer.builder("events.ack.latency")
            .description("From a request's arrival to its acknowledgement after the journal sync")
            .register(registry);
  }

  /** Adds the endpoints and their CORS preflights to {@code app}. */
  public void register(Javalin app) {
    // One route and a map lookup: Javalin tries routes one by one, each a regex match.
    app.post("/v1/{endpoint}", this::route);
    app.options("/v1/{endpoint}", this::preflight);
    app.get("/v1/{endpoint}", this::wrongMethod);
    app.put("/v1/{endpoint}", this::wrongMethod);
    app.patch("/v1/{endpoint}", this::wrongMethod);
    app.delete("/v1/{endpoint}", this::wrongMethod);
  }

  private void wrongMethod(Context ctx) {
    ctx.status(405)
        .header("Allow", "POST, OPTIONS")
        .contentType(JSON_TYPE)
        .result(
            errorBody(
                "method_not_allowed",
                ctx.method()
                    + " is not supported on /v1/...: send events with POST (and a JSON body)",
                null));
  }

  private void route(Context ctx) {
    String endpoint = ctx.pathParam("endpoint");
    if (endpoint.equals("batch") || endpoint.equals("import")) {
      handle(ctx, null);
      return;
    }
    String type = SINGLE_PATHS.get(endpoint);
    if (type == null) {
      ctx.status(404)
          .contentType(JSON_TYPE)
          .result(
              errorBody(
                  "unknown_endpoint",
                  "no endpoint /v1/"
                      + (endpoint.length() > 40 ? endpoint.substring(0, 40) + "..." : endpoint)
                      + ": use /v1/identify, track, page, screen, group, alias, batch or import",
                  null));
      return;
    }
    handle(ctx, type);
  }

  // ----------------------------------------------------------------------------------- requests

  private void handle(Context ctx, String singleType) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    String path = ctx.path();
    InetAddress client = clientAddress(ctx);
    String origin = ctx.header("Origin");
    if (origin != null) {
      if (!settings.allowsOrigin(origin)) {
        refuse(ctx, 403, "origin_not_allowed", originRefusal(origin), null, path, now, 1);
        return;
      }
      allowOrigin(ctx, origin);
    }

    // Authentication by header comes first, so a flood with a wrong key costs no body parsing.
    String keyName = null;
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String presented = basicUser(authorization);
      if (presented == null) {
        ctx.header("Connection", "close");
        refuse(
            ctx,
            401,
            "unauthorized",
            "Authorization must be HTTP Basic with the write key as the user name and an empty"
                + " password",
            null,
            path,
            now,
            1);
        return;
      }
      keyName = keyNameOf(presented);
      if (keyName == null) {
        // Refused before the body is read; the connection is closed rather than drained.
        ctx.header("Connection", "close");
        refuse(ctx, 401, "unauthorized", "unknown write key", null, path, now, 1);
        return;
      }
    }
    // The client's own limit first: one sender flooding must not use up the key it shares with
    // every visitor. Then the key's, for a key that is known before the body is read.
    if (!addressLimiter.hasTokens(client)) {
      ctx.header("Connection", "close");
      addressLimited(ctx, client, keyName, path, now, addressLimiter.tryAcquire(client, 1), 1);
      return;
    }
    if (keyName != null && !rateLimiter.hasTokens(keyName)) {
      ctx.header("Connection", "close");
      rateLimited(ctx, keyName, path, now, rateLimiter.tryAcquire(keyName, 1), 1);
      return;
    }

    int limit = singleType == null ? settings.maxBatchBytes() : settings.maxEventBytes();
    BodyAdmission.Pool pool =
        keyName != null ? BodyAdmission.Pool.HEADER_KEY : BodyAdmission.Pool.BODY_KEY;
    BodyAdmission.Admitted admitted = admission.admit(pool, client, expectedBodyBytes(ctx, limit));
    if (admitted.ticket() == null) {
      ctx.header("Connection", "close");
      ctx.header("Retry-After", "1");
      refuse(
          ctx,
          503,
          "overloaded",
          overloaded(pool, admitted.refusal(), client),
          keyName,
          path,
          now,
          1);
      return;
    }
    try (BodyAdmission.Ticket ticket = admitted.ticket()) {
      receive(ctx, singleType, keyName, client, limit, path, now, start, ticket);
    }
  }

  /** Reads, checks and journals an admitted request's body. */
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
    byte[] body;
    try {
      body = readBody(ctx, limit);
    } catch (BodyProblem p) {
      refuse(ctx, p.status, p.reason, p.getMessage(), keyName, path, now, 1);
      return;
    } catch (DeadlineInputStream.Expired e) {
      ctx.header("Connection", "close");
      refuse(
          ctx,
          408,
          "body_timeout",
          "the request body did not arrive within "
              + BODY_TIMEOUT.toSeconds()
              + " s, the longest a body may take; send it at once",
          keyName,
          path,
          now,
          1);
      return;
    } catch (IOException e) {
      refuse(
          ctx,
          400,
          "malformed_json",
          "the request body could not be read: " + e.getMessage(),
          keyName,
          path,
          now,
          1);
      return;
    }
    if (body == null) {
      refuse(
          ctx,
          413,
          "too_large",
          (singleType == null ? "the batch" : "the event")
              + " is over the limit of "
              + limit
              + " bytes"
              + (singleType == null ? " per batch: send fewer events per batch" : " per event"),
          keyName,
          path,
          now,
          1);
      return;
    }

    int badByte = Utf8.firstInvalid(body);
    if (badByte >= 0) {
      refuse(
          ctx,
          400,
          "malformed_json",
          "the body is not valid UTF-8 (byte offset "
              + badByte
              + ": an invalid or overlong sequence); send JSON encoded as UTF-8",
          keyName,
          path,
          now,
          1);
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      boolean trailing =
          e instanceof MismatchedInputException
              && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token");
      refuse(
          ctx,
          400,
          "malformed_json",
          (trailing
                  ? "malformed JSON: unexpected data after the JSON document; send exactly one"
                      + " JSON object per request"
                  : "malformed JSON: " + e.getOriginalMessage())
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"),
          keyName,
          path,
          now,
          1);
      return;
    } catch (IOException e) {
      refuse(ctx, 400, "malformed_json", "malformed JSON", keyName, path, now, 1);
      return;
    }
    if (!(root instanceof ObjectNode object)) {
      refuse(
          ctx,
          400,
          "malformed_json",
          "the body must be a JSON object" + (singleType == null ? " with a batch array" : ""),
          keyName,
          path,
          now,
          1);
      return;
    }
    JsonNode bodyKey = object.remove("writeKey");
    if (keyName == null) {
      if (bodyKey == null || !bodyKey.isTextual() || bodyKey.asText().isEmpty()) {
        refuse(
            ctx,
            401,
            "unauthorized",
            "the write key is missing: send it as the HTTP Basic user name (empty password) or"
                + " as writeKey in the body",
            null,
            path,
            now,
            1);
        return;
      }
      keyName = keyNameOf(bodyKey.asText());
      if (keyName == null) {
        refuse(ctx, 401, "unauthorized", "unknown write key", null, path, now, 1);
        return;
      }
    }

    if (singleType != null) {
      handleSingle(ctx, object, body.length, singleType, keyName, client, path, now, start, ticket);
    } else {
      handleBatch(ctx, object, body.length, keyName, client, path, now, start, ticket);
    }
  }

  private void handleSingle(
      Context ctx,
      ObjectNode event,
      int bodyBytes,
      String type,
      String keyName,
      InetAddress client,
      String path,
      Instant now,
      long start,
      BodyAdmission.Ticket ticket) {
    received.increment();
    if (!withinRateLimits(ctx, client, keyName, path, now, 1)) {
      return;
    }
    // Only a body larger than one trait's limit can hold a trait over it.
    SegmentEventReader.Result r =
        SegmentEventReader.read(
            event,
            type,
            null,
            null,
            keyName,
            now,
            bodyBytes > IngestSettings.MAX_TRAIT_BYTES ? IngestSettings.MAX_TRAIT_BYTES : 0);
    if (!r.accepted()) {
      count(r.reason(), 1);
      listener.rejected(
          new RejectedEvent(
              keyName,
              path,
              null,
              messageIdOf(event),
              r.reason(),
              r.error(),
              r.status(),
              event,
              now));
      ctx.status(r.status()).contentType(JSON_TYPE).result(errorBody(r.reason(), r.error(), null));
      return;
    }
    journal(ctx, List.of(r.message()), List.of(), false, keyName, path, now, start, ticket);
  }

  private void handleBatch(
      Context ctx,
      ObjectNode body,
      int bodyBytes,
      String keyName,
      InetAddress client,
      String path,
      Instant now,
      long start,
      BodyAdmission.Ticket ticket) {
    JsonNode batch = body.get("batch");
    if (!(batch instanceof ArrayNode events) || events.isEmpty()) {
      refuse(
          ctx,
          400,
          "malformed_json",
          "batch must be a non-empty array of events",
          keyName,
          path,
          now,
          1);
      return;
    }
    received.increment(events.size());
    ObjectNode sharedContext;
    ObjectNode sharedIntegrations;
    JsonNode c = body.get("context");
    JsonNode i = body.get("integrations");
    if ((c != null && !c.isNull() && !c.isObject())
        || (i != null && !i.isNull() && !i.isObject())) {
      refuse(
          ctx,
          400,
          "invalid_field",
          "the batch's context and integrations must be JSON objects",
          keyName,
          path,
          now,
          events.size());
      return;
    }
    sharedContext = c instanceof ObjectNode co && !co.isEmpty() ? co : null;
    sharedIntegrations = i instanceof ObjectNode io && !io.isEmpty() ? io : null;
    // The batch's context and integrations are copied into every event (its context.traits
    // twice: they are also the event's traits), so what is stored can be far larger than what was
    // sent. Measured before anything is copied, and refused whole when over the limit.
    long sharedBytes = 0;
    if (sharedContext != null) {
      sharedBytes += sizeOf(sharedContext);
      if (sharedContext.get("traits") instanceof ObjectNode t) {
        sharedBytes += sizeOf(t);
      }
    }
    if (sharedIntegrations != null) {
      sharedBytes += sizeOf(sharedIntegrations);
    }
    long expanded = bodyBytes + sharedBytes * events.size();
    if (expanded > settings.maxStoredBatchBytes()) {
      refuse(
          ctx,
          413,
          "too_large",
          "the batch would be stored as about "
              + expanded
              + " bytes (its "
              + events.size()
              + " events each with a copy of the batch's context and integrations, "
              + sharedBytes
              + " bytes), over the limit of "
              + settings.maxStoredBatchBytes()
              + " bytes stored per batch: send fewer events per batch or a smaller context",
          keyName,
          path,
          now,
          events.size());
      return;
    }
    // After the checks of the batch's shape and size: a batch that can never pass is told so (and
    // costs no tokens) rather than told to come back later.
    if (!withinRateLimits(ctx, client, keyName, path, now, events.size())) {
      return;
    }
    // Only a body larger than one event's limit can hold an event over it.
    boolean checkSizes = bodyBytes + sharedBytes > settings.maxEventBytes();
    int traitLimit =
        bodyBytes + sharedBytes > IngestSettings.MAX_TRAIT_BYTES
            ? IngestSettings.MAX_TRAIT_BYTES
            : 0;

    List<EventMessage> good = new ArrayList<>(events.size());
    List<ObjectNode> refused = new ArrayList<>();
    for (int index = 0; index < events.size(); index++) {
      JsonNode node = events.get(index);
      SegmentEventReader.Result r;
      long size = checkSizes ? sizeOf(node) + sharedBytes : 0;
      if (size > settings.maxEventBytes()) {
        r =
            new SegmentEventReader.Result(
                null,
                "too_large",
                "the event is "
                    + size
                    + " bytes"
                    + (sharedBytes > 0 ? " with the batch's context and integrations" : "")
                    + ", over the limit of "
                    + settings.maxEventBytes()
                    + " bytes per event",
                413);
      } else {
        r =
            SegmentEventReader.read(
                node, null, sharedContext, sharedIntegrations, keyName, now, traitLimit);
      }
      if (r.accepted()) {
        good.add(r.message());
      } else {
        String messageId = node instanceof ObjectNode o ? messageIdOf(o) : null;
        count(r.reason(), 1);
        listener.rejected(
            new RejectedEvent(
                keyName,
                path,
                index,
                messageId,
                r.reason(),
                r.error(),
                good.isEmpty() && index == events.size() - 1 ? 400 : 200,
                node,
                now));
        ObjectNode entry = JSON.createObjectNode();
        entry.put("index", index);
        if (messageId != null) {
          entry.put("messageId", messageId);
        }
        entry.put("reason", r.reason());
        entry.put("error", r.error());
        refused.add(entry);
      }
    }
    if (good.isEmpty()) {
      ctx.status(400)
          .contentType(JSON_TYPE)
          .result(errorBody("all_rejected", "every event in the batch was refused", refused));
      return;
    }
    journal(ctx, good, refused, true, keyName, path, now, start, ticket);
  }

  private void journal(
      Context ctx,
      List<EventMessage> events,
      List<ObjectNode> refused,
      boolean batch,
      String keyName,
      String path,
      Instant now,
      long start,
      BodyAdmission.Ticket ticket) {
    List<byte[]> payloads = new ArrayList<>(events.size());
    long stored = 0;
    for (EventMessage e : events) {
      byte[] payload = EventCodec.encode(e);
      stored += payload.length;
      if (batch && stored > settings.maxStoredBatchBytes()) {
        refuse(
            ctx,
            413,
            "too_large",
            "the batch's "
                + events.size()
                + " events would be stored as more than "
                + settings.maxStoredBatchBytes()
                + " bytes, the limit stored per batch (each event is kept with its ids, times"
                + " and the batch's context): send fewer events per batch",
            keyName,
            path,
            now,
            events.size());
        return;
      }
      payloads.add(payload);
    }
    CompletableFuture<long[]> appended;
    try {
      appended = journal.append(payloads);
    } catch (RuntimeException e) {
      appended = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<long[]> durable = appended;
    // The body and its tree are done with; the payloads are the journal's until it answers.
    ticket.holdBytesUntil(durable);
    ctx.future(
        () ->
            durable.handle(
                (sequences, failure) -> {
                  if (failure != null) {
                    journalFailed(ctx, events, failure, keyName, path, now);
                    return null;
                  }
                  journaled.increment(events.size());
                  for (int i = 0; i < sequences.length; i++) {
                    listener.accepted(events.get(i), sequences[i]);
                  }
                  ctx.status(200).contentType(JSON_TYPE);
                  if (refused.isEmpty()) {
                    ctx.result(SUCCESS);
                  } else {
                    ObjectNode out = JSON.createObjectNode();
                    out.put("success", true);
                    out.putArray("rejected").addAll(refused);
                    ctx.result(out.toString());
                  }
                  ackLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                  return null;
                }));
  }

  private void journalFailed(
      Context ctx,
      List<EventMessage> events,
      Throwable failure,
      String keyName,
      String path,
      Instant now) {
    log.warn(
        "{} event(s) from write key {} could not be made durable; answered 503: {}",
        events.size(),
        keyName,
        failure.toString());
    String error = "the events could not be stored durably; retry later";
    count("journal_unavailable", events.size());
    for (EventMessage e : events) {
      listener.rejected(
          new RejectedEvent(
              keyName, path, null, e.messageId(), "journal_unavailable", error, 503, null, now));
    }
    ctx.status(503)
        .header("Retry-After", "1")
        .contentType(JSON_TYPE)
        .result(errorBody("journal_unavailable", error, null));
  }

  /**
   * Takes {@code events} from the client address's bucket, then from the write key's; answers 429
   * naming the limit hit (and takes nothing) when one is short.
   */
  private boolean withinRateLimits(
      Context ctx, InetAddress client, String keyName, String path, Instant now, int events) {
    long waitMillis = addressLimiter.tryAcquire(client, events);
    if (waitMillis > 0) {
      addressLimited(ctx, client, keyName, path, now, waitMillis, events);
      return false;
    }
    waitMillis = rateLimiter.tryAcquire(keyName, events);
    if (waitMillis > 0) {
      addressLimiter.giveBack(client, events);
      rateLimited(ctx, keyName, path, now, waitMillis, events);
      return false;
    }
    return true;
  }

  private void rateLimited(
      Context ctx, String keyName, String path, Instant now, long waitMillis, int events) {
    long seconds = retryAfter(ctx, waitMillis);
    limitRefusal(
        ctx,
        "rate_limited",
        "rate_limit_per_second",
        "over the limit of "
            + settings.ratePerSecond()
            + " events per second for write key "
            + keyName
            + " (rate_limit_per_second, shared by every sender of the key): retry after "
            + seconds
            + " s",
        keyName,
        path,
        now,
        events);
  }

  private void addressLimited(
      Context ctx,
      InetAddress client,
      String keyName,
      String path,
      Instant now,
      long waitMillis,
      int events) {
    long seconds = retryAfter(ctx, waitMillis);
    limitRefusal(
        ctx,
        "address_rate_limited",
        "rate_limit_per_address_per_second",
        "over the limit of "
            + settings.addressRatePerSecond()
            + " events per second from one client address ("
            + client.getHostAddress()
            + "; rate_limit_per_address_per_second): retry after "
            + seconds
            + " s",
        keyName,
        path,
        now,
        events);
  }

  private static long retryAfter(Context ctx, long waitMillis) {
    long seconds = Math.max(1, (waitMillis + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    return seconds;
  }

  /**
   * A 429: like {@link #refuse}, and the body names the setting of the limit under {@code limit}.
   */
  private void limitRefusal(
      Context ctx,
      String reason,
      String setting,
      String error,
      String keyName,
      String path,
      Instant now,
      int events) {
    count(reason, events);
    listener.rejected(new RejectedEvent(keyName, path, null, null, reason, error, 429, null, now));
    ObjectNode out = JSON.createObjectNode();
    out.put("success", false);
    out.put("reason", reason);
    out.put("error", error);
    out.put("limit", setting);
    ctx.status(429).contentType(JSON_TYPE).result(out.toString());
  }

  private String overloaded(
      BodyAdmission.Pool pool, BodyAdmission.Refusal why, InetAddress client) {
    boolean headerKey = pool == BodyAdmission.Pool.HEADER_KEY;
    String which =
        headerKey
            ? "requests with the write key in the Authorization header"
            : "requests with the write key only in the body";
    String what =
        switch (why) {
          case ADDRESS ->
              "client address "
                  + client.getHostAddress()
                  + " already has the most request bodies one address may send at once ("
                  + Math.max(1, admission.slots(pool) / 4)
                  + " "
                  + which
                  + ")";
          case BODIES ->
              "the collector is already receiving as many request bodies as it takes at once ("
                  + admission.slots(pool)
                  + " "
                  + which
                  + ")";
          case BYTES ->
              "the request bodies being received fill the memory set aside for them ("
                  + admission.bytes(pool) / (1024 * 1024)
                  + " MB for "
                  + which
                  + ", a share of the heap: raise -Xmx for more)";
        };
    return what
        + "; retry after 1 s"
        + (headerKey
            ? ""
            : " (or send the write key as the HTTP Basic user name, which has a larger share)");
  }

  /** Refuses a whole request: counts it, tells the listener, answers {@code status}. */
  private void refuse(
      Context ctx,
      int status,
      String reason,
      String error,
      String keyName,
      String path,
      Instant now,
      int events) {
    count(reason, events);
    listener.rejected(
        new RejectedEvent(keyName, path, null, null, reason, error, status, null, now));
    ctx.status(status).contentType(JSON_TYPE).result(errorBody(reason, error, null));
  }

  private void count(String reason, int events) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("events.rejected")
                    .description("Events refused and not journaled, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment(events);
  }

  private static String errorBody(String reason, String error, List<ObjectNode> refused) {
    ObjectNode out = JSON.createObjectNode();
    out.put("success", false);
    out.put("reason", reason);
    out.put("error", error);
    if (refused != null) {
      out.putArray("rejected").addAll(refused);
    }
    return out.toString();
  }

  private static String messageIdOf(ObjectNode event) {
    JsonNode m = event.get("messageId");
    return m != null && m.isValueNode() && !m.isNull() ? m.asText() : null;
  }

  private static long sizeOf(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      return Integer.MAX_VALUE;
    }
  }

  // ------------------------------------------------------------------------------ body and keys

  /**
   * The client the request is from: its TCP peer, or, when that is a trusted proxy, the address the
   * proxies forwarded (see {@link TrustedProxies}).
   */
  private InetAddress clientAddress(Context ctx) {
    // Jetty holds the peer's address already parsed: no text to parse on every request.
    org.eclipse.jetty.server.Request base =
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    java.net.InetSocketAddress socket = base == null ? null : base.getRemoteInetSocketAddress();
    InetAddress peer = socket == null ? null : socket.getAddress();
    if (peer == null) {
      String remote = ctx.req().getRemoteAddr();
      peer = remote == null ? null : TrustedProxies.literal(unbracket(remote));
    }
    if (peer == null) {
      peer = UNKNOWN_PEER;
    }
    TrustedProxies proxies = settings.trustedProxies();
    if (proxies.isEmpty() || !proxies.trusts(peer)) {
      return peer;
    }
    return proxies.clientOf(
        peer,
        Collections.list(ctx.req().getHeaders("X-Forwarded-For")),
        Collections.list(ctx.req().getHeaders("Forwarded")),
        ctx.header("X-Real-IP"));
  }

  private static String unbracket(String address) {
    return address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1)
        : address;
  }

  /** What the admission reserves for: the announced size, else the most the body may be. */
  private static long expectedBodyBytes(Context ctx, int limit) {
    String encoding = ctx.header("Content-Encoding");
    boolean plain = encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity");
    long declared = ctx.req().getContentLengthLong();
    return plain && declared >= 0 ? Math.min(declared, limit) : limit;
  }

  /** The decompressed body, or null when it is over {@code limit} bytes. */
  private static byte[] readBody(Context ctx, int limit) throws IOException, BodyProblem {
    String encoding = ctx.header("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
      if (!encoding.trim().equalsIgnoreCase("gzip")) {
        throw new BodyProblem(
            415,
            "unsupported_encoding",
            "Content-Encoding " + encoding + " is not supported: send gzip or no encoding");
      }
      gzip = true;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      return null;
    }
    InputStream in = new DeadlineInputStream(ctx.req().getInputStream(), BODY_TIMEOUT);
    if (!gzip && declared >= 0) {
      // The usual case: read exactly what was announced, without growing buffers.
      byte[] bytes = in.readNBytes((int) declared);
      if (bytes.length < declared) {
        throw new IOException(
            "the body ended after " + bytes.length + " of " + declared + " announced bytes");
      }
      return bytes;
    }
    if (gzip) {
      try {
        in = new GZIPInputStream(in);
      } catch (ZipException e) {
        throw new BodyProblem(
            400, "malformed_json", "the body is not gzip data (Content-Encoding: gzip)");
      }
    }
    try {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    } catch (ZipException | java.io.EOFException e) {
      throw new BodyProblem(
          400, "malformed_json", "the body is not valid gzip data (Content-Encoding: gzip)");
    }
  }

  /** The user name of an HTTP Basic authorization, or null when it is not one. */
  private static String basicUser(String authorization) {
    String a = authorization.trim();
    if (a.length() < 6 || !a.substring(0, 6).equalsIgnoreCase("basic ")) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The configured name of {@code presented}, or null; compares every key in constant time. */
  private String keyNameOf(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Map.Entry<String, byte[]> k : keys) {
      if (MessageDigest.isEqual(p, k.getValue()) && found == null) {
        found = k.getKey();
      }
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------- CORS

  private void preflight(Context ctx) {
    String origin = ctx.header("Origin");
    if (!settings.allowsOrigin(origin)) {
      ctx.status(403)
          .contentType(JSON_TYPE)
          .result(
              errorBody(
                  "origin_not_allowed",
                  origin == null
                      ? "a CORS preflight needs an Origin header"
                      : originRefusal(origin),
                  null));
      return;
    }
    allowOrigin(ctx, origin);
    ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
    ctx.header("Access-Control-Allow-Headers", "Content-Type, Authorization, Content-Encoding");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(204);
  }

  private static void allowOrigin(Context ctx, String origin) {
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Vary", "Origin");
  }

  private static String originRefusal(String origin) {
    return "origin "
        + origin.toLowerCase(Locale.ROOT)
        + " is not in allowed_origins: add it there to let pages from it send events";
  }

  private static InetAddress unknownPeer() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body that cannot be read as sent. */
  private static final class BodyProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    BodyProblem(int status, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }
}
