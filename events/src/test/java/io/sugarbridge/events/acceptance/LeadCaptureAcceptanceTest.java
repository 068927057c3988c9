package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Must show", end to end: Segment's own Java library posts to the collector, which
 * journals, maps and delivers to a sandbox; the Leads that appear are checked field by field.
 */
class LeadCaptureAcceptanceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  CollectorFixture f;
  SugarClient sugar;

  @BeforeEach
  void start() {
    f = new CollectorFixture(dir, "");
    sugar = f.sugar();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static Map<String, Object> consent(Boolean marketing) {
    return marketing == null
        ? Map.of()
        : Map.of("consent", Map.of("categoryPreferences", Map.of("marketing", marketing)));
  }

  private ObjectNode oneLead(String email) {
    return Await.value(
        "a Lead with email " + email,
        DEADLINE,
        () -> {
          List<ObjectNode> leads = f.leadsWithEmail(sugar, email);
          return leads.isEmpty() ? null : leads.get(0);
        });
  }

  private static JsonNode primaryEmail(ObjectNode lead) {
    for (JsonNode e : lead.path("email")) {
      if (e.path("primary_address").asBoolean()) {
        return e;
      }
    }
    throw new AssertionError("no primary email on " + lead);
  }

  @Test
  void consentGrantedDeniedAndAbsentSetOptOutAndEveryTraitLands() {
    f.start();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Boolean[] consents = {true, false, null};
    String[] names = {"granted", "denied", "absent"};
    for (int i = 0; i < 3; i++) {
      Map<String, Object> context = new java.util.HashMap<>(consent(consents[i]));
      context.put(
          "traits",
          Map.of(
              "first_name", "Ada",
              "last_name", "Consent " + names[i],
              "email", names[i] + "-" + run + "@example.com",
              "phone", "+44 20 7946 000" + i,
              "title", "CTO",
              "company", "Analytical Engines",
              "website", "https://engines.example"));
      context.put("campaign", Map.of("name", "spring-launch", "source", "newsletter"));
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("consent-" + names[i] + "-" + run)
              .context(context)
              .properties(
                  Map.of(
                      "lead_source", "Trade Show",
                      "description", "Asked for a demo",
                      "utm_medium", "email")));
    }

    ObjectNode granted = oneLead("granted-" + run + "@example.com");
    assertThat(granted.path("first_name").asText()).isEqualTo("Ada");
    assertThat(granted.path("last_name").asText()).isEqualTo("Consent granted");
    assertThat(granted.path("phone_mobile").asText()).isEqualTo("+44 20 7946 0000");
    assertThat(granted.path("title").asText()).isEqualTo("CTO");
    assertThat(granted.path("account_name").asText()).isEqualTo("Analytical Engines");
    assertThat(granted.path("website").asText()).isEqualTo("https://engines.example");
    assertThat(granted.path("lead_source").asText()).isEqualTo("Trade Show");
    assertThat(granted.path("description").asText()).isEqualTo("Asked for a demo");
    assertThat(granted.path("lead_source_description").asText())
        .isEqualTo("utm_campaign=spring-launch; utm_source=newsletter; utm_medium=email");
    assertThat(primaryEmail(granted).path("opt_out").asBoolean()).isFalse();

    assertThat(primaryEmail(oneLead("denied-" + run + "@example.com")).path("opt_out").asBoolean())
        .isTrue();
    assertThat(primaryEmail(oneLead("absent-" + run + "@example.com")).path("opt_out").asBoolean())
        .isTrue();
  }

  @Test
  void identifyThenTrackMakesOneLeadWithAllTraitsAndTheEmailNormalised() {
    f.start();
    f.send(
        IdentifyMessage.builder()
            .userId("user-ada")
            .traits(
                Map.of(
                    "firstName", "Ada",
                    "lastName", "Lovelace",
                    "email", "  Ada.Lovelace@Example.COM ",
                    "title", "Countess",
                    "marketing_consent", true)),
        TrackMessage.builder("Signed Up").userId("user-ada").properties(Map.of("plan", "pro")));

    ObjectNode lead = oneLead("ada.lovelace@example.com");
    assertThat(lead.path("first_name").asText()).isEqualTo("Ada");
    assertThat(lead.path("last_name").asText()).isEqualTo("Lovelace");
    assertThat(lead.path("title").asText()).isEqualTo("Countess");
    assertThat(lead.path("lead_source").asText()).isEqualTo("Web Site");
    JsonNode email = primaryEmail(lead);
    assertThat(email.path("email_address").asText()).isEqualTo("ada.lovelace@example.com");
    assertThat(email.path("opt_out").asBoolean()).isFalse();
    Await.until(
        "both events finished in the debugger",
        DEADLINE,
        () ->
            f.server
                .debugger()
                .recent(10)
                .findValuesAsText("state")
                .containsAll(List.of("no action", "created")));
    assertThat(sugar.records().count("Leads", null)).isEqualTo(1);
  }

  @Test
  void aRepeatedMessageIdCreatesOneLead() {
    f.start();
    String messageId = "dup-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("user-dup")
              .messageId(messageId)
              .context(
                  Map.of("traits", Map.of("last_name", "Twice", "email", "twice@example.com"))));
    }
    oneLead("twice@example.com");
    Await.until(
        "the repeat to be recognised",
        DEADLINE,
        () -> f.server.debugger().recent(10).findValuesAsText("state").contains("duplicate"));
    assertThat(f.leadsWithEmail(sugar, "twice@example.com")).hasSize(1);
    assertThat(f.leadsWithEmail(sugar, "twice@example.com").get(0).path("id").asText())
        .isEqualTo(EventProcessor.recordIdFor(messageId));
  }

  @Test
  void aMissingLastNameIsDeadLetteredWithItsReasonAndReplayedAfterTheFix() throws Exception {
    // It first waits for the person's identify (OutOfOrderIdentityTest); here the wait is short.
    java.nio.file.Files.writeString(
        f.eventsFile, "wait_for_identify: 1s\n", java.nio.file.StandardOpenOption.APPEND);
    f.start();
    f.send(
        TrackMessage.builder("Lead Generated")
            .userId("user-nameless")
            .context(Map.of("traits", Map.of("email", "nameless@example.com"))));

    DeadLetter d =
        Await.value(
            "a dead letter",
            DEADLINE,
            () -> f.server.deadLetters().waiting().stream().findFirst().orElse(null));
    assertThat(d.reason()).contains("trait last_name is missing").contains("Leads.last_name");
    assertThat(d.httpStatus()).isZero();
    assertThat(f.leadsWithEmail(sugar, "nameless@example.com")).isEmpty();
    // The debugger's entry is updated just after the dead letter is kept: awaited, not read once.
    JsonNode seen =
        Await.value(
            "the debugger to show the dead letter",
            DEADLINE,
            () -> {
              JsonNode recent = f.server.debugger().recent(1).get(0);
              return recent.path("state").asText().equals("dead lettered") ? recent : null;
            });
    assertThat(seen.path("detail").asText()).contains("last_name");
  }

  @Test
  void aTokenExpiredMidStreamIsRenewedAndNothingIsLost() {
    f.start();
    f.send(
        TrackMessage.builder("Lead Generated")
            .userId("u-401-a")
            .context(
                Map.of("traits", Map.of("last_name", "Before", "email", "before@example.com"))));
    oneLead("before@example.com");

    f.sandbox.faults().expireAllTokens();
    f.send(
        TrackMessage.builder("Lead Generated")
            .userId("u-401-b")
            .context(Map.of("traits", Map.of("last_name", "After", "email", "after@example.com"))));

    assertThat(oneLead("after@example.com").path("last_name").asText()).isEqualTo("After");
    assertThat(f.sandbox.requestLog())
        .as("the collector met the expired token and logged in again")
        .anyMatch(
            e -> e.status() == 401 && e.method().equals("POST") && e.path().endsWith("/Leads"));
    assertThat(f.server.deadLetters().waiting()).isEmpty();
  }

  @Test
  void a429BurstIsRetriedUntilEveryEventIsDeliveredOnce() {
    f.start();
    f.sandbox.faults().set(FaultSettings.none().with429(0.6, 0));
    int n = 30;
    for (int i = 0; i < n; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("burst-" + i)
              .context(
                  Map.of(
                      "traits",
                      Map.of("last_name", "Burst " + i, "email", "burst-" + i + "@example.com"))));
    }
    // The check's own reads would meet the 429s too: follow the collector until every event is
    // finished, then switch the faults off and look in Sugar.
    Await.until(
        n + " events finished",
        Duration.ofSeconds(60),
        () -> f.server.debugger().countsByState().getOrDefault("created", 0) >= n);
    assertThat(f.sandbox.requestLog()).anyMatch(e -> e.status() == 429);
    f.sandbox.faults().set(FaultSettings.none());
    for (int i = 0; i < n; i++) {
      assertThat(f.leadsWithEmail(sugar, "burst-" + i + "@example.com")).hasSize(1);
    }
    assertThat(sugar.records().count("Leads", null)).isEqualTo(n);
    assertThat(f.server.deadLetters().waiting()).isEmpty();
  }

  @Test
  void aLeadWithoutCreateAccessIsDeadLetteredWithTheFixInWords() {
    f.sandbox.createUser("webforms", "webforms-pw-1", false, List.of("Leads"));
    f.useLogin("webforms", "webforms-pw-1");
    f.start();
    f.send(
        TrackMessage.builder("Lead Generated")
            .userId("u-403")
            .context(
                Map.of("traits", Map.of("last_name", "Denied", "email", "denied403@example.com"))));
    DeadLetter d =
        Await.value(
            "a dead letter",
            DEADLINE,
            () -> f.server.deadLetters().waiting().stream().findFirst().orElse(null));
    assertThat(d.httpStatus()).isEqualTo(403);
    assertThat(d.reason()).contains("may not create or edit Leads").contains("events replay");
    assertThat(d.sugarError()).contains("not_authorized");
    assertThat(sugar.records().list("Leads", RecordQuery.all()).records()).isEmpty();
  }
}
