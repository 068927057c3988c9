package io.sugarbridge.events.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.journal.DiskSync;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.journal.JournalOptions;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking a decoded, authenticated request's events into a real journal, without HTTP. */
class BatchIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<RejectedEvent> rejected = new CopyOnWriteArrayList<>();
  private final List<Long> accepted = new CopyOnWriteArrayList<>();
  private FileEventJournal journal;

  @AfterEach
  void close() {
    if (journal != null) {
      journal.close();
    }
  }

  private static IngestSettings settings() {
    return IngestSettings.of(Map.of("website", Secret.of("wk-batch-ingest-0123")));
  }

  private BatchIngest ingest(IngestSettings settings, JournalOptions options) {
    journal = FileEventJournal.open(dir.resolve("journal"), options);
    IngestListener listener =
        new IngestListener() {
          @Override
          public void accepted(EventMessage event, long sequence) {
            accepted.add(sequence);
          }

          @Override
          public void rejected(RejectedEvent r) {
            rejected.add(r);
          }
        };
    Refusals refusals = new Refusals(registry, listener);
    return new BatchIngest(
        settings, journal, registry, listener, refusals, new RateLimits(settings, CLOCK, refusals));
  }

  private BatchIngest ingest(IngestSettings settings) {
    return ingest(
        settings, JournalOptions.defaults().withDiskSync(DiskSync.FSYNC).withPreallocateBytes(0));
  }

  private static BatchIngest.Request request(String path, String body) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(body);
    return new BatchIngest.Request(node, body.getBytes(UTF_8).length, "website", CLIENT, path, NOW);
  }

  private static JsonNode json(IngestResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  private double counted(String name, String reason) {
    var search = registry.find(name);
    if (reason != null) {
      search = search.tag("reason", reason);
    }
    var c = search.counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aBatchKeepsItsGoodEventsAndListsEachRefusedOneWithItsIndex() throws Exception {
    BatchIngest ingest = ingest(settings());

    IngestResult result =
        ingest.batch(
            request(
                "/v1/batch",
                """
                {"batch":[
                  {"type":"identify","userId":"u1","traits":{"email":"a@example.com"}},
                  {"type":"track","userId":"u1"},
                  {"type":"track","anonymousId":"a1","event":"Lead Generated","messageId":"m3"},
                  {"type":"launch","userId":"u2","messageId":"m4"}
                ],"context":{"ip":"10.0.0.1"}}
                """));

    assertThat(result.isPending()).as("answered once the journal has the events").isTrue();
    IngestResponse answer = result.await();
    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = json(answer);
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("rejected")).hasSize(2);
    assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("missing_event");
    assertThat(body.get("rejected").get(1).get("index").asInt()).isEqualTo(3);
    assertThat(body.get("rejected").get(1).get("messageId").asText()).isEqualTo("m4");
    assertThat(body.get("rejected").get(1).get("reason").asText()).isEqualTo("unknown_type");

    List<JournalEntry> stored = journal.readAfter(0, 10);
    assertThat(stored).hasSize(2);
    EventMessage lead = EventCodec.decode(stored.get(1).payload());
    assertThat(lead.messageId()).isEqualTo("m3");
    assertThat(lead.context().get("ip").asText()).as("the batch's context").isEqualTo("10.0.0.1");
    assertThat(lead.writeKeyName()).isEqualTo("website");
    assertThat(lead.receivedAt()).isEqualTo(NOW);
    assertThat(accepted).containsExactly(1L, 2L);
    assertThat(rejected).extracting(RejectedEvent::index).containsExactly(1, 3);
    assertThat(rejected).extracting(RejectedEvent::status).containsOnly(200);
    assertThat(counted("events.received", null)).isEqualTo(4);
    assertThat(counted("events.journaled", null)).isEqualTo(2);
    assertThat(counted("events.rejected", "unknown_type")).isEqualTo(1);
  }

  @Test
  void aBatchOfOnlyGoodEventsIsAnsweredSuccessAlone() throws Exception {
    BatchIngest ingest = ingest(settings());

    IngestResponse answer =
        ingest
            .batch(request("/v1/import", "{\"batch\":[{\"type\":\"page\",\"userId\":\"u\"}]}"))
            .await();

    assertThat(answer).isEqualTo(IngestResponse.success());
    assertThat(answer.body()).isEqualTo("{\"success\":true}");
  }

  @Test
  void aBatchWhoseEveryEventIsRefusedIs400AndNothingIsJournaled() throws Exception {
    BatchIngest ingest = ingest(settings());

    IngestResult result =
        ingest.batch(request("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"event\":\"E\"}]}"));

    assertThat(result.isPending()).isFalse();
    assertThat(result.answer().status()).isEqualTo(400);
    JsonNode body = json(result.answer());
    assertThat(body.get("reason").asText()).isEqualTo("all_rejected");
    assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("missing_identity");
    assertThat(rejected).extracting(RejectedEvent::status).containsExactly(400);
    assertThat(journal.last()).isZero();
  }

  @Test
  void aBatchOfTheWrongShapeIsRefusedWhole() throws Exception {
    BatchIngest ingest = ingest(settings());

    IngestResponse empty = ingest.batch(request("/v1/batch", "{\"batch\":[]}")).await();
    IngestResponse missing = ingest.batch(request("/v1/batch", "{\"events\":[{}]}")).await();
    IngestResponse context =
        ingest.batch(request("/v1/batch", "{\"batch\":[{}],\"context\":\"web\"}")).await();

    assertThat(empty.status()).isEqualTo(400);
    assertThat(json(empty).get("error").asText())
        .isEqualTo("batch must be a non-empty array of events");
    assertThat(json(missing).get("reason").asText()).isEqualTo("malformed_json");
    assertThat(context.status()).isEqualTo(400);
    assertThat(json(context).get("reason").asText()).isEqualTo("invalid_field");
    assertThat(json(context).get("error").asText())
        .isEqualTo("the batch's context and integrations must be JSON objects");
    assertThat(journal.last()).isZero();
  }

  @Test
  void aSharedContextCopiedIntoEveryEventCountsTowardsTheStoredLimit() throws Exception {
    // 1 KB per batch, so 4 KB stored; a 300-byte context copied into 20 events is over it.
    BatchIngest ingest = ingest(settings().withBodyLimits(1024, 1024));
    String events = "{\"type\":\"page\",\"userId\":\"u\"},".repeat(19) + "{\"type\":\"page\"}";
    String context = "{\"note\":\"" + "x".repeat(300) + "\"}";

    IngestResult result =
        ingest.batch(
            request("/v1/batch", "{\"batch\":[" + events + "],\"context\":" + context + "}"));

    assertThat(result.isPending()).isFalse();
    assertThat(result.answer().status()).isEqualTo(413);
    assertThat(json(result.answer()).get("reason").asText()).isEqualTo("too_large");
    assertThat(json(result.answer()).get("error").asText())
        .startsWith("the batch would be stored as about ")
        .contains("its 20 events each with a copy of the batch's context");
    assertThat(counted("events.rejected", "too_large")).isEqualTo(20);
    assertThat(journal.last()).isZero();
  }

  @Test
  void anEventOverTheLimitPerEventIsRefusedAndTheRestKept() throws Exception {
    BatchIngest ingest = ingest(settings().withBodyLimits(1024, 8192));
    String big = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + "E".repeat(1100) + "\"}";

    IngestResponse answer =
        ingest
            .batch(
                request(
                    "/v1/batch",
                    "{\"batch\":["
                        + big
                        + ",{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]}"))
            .await();

    assertThat(answer.status()).isEqualTo(200);
    JsonNode refused = json(answer).get("rejected").get(0);
    assertThat(refused.get("index").asInt()).isZero();
    assertThat(refused.get("reason").asText()).isEqualTo("too_large");
    assertThat(refused.get("error").asText()).endsWith("over the limit of 1024 bytes per event");
    assertThat(journal.last()).isEqualTo(1);
  }

  @Test
  void overTheAddressLimitIs429NamingTheSettingAndNothingIsJournaled() throws Exception {
    BatchIngest ingest = ingest(settings().withAddressRateLimit(1, 2));
    String two =
        "{\"batch\":[{\"type\":\"page\",\"userId\":\"u\"},{\"type\":\"page\",\"userId\":\"u\"}]}";
    assertThat(ingest.batch(request("/v1/batch", two)).await().status()).isEqualTo(200);

    IngestResponse answer = ingest.batch(request("/v1/batch", two)).await();

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.retryAfterSeconds()).isEqualTo(2);
    assertThat(json(answer).get("reason").asText()).isEqualTo("address_rate_limited");
    assertThat(json(answer).get("limit").asText()).isEqualTo("rate_limit_per_address_per_second");
    assertThat(json(answer).get("error").asText())
        .contains("(" + CLIENT.getHostAddress() + ";")
        .endsWith("retry after 2 s");
    assertThat(counted("events.rejected", "address_rate_limited")).isEqualTo(2);
    assertThat(journal.last()).isEqualTo(2);
  }

  @Test
  void overTheWriteKeysLimitIs429NamingItsSetting() throws Exception {
    BatchIngest ingest = ingest(settings().withRateLimit(1, 1));
    String one = "{\"batch\":[{\"type\":\"page\",\"userId\":\"u\"}]}";
    assertThat(ingest.batch(request("/v1/batch", one)).await().status()).isEqualTo(200);

    IngestResponse answer = ingest.batch(request("/v1/batch", one)).await();

    assertThat(answer.status()).isEqualTo(429);
    assertThat(json(answer).get("reason").asText()).isEqualTo("rate_limited");
    assertThat(json(answer).get("limit").asText()).isEqualTo("rate_limit_per_second");
    assertThat(json(answer).get("error").asText()).contains("for write key website");
    assertThat(rejected).extracting(RejectedEvent::status).containsExactly(429);
  }

  @Test
  void aSingleEventTakesTheTypeOfItsEndpoint() throws Exception {
    BatchIngest ingest = ingest(settings());

    IngestResponse ok =
        ingest
            .single("track", request("/v1/track", "{\"userId\":42,\"event\":\"Signed Up\"}"))
            .await();
    IngestResponse refused =
        ingest
            .single("track", request("/v1/track", "{\"userId\":\"u\",\"messageId\":\"m\"}"))
            .await();

    assertThat(ok).isEqualTo(IngestResponse.success());
    EventMessage stored = EventCodec.decode(journal.readAfter(0, 1).get(0).payload());
    assertThat(stored.type()).isEqualTo("track");
    assertThat(stored.userId()).isEqualTo("42");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(json(refused).get("reason").asText()).isEqualTo("missing_event");
    assertThat(json(refused).has("rejected")).isFalse();
    RejectedEvent r = rejected.get(0);
    assertThat(r.index()).isNull();
    assertThat(r.messageId()).isEqualTo("m");
    assertThat(r.path()).isEqualTo("/v1/track");
    assertThat(r.payload()).isNotNull();
  }

  @Test
  void eventsTheJournalCannotMakeDurableAre503AndNeverAcknowledged() throws Exception {
    // The journal takes payloads of at most 200 bytes: an encoded event is larger.
    BatchIngest ingest =
        ingest(settings(), new JournalOptions(1024 * 1024, 200, DiskSync.FSYNC, 0));

    IngestResponse answer =
        ingest
            .single(
                "identify",
                request(
                    "/v1/identify",
                    "{\"userId\":\"u\",\"traits\":{\"note\":\"" + "n".repeat(250) + "\"}}"))
            .await();

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryAfterSeconds()).isEqualTo(1);
    assertThat(json(answer).get("reason").asText()).isEqualTo("journal_unavailable");
    assertThat(accepted).isEmpty();
    assertThat(rejected).extracting(RejectedEvent::status).containsExactly(503);
    assertThat(counted("events.rejected", "journal_unavailable")).isEqualTo(1);
    assertThat(counted("events.journaled", null)).isZero();
  }
}
