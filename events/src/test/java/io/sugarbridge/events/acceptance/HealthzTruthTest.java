package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, point 10: when every recent delivery fails, {@code /healthz} (unauthenticated, often
 * open to a load balancer) says how and what to do, but never what Sugar echoed of people's data;
 * and dead letters for a trait the sender never sent are the sender's data, not a sign that
 * delivery is broken.
 */
class HealthzTruthTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  CollectorFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void aRefusalThatEchoesAnEmailAddressShowsOnlyItsKindOnHealthz() {
    f = new CollectorFixture(dir, "");
    f.start();
    for (int i = 0; i < 6; i++) {
      // The sandbox, like Sugar, answers 422 "<address> is an invalid email address".
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("bad-address-" + i)
              .context(
                  Map.of(
                      "traits",
                      Map.of(
                          "last_name",
                          "Quuxworth" + i,
                          "email",
                          "zebediah" + i + "@@example.com"))));
    }
    Await.until("six dead letters", DEADLINE, () -> f.server.deadLetters().waiting().size() == 6);
    DeadLetter d = f.server.deadLetters().waiting().get(0);
    // The dead letter keeps Sugar's words for the operator; /healthz must not.
    assertThat(d.sugarError()).contains("@@example.com");

    JsonNode h = f.health();
    String body = h.toString();
    assertThat(h.path("status").asText()).isEqualTo("failing");
    JsonNode delivery = problem(h, "delivery");
    assertThat(delivery.path("reason").asText())
        .contains("6 deliveries")
        .contains("422")
        .contains("invalid_parameter")
        .contains("field email (preset lead_capture (trait email))")
        .contains("sugarbridge events replay --list");
    assertThat(body.toLowerCase(Locale.ROOT))
        .doesNotContain("zebediah")
        .doesNotContain("example.com")
        .doesNotContain("quuxworth");
  }

  @Test
  void a403WhoseAnswerEchoesTheRequestShowsTheStatusAndTheFixButNoTraitValue() {
    f = new CollectorFixture(dir, "");
    f.sandbox.createUser("webforms", "webforms-pw-1", false, List.of("Leads"));
    f.useLogin("webforms", "webforms-pw-1");
    f.start();
    // Every error answer carries the request, the record's traits included.
    f.sandbox.faults().set(FaultSettings.none().withEchoRequest(true));
    for (int i = 0; i < 6; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("denied-" + i)
              .context(
                  Map.of(
                      "traits",
                      Map.of("last_name", "Quuxworth" + i, "email", "zeb" + i + "@example.com"))));
    }
    Await.until("six dead letters", DEADLINE, () -> f.server.deadLetters().waiting().size() == 6);
    assertThat(f.server.deadLetters().waiting().get(0).sugarError()).contains("Quuxworth");

    JsonNode h = f.health();
    assertThat(h.path("status").asText()).isEqualTo("failing");
    assertThat(problem(h, "delivery").path("reason").asText())
        .contains("403")
        .contains("webforms may not create or edit Leads")
        .contains("Role Management")
        .contains("sugarbridge events replay --list")
        .doesNotContain("field");
    assertThat(h.toString().toLowerCase(Locale.ROOT))
        .doesNotContain("quuxworth")
        .doesNotContain("example.com")
        .doesNotContain("webforms-pw-1");
  }

  @Test
  void deadLettersForATraitNobodySentLeaveHealthzOk() {
    f = new CollectorFixture(dir, "wait_for_identify: 1s\n");
    f.start();
    for (int i = 0; i < 8; i++) {
      // An anonymous visitor's sign-up without last_name, and no identify ever brings it.
      f.send(
          TrackMessage.builder("Lead Generated")
              .anonymousId("anon-" + i)
              .context(Map.of("traits", Map.of("email", "anon" + i + "@example.com"))));
    }
    Await.until("eight dead letters", DEADLINE, () -> f.server.deadLetters().waiting().size() == 8);
    assertThat(f.server.deadLetters().waiting())
        .allSatisfy(d -> assertThat(d.reason()).contains("last_name"));

    JsonNode h = f.health();
    assertThat(h.path("status").asText()).as(h.toString()).isEqualTo("ok");
    assertThat(h.path("problems")).isEmpty();
  }

  @Test
  void deadLettersForATraitNobodySentDoNotHideThatEveryDeliveryFails() {
    f = new CollectorFixture(dir, "wait_for_identify: 0\n");
    f.sandbox.createUser("webforms", "webforms-pw-1", false, List.of("Leads"));
    f.useLogin("webforms", "webforms-pw-1");
    f.start();
    for (int i = 0; i < 6; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("denied-" + i)
              .context(Map.of("traits", Map.of("last_name", "Denied " + i))));
    }
    Await.until("six dead letters", DEADLINE, () -> f.server.deadLetters().waiting().size() == 6);
    assertThat(f.health().path("status").asText()).isEqualTo("failing");
    for (int i = 0; i < 3; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .anonymousId("anon-" + i)
              .context(Map.of("traits", Map.of("email", "anon" + i + "@example.com"))));
    }
    Await.until("nine dead letters", DEADLINE, () -> f.server.deadLetters().waiting().size() == 9);
    JsonNode h = f.health();
    assertThat(h.path("status").asText()).isEqualTo("failing");
    assertThat(problem(h, "delivery").path("reason").asText())
        .contains("the last 6 deliveries")
        .contains("403");
  }

  private static JsonNode problem(JsonNode health, String check) {
    for (JsonNode p : health.path("problems")) {
      if (p.path("check").asText().equals(check)) {
        return p;
      }
    }
    throw new AssertionError("no problem with check " + check + " in " + health);
  }
}
