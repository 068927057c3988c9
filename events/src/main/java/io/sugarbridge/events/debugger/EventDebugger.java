package io.sugarbridge.events.debugger;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last events the deliverer saw, for the event debugger: each with the payload received, the
 * Sugar payload built, its delivery state, and Sugar's answer (the record id, or the error and what
 * to do). Kept in memory only, bounded; the journal, delivery log and dead letters are the records
 * of truth.
 */
public final class EventDebugger implements DeliveryListener, IngestListener {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final int capacity;
  private final Clock clock;
  private final LinkedHashMap<Long, ObjectNode> entries = new LinkedHashMap<>();
  // Refused events have no journal sequence; they are keyed below zero so they never collide.
  private long nextRejectedKey = -1;

  public EventDebugger(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  @Override
  public synchronized void read(long sequence, EventMessage event) {
    ObjectNode n = JSON.createObjectNode();
    n.put("sequence", sequence);
    n.put("messageId", event.messageId());
    n.put("type", event.type());
    n.put("event", event.event());
    n.put("userId", event.userId());
    n.put("anonymousId", event.anonymousId());
    n.put("receivedAt", String.valueOf(event.receivedAt()));
    n.set("received", JSON.valueToTree(event));
    n.putNull("sugarPayload");
    n.put("state", DeliveryState.PENDING.label());
    n.putNull("recordId");
    n.putNull("detail");
    n.put("updatedAt", clock.instant().toString());
    remember(sequence, n);
  }

  /** A refused event or request, shown with why it was refused; it was not journaled. */
  @Override
  public synchronized void rejected(RejectedEvent r) {
    ObjectNode n = JSON.createObjectNode();
    n.putNull("sequence");
    n.put("messageId", r.messageId());
    n.put("path", r.path());
    if (r.index() != null) {
      n.put("index", r.index());
    }
    if (r.payload() != null) {
      n.put("type", r.payload().path("type").asText(null));
      n.put("event", r.payload().path("event").asText(null));
      n.put("userId", r.payload().path("userId").asText(null));
      n.put("anonymousId", r.payload().path("anonymousId").asText(null));
    }
    n.put("writeKey", r.writeKeyName());
    n.put("receivedAt", String.valueOf(r.receivedAt()));
    n.set("received", r.payload());
    n.putNull("sugarPayload");
    n.put("state", "rejected");
    n.putNull("recordId");
    n.put("detail", "HTTP " + r.status() + " " + r.reason() + ": " + r.error());
    n.put("updatedAt", clock.instant().toString());
    remember(nextRejectedKey--, n);
  }

  private void remember(long key, ObjectNode n) {
    entries.put(key, n);
    while (entries.size() > capacity) {
      Long oldest = entries.keySet().iterator().next();
      entries.remove(oldest);
    }
  }

  @Override
  public synchronized void retrying(long sequence, EventMessage event, String why) {
    ObjectNode n = entries.get(sequence);
    if (n != null) {
      n.put("state", DeliveryState.RETRYING.label());
      n.put("detail", why);
      n.put("attempts", n.path("attempts").asInt(1) + 1);
      n.put("updatedAt", clock.instant().toString());
    }
  }

  @Override
  public synchronized void finished(long sequence, EventMessage event, DeliveryOutcome o) {
    ObjectNode n = entries.get(sequence);
    if (n == null) {
      return;
    }
    n.set("sugarPayload", o.sugarPayload());
    n.put("state", o.state().label());
    n.put("recordId", o.recordId());
    n.put("detail", o.detail());
    if (o.httpStatus() != 0) {
      n.put("httpStatus", o.httpStatus());
    }
    if (o.sugarError() != null) {
      n.put("sugarError", o.sugarError());
    }
    n.put("updatedAt", clock.instant().toString());
  }

  /** The last {@code limit} events, newest first, as the {@code /debugger/events} JSON. */
  public synchronized ArrayNode recent(int limit) {
    List<ObjectNode> all = new ArrayList<>(entries.values());
    ArrayNode out = JSON.createArrayNode();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(all.get(i).deepCopy());
    }
    return out;
  }

  /** Counts of the remembered events by state label. */
  public synchronized Map<String, Integer> countsByState() {
    Map<String, Integer> out = new LinkedHashMap<>();
    entries.values().forEach(n -> out.merge(n.path("state").asText(), 1, Integer::sum));
    return out;
  }
}
