package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.testsupport.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, points 1 and 2, with Segment's Java library: a track that arrives before its identify
 * waits for it (and is dead-lettered only once the wait ends; a later identify re-queues that dead
 * letter by itself), and traits sent under an anonymousId apply once an identify or alias ties it
 * to a userId, in either order.
 */
class OutOfOrderIdentityTest {
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

  private void waitFor(String wait) throws Exception {
    Files.writeString(f.eventsFile, "wait_for_identify: " + wait + "\n", StandardOpenOption.APPEND);
  }

  private ObjectNode oneLead(String email) {
    ObjectNode lead =
        Await.value(
            "a Lead with email " + email,
            DEADLINE,
            () -> {
              List<ObjectNode> leads = f.leadsWithEmail(sugar, email);
              return leads.isEmpty() ? null : leads.get(0);
            });
    assertThat(f.leadsWithEmail(sugar, email)).hasSize(1);
    return lead;
  }

  private static Map<String, Object> traits(String last, String email) {
    return Map.of("last_name", last, "first_name", "F", "email", email);
  }

  @Test
  void aTrackBeforeItsIdentifyWaitsAndIsDeliveredWithTheTraits() throws Exception {
    f.start();
    f.send(TrackMessage.builder("Lead Generated").userId("late-1"));
    Await.until(
        "the track to wait",
        DEADLINE,
        () -> f.server.debugger().recent(5).toString().contains("\"state\":\"waiting\""));
    assertThat(f.server.deadLetters().waiting()).isEmpty();
    f.send(IdentifyMessage.builder().userId("late-1").traits(traits("Late", "late1@example.com")));
    ObjectNode lead = oneLead("late1@example.com");
    assertThat(lead.path("last_name").asText()).isEqualTo("Late");
    assertThat(lead.path("first_name").asText()).isEqualTo("F");
    // The Lead is written before the waiting event is removed from the store: awaited, not read
    // once, or a busy machine sees the moment in between (seen in a full build).
    Await.until(
        "no event waiting for traits",
        DEADLINE,
        () -> f.server.health().path("waitingForTraits").asInt() == 0);
  }

  @Test
  void onlyAfterTheWaitIsItDeadLetteredAndALaterIdentifyRequeuesIt() throws Exception {
    waitFor("1s");
    f.start();
    f.send(TrackMessage.builder("Lead Generated").userId("never-1"));
    DeadLetter d =
        Await.value(
            "a dead letter",
            DEADLINE,
            () -> f.server.deadLetters().waiting().stream().findFirst().orElse(null));
    assertThat(d.reason()).contains("trait last_name is missing");
    f.send(
        IdentifyMessage.builder().userId("never-1").traits(traits("Never", "never1@example.com")));
    ObjectNode lead = oneLead("never1@example.com");
    assertThat(lead.path("last_name").asText()).isEqualTo("Never");
    Await.until(
        "the dead letter replayed", DEADLINE, () -> f.server.deadLetters().waiting().isEmpty());
  }

  @Test
  void anonymousTraitsApplyOnceAnIdentifyTiesThemToTheUserInEitherOrder() throws Exception {
    f.start();
    // Order A: anonymous traits, then the track under the userId, then the tie.
    f.send(
        IdentifyMessage.builder()
            .anonymousId("anon-a")
            .traits(traits("Anon", "anona@example.com")));
    f.send(TrackMessage.builder("Lead Generated").userId("user-a"));
    f.send(IdentifyMessage.builder().userId("user-a").anonymousId("anon-a"));
    assertThat(oneLead("anona@example.com").path("last_name").asText()).isEqualTo("Anon");

    // Order B: the tie first, then the track, then the traits under the anonymousId only.
    f.send(IdentifyMessage.builder().userId("user-b").anonymousId("anon-b"));
    f.send(TrackMessage.builder("Lead Generated").userId("user-b"));
    f.send(
        IdentifyMessage.builder()
            .anonymousId("anon-b")
            .traits(traits("Later", "anonb@example.com")));
    assertThat(oneLead("anonb@example.com").path("last_name").asText()).isEqualTo("Later");

    // A track under the anonymousId only, tied by an alias afterwards.
    f.send(TrackMessage.builder("Lead Generated").anonymousId("anon-c"));
    f.send(
        IdentifyMessage.builder().userId("user-c").traits(traits("Alias", "aliasc@example.com")));
    f.send(AliasMessage.builder("anon-c").userId("user-c"));
    assertThat(oneLead("aliasc@example.com").path("last_name").asText()).isEqualTo("Alias");
  }
}
