package io.sugarbridge.events.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.ingest.RejectedEvent;
import io.sugarbridge.events.model.EventMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDebuggerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventMessage event(String messageId, String userId, ObjectNode properties) {
    return new EventMessage(
        "track",
        messageId,
        userId,
        null,
        "Lead Generated",
        null,
        JSON.createObjectNode(),
        properties,
        JSON.createObjectNode(),
        JSON.createObjectNode(),
        null,
        Instant.parse("2026-01-01T00:00:00Z"),
        "website");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = n.fieldNames();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void refusedEntriesHaveTheSameFieldsAsTheOthers() {
    EventDebugger d = new EventDebugger(100, Clock.systemUTC());
    d.read(1, event("m-1", "u1", JSON.createObjectNode()));
    ObjectNode payload = JSON.createObjectNode().put("type", "track").put("event", "E");
    d.rejected(
        new RejectedEvent(
            "website",
            "/v1/batch",
            3,
            "m-2",
            "missing_identity",
            "userId or anonymousId is required",
            200,
            payload,
            Instant.now()));
    d.rejected(
        new RejectedEvent(
            null,
            "/v1/track",
            null,
            null,
            "unauthorized",
            "unknown write key",
            401,
            null,
            Instant.now()));

    JsonNode all = d.recent(10);

    assertThat(all).hasSize(3);
    List<String> shape = fieldNames(all.get(2));
    assertThat(fieldNames(all.get(1))).isEqualTo(shape);
    assertThat(fieldNames(all.get(0))).isEqualTo(shape);
    assertThat(shape).contains("sequence", "state", "received", "detail", "path", "writeKey");
    assertThat(all.get(1).path("state").asText()).isEqualTo("rejected");
    assertThat(all.get(1).path("index").asInt()).isEqualTo(3);
    assertThat(all.get(1).path("received").path("event").asText()).isEqualTo("E");
    assertThat(all.get(0).path("httpStatus").asInt()).isEqualTo(401);
  }

  @Test
  void refusedPayloadsAreSummarisedAndWhatIsKeptIsBoundedInBytes() {
    long bound = 1024 * 1024;
    EventDebugger d = new EventDebugger(500, bound, Clock.systemUTC());
    String big = "x".repeat(470 * 1024);
    // 240 refused events of 470 KB each: 110 MB if kept as sent.
    for (int i = 0; i < 240; i++) {
      ObjectNode payload =
          JSON.createObjectNode().put("type", "track").put("userId", "u" + i).put("p", big);
      d.rejected(
          new RejectedEvent(
              "website",
              "/v1/batch",
              0,
              "m" + i,
              "too_large",
              "over the limit",
              400,
              payload,
              Instant.now()));
    }
    assertThat(d.bytes()).isLessThanOrEqualTo(bound);
    JsonNode newest = d.recent(1).get(0);
    assertThat(newest.path("received").path("truncated").asBoolean()).isTrue();
    assertThat(newest.path("received").path("bytes").asInt()).isGreaterThan(470 * 1024);
    assertThat(newest.path("userId").asText()).isEqualTo("u239");

    // Accepted events are bounded in bytes too: 200 events of 30 KB do not all stay.
    for (int i = 0; i < 200; i++) {
      d.read(i + 1, event("a" + i, "u", JSON.createObjectNode().put("p", "y".repeat(30 * 1024))));
    }
    assertThat(d.bytes()).isLessThanOrEqualTo(bound);
    assertThat(d.recent(500).size()).isBetween(20, 40);
    assertThat(d.recent(1).get(0).path("messageId").asText()).isEqualTo("a199");
  }
}
