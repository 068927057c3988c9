package io.sugarbridge.events.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.events.config.EventsConfig.MatchRule;
import io.sugarbridge.events.deadletter.DeadLetterReplay;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.events.preset.PresetCatalog;
import io.sugarbridge.events.profile.ProfileStore;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.TestSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The deliverer against a real journal, real SQLite stores and a sandbox over HTTP. */
class DelivererTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sandbox =
      TestSandbox.configured(b -> b.adminPassword("deliver-pw-1").faultSeed(3L));

  SugarClient client;
  FileEventJournal journal;
  ProfileStore profiles;
  DeliveryLog log;
  DeadLetterStore deadLetters;
  final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    client =
        SugarClient.builder(sandbox.adminConnection().build())
            .retryPolicy(
                RetryPolicy.defaults()
                    .withMaxAttempts(2)
                    .withDelays(Duration.ofMillis(1), Duration.ofMillis(5)))
            .build();
    journal = FileEventJournal.open(dir.resolve("journal"));
    profiles = ProfileStore.open(dir, CLOCK);
    log = DeliveryLog.open(dir, CLOCK);
    deadLetters = DeadLetterStore.open(dir, CLOCK);
  }

  @AfterEach
  void close() {
    journal.close();
    profiles.close();
    log.close();
    deadLetters.close();
  }

  private Deliverer deliverer(String module, MatchRule match) {
    var preset = PresetCatalog.load("lead_capture");
    preset =
        new io.sugarbridge.events.preset.Preset(
            preset.name(),
            module,
            preset.actingEvents(),
            preset.traits(),
            preset.properties(),
            preset.campaignField(),
            preset.defaults(),
            preset.consentTrait());
    EventProcessor p = new EventProcessor(client, profiles, log, preset, "marketing", match);
    return new Deliverer(
        journal,
        p,
        deadLetters,
        log,
        new DeliveryListener() {
          @Override
          public void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
            outcomes.add(outcome);
          }
        },
        4,
        Duration.ofMillis(20),
        Duration.ofMillis(200));
  }

  private static EventMessage event(
      String type, String messageId, String user, String name, String traits) {
    try {
      return new EventMessage(
          type,
          messageId,
          user,
          null,
          name,
          null,
          (ObjectNode) JSON.readTree(traits),
          JSON.createObjectNode(),
          JSON.createObjectNode(),
          JSON.createObjectNode(),
          null,
          Instant.now(),
          "key-1");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void append(EventMessage... events) {
    List<byte[]> payloads = new ArrayList<>();
    for (EventMessage e : events) {
      payloads.add(EventCodec.encode(e));
    }
    journal.append(payloads).join();
  }

  private static void await(String what, BooleanSupplier done) {
    Await.until(what, Duration.ofSeconds(30), done);
  }

  @Test
  void deliversInOrderPerPersonCommitsAndSkipsWhatIsFinishedAfterARestart() throws Exception {
    append(
        event(
            "identify", "m1", "u1", null, "{\"last_name\":\"One\",\"email\":\"ONE@example.com\"}"),
        event("track", "m2", "u1", "Lead Generated", "{}"),
        event("track", "m3", "u2", "Signed Up", "{\"last_name\":\"Two\"}"),
        event("page", "m4", "u2", null, "{}"));
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("four outcomes", () -> outcomes.size() == 4);
      await("the commit", () -> journal.committed() == 4);
    }
    assertThat(outcomes)
        .extracting(DeliveryOutcome::state)
        .containsExactlyInAnyOrder(
            DeliveryState.NO_ACTION,
            DeliveryState.CREATED,
            DeliveryState.CREATED,
            DeliveryState.NO_ACTION);
    assertThat(client.records().count("Leads", null)).isEqualTo(2);
    assertThat(sandbox.requestLog())
        .as("one login, minted on the first delivery and then cached")
        .filteredOn(e -> e.path().endsWith("/oauth2/token"))
        .hasSize(1);
    ObjectNode one = client.records().get("Leads", EventProcessor.recordIdFor("m2"));
    assertThat(one.path("last_name").asText()).isEqualTo("One");
    assertThat(one.at("/email/0/email_address").asText()).isEqualTo("one@example.com");

    // The same events again (a client retry) and a reopened deliverer: nothing new in Sugar.
    outcomes.clear();
    append(event("track", "m2", "u1", "Lead Generated", "{}"));
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("the repeat", () -> outcomes.size() == 1);
    }
    assertThat(outcomes.get(0).state()).isEqualTo(DeliveryState.DUPLICATE);
    assertThat(client.records().count("Leads", null)).isEqualTo(2);
  }

  @Test
  void aStopBetweenAnIdentifyAndTheRequeueOfItsPersonsDeadLettersLosesNoRequeue() throws Exception {
    var preset = PresetCatalog.load("lead_capture");
    EventProcessor p =
        new EventProcessor(client, profiles, log, preset, "marketing", MatchRule.NONE);
    append(
        event("track", "t-1", "u-crash", "Lead Generated", "{}"),
        event(
            "identify",
            "i-1",
            "u-crash",
            null,
            "{\"last_name\":\"Crash\",\"email\":\"crash@example.com\"}"));
    try (WaitingEvents waiting = WaitingEvents.open(dir, CLOCK)) {
      // The process dies right after the identify's outcome, before its person's re-queue runs;
      // the journal is committed past the identify all the same (its outcome is final).
      Deliverer first =
          new Deliverer(
              journal,
              p,
              deadLetters,
              log,
              new DeliveryListener() {
                @Override
                public void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
                  outcomes.add(outcome);
                  if (event.messageId().equals("i-1")) {
                    throw new IllegalStateException("simulated stop after the identify");
                  }
                }
              },
              1,
              Duration.ofMillis(20),
              Duration.ofMillis(200),
              waiting,
              Duration.ZERO,
              CLOCK);
      Thread.UncaughtExceptionHandler quiet = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler((t, e) -> {});
      try {
        first.start();
        await("the identify's outcome", () -> outcomes.size() == 2);
        await("the commit past the identify", () -> journal.committed() == 2);
        first.close();
      } finally {
        Thread.setDefaultUncaughtExceptionHandler(quiet);
      }
      assertThat(first.died()).contains("simulated stop");
      assertThat(deadLetters.waiting())
          .as("the track became a dead letter for its missing last_name")
          .hasSize(1);
      assertThat(client.records().count("Leads", null)).isZero();

      // Started again: the kept mark re-queues the person's dead letter, with no new event.
      outcomes.clear();
      try (Deliverer again =
          new Deliverer(
              journal,
              p,
              deadLetters,
              log,
              DeliveryListener.all(),
              1,
              Duration.ofMillis(20),
              Duration.ofMillis(200),
              waiting,
              Duration.ZERO,
              CLOCK)) {
        again.start();
        await("the dead letter delivered", () -> deadLetters.waiting().isEmpty());
      }
      ObjectNode lead = client.records().get("Leads", EventProcessor.recordIdFor("t-1"));
      assertThat(lead.path("last_name").asText()).isEqualTo("Crash");
      assertThat(waiting.markedForRetry(null, 10)).as("the mark is gone once tried").isEmpty();
    }
  }

  @Test
  void aCreateWhoseOutcomeWasLostIsRecognisedBySugarsAnswer() throws Exception {
    // Sugar has the record (created by an attempt whose outcome was never logged).
    ObjectNode existing =
        JSON.createObjectNode()
            .put("id", EventProcessor.recordIdFor("lost-1"))
            .put("last_name", "Lost");
    client.records().create("Leads", existing);
    append(event("track", "lost-1", "u9", "Lead Generated", "{\"last_name\":\"Lost\"}"));
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("the outcome", () -> outcomes.size() == 1);
    }
    assertThat(outcomes.get(0).state()).isEqualTo(DeliveryState.CREATED);
    assertThat(outcomes.get(0).recordId()).isEqualTo(EventProcessor.recordIdFor("lost-1"));
    assertThat(client.records().count("Leads", null)).isEqualTo(1);
  }

  @Test
  void matchByEmailUpdatesTheExistingLead() throws Exception {
    append(
        event(
            "track",
            "e1",
            "u1",
            "Signed Up",
            "{\"last_name\":\"First\",\"email\":\"same@example.com\"}"),
        event(
            "track",
            "e2",
            "u2",
            "Signed Up",
            "{\"last_name\":\"Second\",\"email\":\" Same@Example.com\"}"));
    try (Deliverer d = deliverer("Leads", MatchRule.EMAIL)) {
      d.start();
      await("two outcomes", () -> outcomes.size() == 2);
    }
    assertThat(client.records().count("Leads", null)).isEqualTo(1);
    assertThat(outcomes)
        .extracting(DeliveryOutcome::state)
        .containsExactlyInAnyOrder(DeliveryState.CREATED, DeliveryState.UPDATED);
  }

  @Test
  void matchByEmailKeepsTheLeadsOtherAddresses() throws Exception {
    ObjectNode lead = JSON.createObjectNode();
    lead.put("last_name", "Existing");
    ArrayNode emails = lead.putArray("email");
    emails
        .addObject()
        .put("email_address", "work@example.com")
        .put("primary_address", true)
        .put("opt_out", false);
    emails
        .addObject()
        .put("email_address", "home@example.com")
        .put("primary_address", false)
        .put("opt_out", false);
    String id = client.records().create("Leads", lead).path("id").asText();

    append(
        event(
            "track",
            "k1",
            "u1",
            "Signed Up",
            "{\"last_name\":\"Existing\",\"email\":\" Work@Example.com \"}"));
    try (Deliverer d = deliverer("Leads", MatchRule.EMAIL)) {
      d.start();
      await("the outcome", () -> outcomes.size() == 1);
    }

    assertThat(outcomes.get(0).state()).isEqualTo(DeliveryState.UPDATED);
    JsonNode after = client.records().get("Leads", id).path("email");
    assertThat(after).hasSize(2);
    assertThat(after.findValuesAsText("email_address"))
        .containsExactlyInAnyOrder("work@example.com", "home@example.com");
    for (JsonNode e : after) {
      boolean work = e.path("email_address").asText().equals("work@example.com");
      assertThat(e.path("primary_address").asBoolean()).isEqualTo(work);
      // No consent in the event: the sign-up address is opted out; the other keeps its own flag.
      assertThat(e.path("opt_out").asBoolean()).isEqualTo(work);
    }
  }

  @Test
  void anUnknownModuleIsDeadLetteredAndReplayedOnceFixed() throws Exception {
    append(event("track", "x1", "u1", "Lead Generated", "{\"last_name\":\"Nowhere\"}"));
    try (Deliverer d = deliverer("Leadz", MatchRule.NONE)) {
      d.start();
      await("the dead letter", () -> outcomes.size() == 1);
      await("the commit", () -> journal.committed() == 1);
    }
    assertThat(outcomes.get(0).state()).isEqualTo(DeliveryState.DEAD_LETTERED);
    var letter = deadLetters.waiting().get(0);
    assertThat(letter.httpStatus()).isEqualTo(404);
    assertThat(letter.reason()).contains("Leadz").contains("module:").contains("events replay");

    EventProcessor fixed =
        new EventProcessor(
            client, profiles, log, PresetCatalog.load("lead_capture"), "marketing", MatchRule.NONE);
    var results = new DeadLetterReplay(fixed, deadLetters).all();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).delivered()).isTrue();
    assertThat(deadLetters.waiting()).isEmpty();
    assertThat(
            client
                .records()
                .get("Leads", EventProcessor.recordIdFor("x1"))
                .path("last_name")
                .asText())
        .isEqualTo("Nowhere");
  }

  @Test
  void aDeadLetterStoredTwiceByACrashAndReplayedTwiceMakesOneLead() throws Exception {
    append(event("track", "twice-1", "u1", "Lead Generated", "{\"last_name\":\"Twice\"}"));
    try (Deliverer d = deliverer("Leadz", MatchRule.NONE)) {
      d.start();
      await("the dead letter", () -> outcomes.size() == 1);
    }
    // A crash after the dead letter was stored but before the outcome was logged stores it again
    // when the event is read once more.
    var first = deadLetters.waiting().get(0);
    deadLetters.add(
        first.messageId(),
        first.sequence(),
        first.event(),
        first.sugarPayload(),
        first.httpStatus(),
        first.sugarError(),
        first.reason());
    assertThat(deadLetters.waiting()).hasSize(2);

    EventProcessor fixed =
        new EventProcessor(
            client, profiles, log, PresetCatalog.load("lead_capture"), "marketing", MatchRule.NONE);
    var results = new DeadLetterReplay(fixed, deadLetters).all();
    var again = new DeadLetterReplay(fixed, deadLetters).all();

    assertThat(results).hasSize(2).allMatch(DeadLetterReplay.Result::delivered);
    assertThat(again).as("nothing left to replay").isEmpty();
    assertThat(client.records().count("Leads", null)).isEqualTo(1);
    assertThat(
            client
                .records()
                .get("Leads", EventProcessor.recordIdFor("twice-1"))
                .path("last_name")
                .asText())
        .isEqualTo("Twice");
  }

  @Test
  void serverErrorsAreRetriedWithoutLosingOrder() throws Exception {
    sandbox.faults().set(FaultSettings.none().with500(0.7));
    for (int i = 0; i < 10; i++) {
      append(
          event(
              "track", "r" + i, "same-person", "Lead Generated", "{\"last_name\":\"R" + i + "\"}"));
    }
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("ten outcomes", () -> outcomes.size() == 10);
    }
    sandbox.faults().set(FaultSettings.none());
    assertThat(outcomes).allMatch(o -> o.state() == DeliveryState.CREATED);
    List<String> order = new ArrayList<>();
    outcomes.forEach(o -> order.add(o.sugarPayload().path("last_name").asText()));
    assertThat(order).containsExactly("R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9");
    assertThat(client.records().count("Leads", null)).isEqualTo(10);
  }

  @Test
  void aValueSugarRefusesIsDeadLetteredWithSugarsMessageAndTheFix() throws Exception {
    append(
        event(
            "track",
            "bad-email-1",
            "u1",
            "Lead Generated",
            "{\"last_name\":\"Typo\",\"email\":\"ada-at-example.com\"}"));
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("the dead letter", () -> outcomes.size() == 1);
    }
    var letter = deadLetters.waiting().get(0);
    assertThat(letter.httpStatus()).isEqualTo(422);
    assertThat(letter.sugarError()).contains("invalid_parameter").contains("invalid email address");
    assertThat(letter.reason())
        .contains("Sugar refused the record's data")
        .contains("mapping")
        .contains("events replay");
    assertThat(letter.sugarPayload()).contains("ada-at-example.com");
    assertThat(client.records().count("Leads", null)).isZero();
  }

  @Test
  void aWrongPasswordHoldsEventsInTheJournalInsteadOfDeadLetteringThem() throws Exception {
    SugarClient right = client;
    client = SugarClient.builder(sandbox.connection("admin", "not-the-password").build()).build();
    List<String> retries = new CopyOnWriteArrayList<>();
    append(event("track", "held-1", "u1", "Lead Generated", "{\"last_name\":\"Held\"}"));
    var preset = PresetCatalog.load("lead_capture");
    try (Deliverer d =
        new Deliverer(
            journal,
            new EventProcessor(client, profiles, log, preset, "marketing", MatchRule.NONE),
            deadLetters,
            log,
            new DeliveryListener() {
              @Override
              public void retrying(long sequence, EventMessage event, String why) {
                retries.add(why);
              }
            },
            2,
            Duration.ofMillis(10),
            Duration.ofMillis(50))) {
      d.start();
      await("two failed attempts", () -> retries.size() >= 2);
      assertThat(d.recentRetryReason(Duration.ofMinutes(1))).isNotNull();
    }
    assertThat(retries.get(0)).doesNotContain("not-the-password");
    assertThat(deadLetters.waiting()).isEmpty();
    assertThat(journal.committed()).isZero();

    client = right;
    try (Deliverer d = deliverer("Leads", MatchRule.NONE)) {
      d.start();
      await("the held event", () -> outcomes.size() == 1);
    }
    assertThat(outcomes.get(0).state()).isEqualTo(DeliveryState.CREATED);
  }
}
