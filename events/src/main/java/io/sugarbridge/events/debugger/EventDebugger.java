package io.sugarbridge.events.debugger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.delivery.DeliveryOutcome;
import io.sugarbridge.events.delivery.DeliveryState;
import io.sugarbridge.events.ingest.IngestListener;
import io.sugarbridge.events.ingest.RejectedEvent;
import io.sugarbridge.events.model.EventMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last events the deliverer saw, for the event debugger: each with the payload received, the
 * Sugar payload built, its delivery state, and Sugar's answer (the record id, or the error and what
 * to do). Kept in memory only, bounded both in count ({@code capacity}) and in bytes ({@code
 * maxBytes}, the payloads as JSON text), oldest forgotten first; the journal, delivery log and dead
 * letters are the records of truth. Refused events and requests are kept as a summary: their
 * payload is cut to its first {@value #REFUSED_PAYLOAD_BYTES} bytes, so a flood of refused data
 * costs at most {@code maxBytes}. Every entry has the same fields, refused or not.
 */
public final class EventDebugger implements DeliveryListener, IngestListener {
  /** The most of a refused payload kept, in bytes of JSON text. */
  public static final int REFUSED_PAYLOAD_BYTES = 2048;

  /** The default bound of what the debugger keeps: 4 MB of payloads. */
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

  private static final int TEXT_CHARS = 200;
  // What an entry costs besides its payloads (its fields and the map entry), roughly.
  private static final int ENTRY_OVERHEAD = 400;
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final int capacity;
  private final long maxBytes;
  private final Clock clock;
  private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
  private long bytes;
  // Refused events have no journal sequence; they are keyed below zero so they never collide.
  private long nextRejectedKey = -1;

  public EventDebugger(int capacity, Clock clock) {
    this(capacity, DEFAULT_MAX_BYTES, clock);
  }

  public EventDebugger(int capacity, long maxBytes, Clock clock) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** One remembered event; payloads kept as JSON text, so their cost is their length. */
  private static final class Entry {
    Long sequence;
    String messageId;
    String type;
    String event;
    String userId;
    String anonymousId;
    String path;
    Integer index;
    String writeKey;
    String receivedAt;
    String received;
    String sugarPayload;
    String state;
    String recordId;
    String detail;
    Integer httpStatus;
    String sugarError;
    int attempts;
    String updatedAt;

    long size() {
      return ENTRY_OVERHEAD
          + length(received)
          + length(sugarPayload)
          + length(detail)
          + length(sugarError)
          + length(messageId)
          + length(userId)
          + length(anonymousId)
          + length(event)
          + length(path);
    }

    private static int length(String s) {
      return s == null ? 0 : s.length();
    }
  }

  @Override
  public synchronized void read(long sequence, EventMessage event) {
    Entry n = new Entry();
    n.sequence = sequence;
    n.messageId = event.messageId();
    n.type = event.type();
    n.event = event.event();
    n.userId = event.userId();
    n.anonymousId = event.anonymousId();
    n.writeKey = event.writeKeyName();
    n.receivedAt = String.valueOf(event.receivedAt());
    n.received = text(event);
    n.state = DeliveryState.PENDING.label();
    n.attempts = 1;
    n.updatedAt = clock.instant().toString();
    remember(sequence, n);
  }

  /** A refused event or request, shown with why it was refused; it was not journaled. */
  @Override
  public synchronized void rejected(RejectedEvent r) {
    Entry n = new Entry();
    n.messageId = clip(r.messageId());
    n.path = clip(r.path());
    n.index = r.index();
    JsonNode p = r.payload();
    if (p != null) {
      n.type = clip(p.path("type").asText(null));
      n.event = clip(p.path("event").asText(null));
      n.userId = clip(p.path("userId").asText(null));
      n.anonymousId = clip(p.path("anonymousId").asText(null));
      n.received = summary(p);
    }
    n.writeKey = r.writeKeyName();
    n.receivedAt = String.valueOf(r.receivedAt());
    n.state = "rejected";
    n.detail = "HTTP " + r.status() + " " + r.reason() + ": " + r.error();
    n.httpStatus = r.status();
    n.updatedAt = clock.instant().toString();
    remember(nextRejectedKey--, n);
  }

  private void remember(long key, Entry n) {
    Entry old = entries.put(key, n);
    if (old != null) {
      bytes -= old.size();
    }
    bytes += n.size();
    trim();
  }

  private void trim() {
    Iterator<Entry> oldest = entries.values().iterator();
    while ((entries.size() > capacity || bytes > maxBytes) && oldest.hasNext()) {
      bytes -= oldest.next().size();
      oldest.remove();
    }
  }

  @Override
  public synchronized void retrying(long sequence, EventMessage event, String why) {
    update(
        sequence,
        n -> {
          n.state = DeliveryState.RETRYING.label();
          n.detail = why;
          n.attempts++;
        });
  }

  @Override
  public synchronized void finished(long sequence, EventMessage event, DeliveryOutcome o) {
    update(
        sequence,
        n -> {
          n.sugarPayload = o.sugarPayload() == null ? null : o.sugarPayload().toString();
          n.state = o.state().label();
          n.recordId = o.recordId();
          n.detail = o.detail();
          if (o.httpStatus() != 0) {
            n.httpStatus = o.httpStatus();
          }
          n.sugarError = o.sugarError();
        });
  }

  /**
   * Applies {@code change} to the entry of {@code sequence} when it is still remembered, stamps it
   * updated, and keeps its cost counted against the bounds.
   */
  private void update(long sequence, java.util.function.Consumer<Entry> change) {
    Entry n = entries.get(sequence);
    if (n == null) {
      return;
    }
    bytes -= n.size();
    change.accept(n);
    n.updatedAt = clock.instant().toString();
    bytes += n.size();
    trim();
  }

  /** The last {@code limit} events, newest first, as the {@code /debugger/events} JSON. */
  public synchronized ArrayNode recent(int limit) {
    List<Entry> all = new ArrayList<>(entries.values());
    ArrayNode out = JSON.createArrayNode();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(json(all.get(i)));
    }
    return out;
  }

  /** Counts of the remembered events by state label. */
  public synchronized Map<String, Integer> countsByState() {
    Map<String, Integer> out = new LinkedHashMap<>();
    entries.values().forEach(n -> out.merge(n.state, 1, Integer::sum));
    return out;
  }

  /** What the remembered entries cost, as counted against the byte bound. */
  public synchronized long bytes() {
    return bytes;
  }

  private static ObjectNode json(Entry e) {
    ObjectNode n = JSON.createObjectNode();
    if (e.sequence == null) {
      n.putNull("sequence");
    } else {
      n.put("sequence", e.sequence);
    }
    n.put("messageId", e.messageId);
    n.put("type", e.type);
    n.put("event", e.event);
    n.put("userId", e.userId);
    n.put("anonymousId", e.anonymousId);
    n.put("path", e.path);
    n.put("index", e.index);
    n.put("writeKey", e.writeKey);
    n.put("receivedAt", e.receivedAt);
    n.set("received", parse(e.received));
    n.set("sugarPayload", parse(e.sugarPayload));
    n.put("state", e.state);
    n.put("recordId", e.recordId);
    n.put("detail", e.detail);
    n.put("httpStatus", e.httpStatus);
    n.put("sugarError", e.sugarError);
    n.put("attempts", e.attempts);
    n.put("updatedAt", e.updatedAt);
    return n;
  }

  private static JsonNode parse(String text) {
    if (text == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static String text(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A refused payload as JSON text, or, when long, a note of its size and its beginning. */
  private static String summary(JsonNode payload) {
    String full = text(payload);
    if (full == null || full.length() <= REFUSED_PAYLOAD_BYTES) {
      return full;
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("truncated", true);
    s.put("bytes", full.length());
    s.put("start", full.substring(0, REFUSED_PAYLOAD_BYTES / 2));
    return s.toString();
  }

  private static String clip(String s) {
    return s == null || s.length() <= TEXT_CHARS ? s : s.substring(0, TEXT_CHARS) + "...";
  }
}
