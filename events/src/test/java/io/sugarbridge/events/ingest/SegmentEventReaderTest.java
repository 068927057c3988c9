package io.sugarbridge.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.model.EventMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One Segment tracking-API event as JSON in, the journal's message or a refusal out. */
class SegmentEventReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static SegmentEventReader.Result read(String event, String impliedType) throws Exception {
    return SegmentEventReader.read(json(event), impliedType, null, null, "website", NOW);
  }

  private static EventMessage message(String event, String impliedType) throws Exception {
    SegmentEventReader.Result r = read(event, impliedType);
    assertThat(r.accepted()).as("accepted: %s", r.error()).isTrue();
    return r.message();
  }

  @Test
  void anIdentifyKeepsItsIdsTraitsAndTimes() throws Exception {
    EventMessage m =
        message(
            "{\"type\":\"identify\",\"userId\":\"u1\",\"anonymousId\":\"a1\",\"messageId\":\"m1\","
                + "\"timestamp\":\"2026-11-23T09:59:00Z\",\"traits\":{\"email\":\"a@example.com\"}}",
            null);

    assertThat(m.type()).isEqualTo("identify");
    assertThat(m.userId()).isEqualTo("u1");
    assertThat(m.anonymousId()).isEqualTo("a1");
    assertThat(m.messageId()).isEqualTo("m1");
    assertThat(m.timestamp()).isEqualTo("2026-11-23T09:59:00Z");
    assertThat(m.traits().get("email").asText()).isEqualTo("a@example.com");
    assertThat(m.receivedAt()).isEqualTo(NOW);
    assertThat(m.writeKeyName()).isEqualTo("website");
  }

  @Test
  void theEndpointsTypeIsTakenAndAWholeNumberIdIsText() throws Exception {
    EventMessage m = message("{\"userId\":42,\"event\":\"Signed Up\"}", "track");

    assertThat(m.type()).isEqualTo("track");
    assertThat(m.userId()).isEqualTo("42");
    assertThat(m.event()).isEqualTo("Signed Up");
    assertThat(m.messageId()).as("generated").startsWith("sb-");
  }

  @Test
  void aTrackTakesItsTraitsFromItsContext() throws Exception {
    EventMessage m =
        message(
            "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\","
                + "\"context\":{\"traits\":{\"email\":\"c@example.com\"}},"
                + "\"properties\":{\"plan\":\"pro\"}}",
            null);

    assertThat(m.traits().get("email").asText()).isEqualTo("c@example.com");
    assertThat(m.properties().get("plan").asText()).isEqualTo("pro");
  }

  @Test
  void aGroupsTraitsAndIdAndAnAliasesPreviousIdGoIntoProperties() throws Exception {
    EventMessage group =
        message(
            "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g1\",\"traits\":{\"name\":\"Acme\"}}",
            null);
    EventMessage alias =
        message("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"a\"}", null);

    assertThat(group.properties().get("groupId").asText()).isEqualTo("g1");
    assertThat(group.properties().get("traits").get("name").asText()).isEqualTo("Acme");
    assertThat(group.traits().isEmpty()).as("not the person's traits").isTrue();
    assertThat(alias.properties().get("previousId").asText()).isEqualTo("a");
  }

  @Test
  void aBatchsContextAndIntegrationsAreMergedUnderTheEventsOwn() throws Exception {
    ObjectNode context = (ObjectNode) json("{\"ip\":\"10.0.0.1\",\"locale\":\"en\"}");
    ObjectNode integrations = (ObjectNode) json("{\"All\":false}");

    SegmentEventReader.Result r =
        SegmentEventReader.read(
            json("{\"type\":\"page\",\"userId\":\"u\",\"context\":{\"locale\":\"fr\"}}"),
            null,
            context,
            integrations,
            "website",
            NOW);

    assertThat(r.message().context().get("ip").asText()).isEqualTo("10.0.0.1");
    assertThat(r.message().context().get("locale").asText()).as("the event's wins").isEqualTo("fr");
    assertThat(r.message().integrations().get("All").asBoolean()).isFalse();
    assertThat(context.get("locale").asText())
        .as("the shared context is untouched")
        .isEqualTo("en");
  }

  @Test
  void eachWayAnEventCanBeWrongIsRefusedNamingTheField() throws Exception {
    assertRefused("[1]", null, "invalid_field", "an event must be a JSON object");
    assertRefused("{\"userId\":\"u\"}", null, "unknown_type", "type is missing");
    assertRefused("{\"type\":\"launch\",\"userId\":\"u\"}", null, "unknown_type", "'launch'");
    assertRefused("{\"type\":\"page\"}", null, "missing_identity", "userId or anonymousId");
    assertRefused("{\"userId\":\" \"}", "page", "missing_identity", "neither was sent");
    assertRefused("{\"userId\":1.5}", "page", "invalid_field", "userId must be a string");
    assertRefused("{\"userId\":\"u\"}", "track", "missing_event", "a track event needs event");
    assertRefused(
        "{\"userId\":\"u\",\"properties\":[1]}", "page", "invalid_field", "properties must be");
    assertRefused(
        "{\"userId\":\"u\",\"context\":\"web\"}", "page", "invalid_field", "context must be");
  }

  @Test
  void aTraitOverItsLimitIsRefusedAs413OnlyWhenTheLimitIsAsked() throws Exception {
    JsonNode event = json("{\"userId\":\"u\",\"traits\":{\"bio\":\"" + "b".repeat(100) + "\"}}");

    SegmentEventReader.Result limited =
        SegmentEventReader.read(event, "identify", null, null, "website", NOW, 50);
    SegmentEventReader.Result unchecked =
        SegmentEventReader.read(event, "identify", null, null, "website", NOW);

    assertThat(limited.accepted()).isFalse();
    assertThat(limited.status()).isEqualTo(413);
    assertThat(limited.reason()).isEqualTo("too_large");
    assertThat(limited.error()).startsWith("the trait bio is 105 bytes, over the limit of 50");
    assertThat(unchecked.accepted()).isTrue();
  }

  private static void assertRefused(String event, String type, String reason, String error)
      throws Exception {
    SegmentEventReader.Result r = read(event, type);
    assertThat(r.accepted()).as(event).isFalse();
    assertThat(r.status()).as(event).isEqualTo(400);
    assertThat(r.reason()).as(event).isEqualTo(reason);
    assertThat(r.error()).as(event).contains(error);
  }
}
