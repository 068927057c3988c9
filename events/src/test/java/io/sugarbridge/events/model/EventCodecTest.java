package io.sugarbridge.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  @Test
  void anEventReadsBackAsWritten() {
    ObjectNode traits = JsonNodeFactory.instance.objectNode().put("email", " Ada@Example.COM ");
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    EventMessage m =
        new EventMessage(
            "track",
            "m-1",
            "u-1",
            null,
            "Lead Generated",
            null,
            traits,
            empty,
            empty,
            empty,
            "2026-11-23T10:00:00.000Z",
            Instant.parse("2026-11-23T10:00:01.250Z"),
            "website");

    EventMessage back = EventCodec.decode(EventCodec.encode(m));

    assertThat(back).isEqualTo(m);
    assertThat(back.personKey()).isEqualTo("u-1");
  }
}
