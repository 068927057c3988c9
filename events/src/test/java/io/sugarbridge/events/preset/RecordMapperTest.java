package io.sugarbridge.events.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.model.EventMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordMapper mapper =
      new RecordMapper(PresetCatalog.load("lead_capture"), "marketing", List.of("last_name"));

  private static EventMessage track(String name, String properties, String context)
      throws Exception {
    return new EventMessage(
        "track",
        "m-1",
        "u-1",
        null,
        name,
        null,
        JSON.createObjectNode(),
        (ObjectNode) JSON.readTree(properties),
        (ObjectNode) JSON.readTree(context),
        JSON.createObjectNode(),
        null,
        Instant.parse("2026-11-23T10:00:00Z"),
        "key-1");
  }

  private static ObjectNode traits(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void aLeadGeneratedEventBecomesALeadWithEveryMappedField() throws Exception {
    EventMessage e =
        track(
            "Lead Generated",
            "{\"lead_source\":\"Trade Show\",\"description\":\"wants a demo\",\"utm_source\":\"google\"}",
            "{\"campaign\":{\"name\":\"spring\",\"medium\":\"cpc\"},"
                + "\"consent\":{\"categoryPreferences\":{\"marketing\":true}}}");
    MappedEvent m =
        mapper.map(
            e,
            traits(
                "{\"firstName\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"  Ada@Example.COM \","
                    + "\"phone\":\"+44 1\",\"title\":\"CTO\",\"company\":{\"name\":\"Engines\"},"
                    + "\"website\":\"https://engines.example\"}"));

    assertThat(m.kind()).isEqualTo(MappedEvent.Kind.RECORD);
    ObjectNode f = m.fields();
    assertThat(f.path("first_name").asText()).isEqualTo("Ada");
    assertThat(f.path("last_name").asText()).isEqualTo("Lovelace");
    assertThat(f.path("phone_mobile").asText()).isEqualTo("+44 1");
    assertThat(f.path("title").asText()).isEqualTo("CTO");
    assertThat(f.path("account_name").asText()).isEqualTo("Engines");
    assertThat(f.path("website").asText()).isEqualTo("https://engines.example");
    assertThat(f.path("lead_source").asText()).isEqualTo("Trade Show");
    assertThat(f.path("description").asText()).isEqualTo("wants a demo");
    assertThat(f.path("lead_source_description").asText())
        .isEqualTo("utm_campaign=spring; utm_medium=cpc; utm_source=google");
    assertThat(f.path("email").get(0).path("email_address").asText()).isEqualTo("ada@example.com");
    assertThat(f.path("email").get(0).path("primary_address").asBoolean()).isTrue();
    assertThat(f.path("email").get(0).path("opt_out").asBoolean()).isFalse();
    assertThat(m.email()).isEqualTo("ada@example.com");
  }

  @Test
  void consentDeniedOrAbsentOptsOutAndTheTraitIsTheFallback() throws Exception {
    String denied = "{\"consent\":{\"categoryPreferences\":{\"marketing\":false}}}";
    ObjectNode t = traits("{\"last_name\":\"L\",\"email\":\"a@b.c\"}");
    assertThat(
            mapper
                .map(track("Signed Up", "{}", denied), t)
                .fields()
                .at("/email/0/opt_out")
                .asBoolean())
        .isTrue();
    assertThat(
            mapper
                .map(track("Signed Up", "{}", "{}"), t)
                .fields()
                .at("/email/0/opt_out")
                .asBoolean())
        .isTrue();
    t.put("marketing_consent", true);
    assertThat(
            mapper
                .map(track("Signed Up", "{}", "{}"), t)
                .fields()
                .at("/email/0/opt_out")
                .asBoolean())
        .isFalse();
    assertThat(
            mapper
                .map(track("Signed Up", "{}", denied), t)
                .fields()
                .at("/email/0/opt_out")
                .asBoolean())
        .as("the event's own consent context wins over the stored trait")
        .isTrue();
  }

  @Test
  void theConsentCategoryIsConfigurableAndConsentWrittenAsTextCounts() throws Exception {
    RecordMapper newsletter =
        new RecordMapper(PresetCatalog.load("lead_capture"), "newsletter", List.of("last_name"));
    ObjectNode t = traits("{\"last_name\":\"L\",\"email\":\"a@b.c\"}");
    String granted = "{\"consent\":{\"categoryPreferences\":{\"newsletter\":true}}}";
    assertThat(newsletter.map(track("Signed Up", "{}", granted), t).fields().at("/email/0/opt_out"))
        .isEqualTo(JSON.getNodeFactory().booleanNode(false));
    String otherCategory = "{\"consent\":{\"categoryPreferences\":{\"marketing\":true}}}";
    assertThat(
            newsletter
                .map(track("Signed Up", "{}", otherCategory), t)
                .fields()
                .at("/email/0/opt_out")
                .asBoolean())
        .as("consent to another category does not count")
        .isTrue();
    for (String yes : List.of("granted", "Granted ", "yes", "true")) {
      t.put("newsletter_consent", yes);
      assertThat(newsletter.map(track("Signed Up", "{}", "{}"), t).fields().at("/email/0/opt_out"))
          .as("trait newsletter_consent: '%s'", yes)
          .isEqualTo(JSON.getNodeFactory().booleanNode(false));
    }
    for (String no : List.of("denied", "no", "false", "")) {
      t.put("newsletter_consent", no);
      assertThat(newsletter.map(track("Signed Up", "{}", "{}"), t).fields().at("/email/0/opt_out"))
          .as("trait newsletter_consent: '%s'", no)
          .isEqualTo(JSON.getNodeFactory().booleanNode(true));
    }
  }

  @Test
  void otherEventsAreNoActionAndAMissingLastNameIsNamed() throws Exception {
    MappedEvent other = mapper.map(track("Product Viewed", "{}", "{}"), traits("{}"));
    assertThat(other.kind()).isEqualTo(MappedEvent.Kind.NO_ACTION);
    assertThat(other.reason()).contains("Product Viewed");

    MappedEvent missing =
        mapper.map(track("Lead Generated", "{}", "{}"), traits("{\"email\":\"a@b.c\"}"));
    assertThat(missing.kind()).isEqualTo(MappedEvent.Kind.MISSING_TRAIT);
    assertThat(missing.reason()).contains("trait last_name is missing").contains("Leads.last_name");
  }

  @Test
  void aMappingToAFieldTheModuleLacksIsRefusedNotDroppedSilently() throws Exception {
    RecordMapper checked =
        new RecordMapper(
            PresetCatalog.load("lead_capture"),
            "marketing",
            List.of("last_name"),
            List.of("last_name", "first_name", "email", "lead_source"));

    MappedEvent m =
        checked.map(
            track("Lead Generated", "{}", "{}"), traits("{\"last_name\":\"L\",\"title\":\"CTO\"}"));

    assertThat(m.kind()).isEqualTo(MappedEvent.Kind.INVALID);
    assertThat(m.reason()).contains("Leads has no field title").contains("mappings:");
  }

  @Test
  void segmentsIntegrationsSwitchIsHonoured() throws Exception {
    ObjectNode off = (ObjectNode) JSON.readTree("{\"All\":false}");
    ObjectNode onlySugar = (ObjectNode) JSON.readTree("{\"All\":false,\"SugarCRM\":true}");
    ObjectNode sugarOff = (ObjectNode) JSON.readTree("{\"SugarCRM\":false}");

    assertThat(RecordMapper.switchedOff(off)).contains("integrations.All: false");
    assertThat(RecordMapper.switchedOff(onlySugar)).isNull();
    assertThat(RecordMapper.switchedOff(sugarOff)).contains("integrations.SugarCRM: false");
    assertThat(RecordMapper.switchedOff(JSON.createObjectNode())).isNull();

    EventMessage e = track("Lead Generated", "{}", "{}");
    EventMessage switchedOff =
        new EventMessage(
            e.type(),
            e.messageId(),
            e.userId(),
            null,
            e.event(),
            null,
            e.traits(),
            e.properties(),
            e.context(),
            sugarOff,
            null,
            e.receivedAt(),
            e.writeKeyName());
    MappedEvent m = mapper.map(switchedOff, traits("{\"last_name\":\"L\"}"));
    assertThat(m.kind()).isEqualTo(MappedEvent.Kind.NO_ACTION);
  }
}
