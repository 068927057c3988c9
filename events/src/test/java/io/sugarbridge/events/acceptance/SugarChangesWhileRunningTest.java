package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.events.server.EventsServer;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, point 10: Sugar changes under a running collector. Its metadata changes (an admin
 * deletes a mapped custom field in Studio): the periodic check shows it on {@code /healthz}, naming
 * the setting and the field, and once the field is back delivery uses it again. Sugar is not
 * reachable when the collector starts: it starts anyway, keeps the events, says on {@code /healthz}
 * why it is not delivering, and delivers them once Sugar answers.
 */
class SugarChangesWhileRunningTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String WITH_PLAN =
      "{\"Leads\":[{\"name\":\"signup_plan_c\",\"type\":\"varchar\"}]}";

  @TempDir Path dir;
  CollectorFixture f;
  final List<TestSandbox> restarted = new ArrayList<>();

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
    restarted.forEach(TestSandbox::close);
  }

  /** A sandbox on {@code port} (0: any free one) keeping its records in {@code data}. */
  private static TestSandbox sandbox(int port, Path data) {
    return TestSandbox.configured(
            b -> {
              b.adminPassword(CollectorFixture.PASSWORD).platform("events-test-reader").port(port);
              if (data != null) {
                b.dataDir(data);
              }
            })
        .start();
  }

  private TestSandbox restartOn(int port, Path data) {
    TestSandbox s = sandbox(port, data);
    restarted.add(s);
    return s;
  }

  @Test
  void aMappedFieldRemovedFromSugarShowsOnHealthzAndDeliveryResumesOnceItIsBack()
      throws IOException {
    Path data = Files.createDirectories(dir.resolve("sugar"));
    Path custom = data.resolve("custom_fields.json");
    Files.writeString(custom, WITH_PLAN);
    TestSandbox first = sandbox(0, data);
    int port = first.url().getPort();
    Path collectorDir = Files.createDirectories(dir.resolve("collector"));
    f = new CollectorFixture(collectorDir, "mappings:\n  traits: {plan: signup_plan_c}\n", first);
    f.start(
        new EventsServer.Options()
            .retryPauses(Duration.ofMillis(50), Duration.ofMillis(500))
            .metadataCheckEvery(Duration.ofMillis(200)));
    sendSignUp("gold");
    SugarClient sugar = f.sugar();
    Await.until(
        "the first Lead", DEADLINE, () -> !f.leadsWithEmail(sugar, "gold@example.com").isEmpty());
    assertThat(f.leadsWithEmail(sugar, "gold@example.com").get(0).path("signup_plan_c").asText())
        .isEqualTo("gold");

    // An admin deletes the custom field (the sandbox reads its fields when it starts).
    first.close();
    Files.writeString(custom, "{}");
    TestSandbox without = restartOn(port, data);
    JsonNode h =
        Await.value(
            "/healthz to show the missing field",
            DEADLINE,
            () -> {
              JsonNode n = f.health();
              return n.path("status").asText().equals("failing") ? n : null;
            });
    JsonNode problem = h.path("problems").get(0);
    assertThat(problem.path("check").asText()).as(h.toString()).isEqualTo("configuration");
    assertThat(problem.path("reason").asText())
        .contains("mappings.traits.plan")
        .contains("signup_plan_c");
    assertThat(h.path("httpStatus").asInt()).isEqualTo(200); // events are still taken and kept
    // Meanwhile the field is not silently dropped: the event waits as a dead letter.
    sendSignUp("bronze");
    Await.until("a dead letter", DEADLINE, () -> f.server.deadLetters().waiting().size() == 1);
    assertThat(f.server.deadLetters().waiting().get(0).reason()).contains("signup_plan_c");

    // The field is created again.
    without.close();
    Files.writeString(custom, WITH_PLAN);
    TestSandbox back = restartOn(port, data);
    Await.until(
        "/healthz back to ok",
        DEADLINE,
        () -> {
          JsonNode n = f.health();
          return n.path("status").asText().equals("ok") && n.path("problems").isEmpty();
        });
    sendSignUp("silver");
    SugarClient again = CollectorFixture.sugar(back);
    Await.until(
        "a Lead with the field again",
        DEADLINE,
        () -> !f.leadsWithEmail(again, "silver@example.com").isEmpty());
    assertThat(f.leadsWithEmail(again, "silver@example.com").get(0).path("signup_plan_c").asText())
        .isEqualTo("silver");
  }

  @Test
  void sugarUnreachableAtStartUpStartsKeepsTheEventsSaysWhyAndDeliversOnceSugarAnswers() {
    TestSandbox first = sandbox(0, null);
    int port = first.url().getPort();
    f = new CollectorFixture(dir, "", first);
    first.close(); // nothing listens on the connection file's address now
    f.start();
    for (String plan : List.of("one", "two", "three")) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("offline-" + plan)
              .context(
                  Map.of(
                      "traits",
                      Map.of("last_name", "Offline " + plan, "email", plan + "@example.com"))));
    }
    Await.until("three acknowledged", DEADLINE, () -> f.acknowledged.size() == 3);
    assertThat(f.refused).isEmpty();
    JsonNode h =
        Await.value(
            "/healthz to say delivery is retrying",
            DEADLINE,
            () -> {
              JsonNode n = f.health();
              return n.path("status").asText().equals("retrying") ? n : null;
            });
    JsonNode problem = h.path("problems").get(0);
    assertThat(problem.path("check").asText()).as(h.toString()).isEqualTo("delivery");
    assertThat(problem.path("status").asText()).isEqualTo("retrying");
    assertThat(problem.path("reason").asText()).as(h.toString()).contains("127.0.0.1:" + port);
    assertThat(h.path("httpStatus").asInt()).isEqualTo(200);
    assertThat(h.path("journalLag").asLong()).isEqualTo(3);

    SugarClient sugar = CollectorFixture.sugar(restartOn(port, null));
    for (String plan : List.of("one", "two", "three")) {
      Await.until(
          "the Lead of " + plan,
          DEADLINE,
          () -> f.leadsWithEmail(sugar, plan + "@example.com").size() == 1);
    }
    assertThat(f.server.deadLetters().waiting()).isEmpty();
    // Once Sugar answers, /healthz says so at once (not a minute later).
    Await.until(
        "/healthz ok",
        Duration.ofSeconds(5),
        () -> f.server.health().path("status").asText().equals("ok"));
    assertThat(f.server.health().path("problems")).isEmpty();
  }

  private void sendSignUp(String plan) {
    f.send(
        TrackMessage.builder("Lead Generated")
            .userId("planner-" + plan)
            .context(
                Map.of(
                    "traits",
                    Map.of("last_name", "Planner", "email", plan + "@example.com", "plan", plan))));
  }
}
