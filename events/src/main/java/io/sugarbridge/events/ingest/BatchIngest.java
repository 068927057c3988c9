package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the events of a decoded, authenticated request into the journal, without HTTP: checks a
 * batch's shape and what it would take stored (its shared context is copied into every event),
 * takes the rate limits' tokens, reads each event ({@link SegmentEventReader}), appends the good
 * ones and answers once they are durable. In a batch the good events are kept and each refused one
 * is listed with its index; a batch whose every event is refused is answered 400.
 */
final class BatchIngest {
  // The journal's failures keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(IngestEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A request's body as a JSON object (its {@code writeKey} removed) and who sent it.
   *
   * @param bodyBytes the size of the body as read (decompressed)
   * @param keyName the name of the write key it authenticated with
   */
  record Request(
      ObjectNode body,
      int bodyBytes,
      String keyName,
      InetAddress client,
      String path,
      Instant receivedAt) {}

  private final IngestSettings settings;
  private final EventJournal journal;
  private final IngestListener listener;
  private final Refusals refusals;
  private final RateLimits limits;
  private final Counter received;
  private final Counter journaled;

  BatchIngest(
      IngestSettings settings,
      EventJournal journal,
      MeterRegistry registry,
      IngestListener listener,
      Refusals refusals,
      RateLimits limits) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.received =
        Counter.builder("events.received")
            .description("Events read from request bodies (valid or not)")
            .register(registry);
    this.journaled =
        Counter.builder("events.journaled")
            .description("Events durably written to the journal and acknowledged")
            .register(registry);
  }

  /** One event of {@code type} (the endpoint's, e.g. {@code track}). */
  IngestResult single(String type, Request r) {
    received.increment();
    IngestResponse limited = limits.take(r.client(), r.keyName(), r.path(), r.receivedAt(), 1);
    if (limited != null) {
      return IngestResult.answered(limited);
    }
    ObjectNode event = r.body();
    // Only a body larger than one trait's limit can hold a trait over it.
    SegmentEventReader.Result read =
        SegmentEventReader.read(
            event,
            type,
            null,
            null,
            r.keyName(),
            r.receivedAt(),
            r.bodyBytes() > IngestSettings.MAX_TRAIT_BYTES ? IngestSettings.MAX_TRAIT_BYTES : 0);
    if (!read.accepted()) {
      refusals.event(
          new RejectedEvent(
              r.keyName(),
              r.path(),
              null,
              messageIdOf(event),
              read.reason(),
              read.error(),
              read.status(),
              event,
              r.receivedAt()));
      return IngestResult.answered(
          IngestResponse.error(read.status(), read.reason(), read.error()));
    }
    return journal(List.of(read.message()), List.of(), false, r);
  }

  /** A batch: {@code {"batch":[...], "context":{...}, "integrations":{...}}}. */
  IngestResult batch(Request r) {
    ObjectNode body = r.body();
    JsonNode batch = body.get("batch");
    if (!(batch instanceof ArrayNode events) || events.isEmpty()) {
      return refuse(400, "malformed_json", "batch must be a non-empty array of events", r, 1);
    }
    received.increment(events.size());
    JsonNode c = body.get("context");
    JsonNode i = body.get("integrations");
    if ((c != null && !c.isNull() && !c.isObject())
        || (i != null && !i.isNull() && !i.isObject())) {
      return refuse(
          400,
          "invalid_field",
          "the batch's context and integrations must be JSON objects",
          r,
          events.size());
    }
    ObjectNode sharedContext = c instanceof ObjectNode co && !co.isEmpty() ? co : null;
    ObjectNode sharedIntegrations = i instanceof ObjectNode io && !io.isEmpty() ? io : null;
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
    long expanded = r.bodyBytes() + sharedBytes * events.size();
    if (expanded > settings.maxStoredBatchBytes()) {
      return refuse(
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
          r,
          events.size());
    }
    // After the checks of the batch's shape and size: a batch that can never pass is told so (and
    // costs no tokens) rather than told to come back later.
    IngestResponse limited =
        limits.take(r.client(), r.keyName(), r.path(), r.receivedAt(), events.size());
    if (limited != null) {
      return IngestResult.answered(limited);
    }
    // Only a body larger than one event's limit can hold an event over it.
    boolean checkSizes = r.bodyBytes() + sharedBytes > settings.maxEventBytes();
    int traitLimit =
        r.bodyBytes() + sharedBytes > IngestSettings.MAX_TRAIT_BYTES
            ? IngestSettings.MAX_TRAIT_BYTES
            : 0;

    List<EventMessage> good = new ArrayList<>(events.size());
    List<ObjectNode> refused = new ArrayList<>();
    for (int index = 0; index < events.size(); index++) {
      JsonNode node = events.get(index);
      SegmentEventReader.Result read;
      long size = checkSizes ? sizeOf(node) + sharedBytes : 0;
      if (size > settings.maxEventBytes()) {
        read =
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
        read =
            SegmentEventReader.read(
                node,
                null,
                sharedContext,
                sharedIntegrations,
                r.keyName(),
                r.receivedAt(),
                traitLimit);
      }
      if (read.accepted()) {
        good.add(read.message());
      } else {
        String messageId = node instanceof ObjectNode o ? messageIdOf(o) : null;
        refusals.event(
            new RejectedEvent(
                r.keyName(),
                r.path(),
                index,
                messageId,
                read.reason(),
                read.error(),
                good.isEmpty() && index == events.size() - 1 ? 400 : 200,
                node,
                r.receivedAt()));
        refused.add(IngestResponse.rejectedEntry(index, messageId, read.reason(), read.error()));
      }
    }
    if (good.isEmpty()) {
      return IngestResult.answered(
          IngestResponse.error(
              400, "all_rejected", "every event in the batch was refused", refused));
    }
    return journal(good, refused, true, r);
  }

  private IngestResult journal(
      List<EventMessage> events, List<ObjectNode> refused, boolean batch, Request r) {
    List<byte[]> payloads = new ArrayList<>(events.size());
    long stored = 0;
    for (EventMessage e : events) {
      byte[] payload = EventCodec.encode(e);
      stored += payload.length;
      if (batch && stored > settings.maxStoredBatchBytes()) {
        return refuse(
            413,
            "too_large",
            "the batch's "
                + events.size()
                + " events would be stored as more than "
                + settings.maxStoredBatchBytes()
                + " bytes, the limit stored per batch (each event is kept with its ids, times"
                + " and the batch's context): send fewer events per batch",
            r,
            events.size());
      }
      payloads.add(payload);
    }
    CompletableFuture<long[]> appended;
    try {
      appended = journal.append(payloads);
    } catch (RuntimeException e) {
      appended = CompletableFuture.failedFuture(e);
    }
    return IngestResult.pending(
        appended.handle(
            (sequences, failure) -> {
              if (failure != null) {
                return journalFailed(events, failure, r);
              }
              journaled.increment(events.size());
              for (int i = 0; i < sequences.length; i++) {
                listener.accepted(events.get(i), sequences[i]);
              }
              return IngestResponse.success(refused);
            }));
  }

  private IngestResponse journalFailed(List<EventMessage> events, Throwable failure, Request r) {
    log.warn(
        "{} event(s) from write key {} could not be made durable; answered 503: {}",
        events.size(),
        r.keyName(),
        failure.toString());
    String error = "the events could not be stored durably; retry later";
    refusals.count("journal_unavailable", events.size());
    for (EventMessage e : events) {
      listener.rejected(
          new RejectedEvent(
              r.keyName(),
              r.path(),
              null,
              e.messageId(),
              "journal_unavailable",
              error,
              503,
              null,
              r.receivedAt()));
    }
    return IngestResponse.error(503, "journal_unavailable", error).retryAfter(1);
  }

  private IngestResult refuse(int status, String reason, String error, Request r, int events) {
    return IngestResult.answered(
        refusals.request(status, reason, error, r.keyName(), r.path(), r.receivedAt(), events));
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
}
