package io.sugarbridge.events.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.journal.DiskSync;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.journal.JournalOptions;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.sandbox.SandboxClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

// Runs beside the other test classes, its own tests one at a time (the lock): a tenth of the
// module's test time is one of them waiting out the collector's 10 s body timeout.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("IngestEndpointsTest")
class IngestEndpointsTest {
  private static final String KEY = "wk-test-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<long[]> accepted = new CopyOnWriteArrayList<>();
  private final List<RejectedEvent> rejected = new CopyOnWriteArrayList<>();
  private FileEventJournal journal;
  private Javalin app;
  private String base;

  private final IngestListener listener =
      new IngestListener() {
        @Override
        public void accepted(EventMessage event, long sequence) {
          accepted.add(new long[] {sequence});
        }

        @Override
        public void rejected(RejectedEvent r) {
          rejected.add(r);
        }
      };

  private static IngestSettings settings() {
    return IngestSettings.of(Map.of("website", Secret.of(KEY)));
  }

  private void start(IngestSettings settings) {
    start(settings, JournalOptions.defaults(), Clock.systemUTC());
  }

  private void start(IngestSettings settings, JournalOptions options, Clock clock) {
    journal = FileEventJournal.open(dir.resolve("journal"), options);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    new IngestEndpoints(settings, journal, registry, clock, listener).register(app);
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (journal != null) {
      journal.close();
    }
  }

  private static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(UTF_8));
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> sendWithKey(String path, String body) throws Exception {
    return send(post(path, body).header("Authorization", basic(KEY)));
  }

  private List<EventMessage> journaled() {
    return journal.readAfter(0, 1000).stream()
        .map(JournalEntry::payload)
        .map(EventCodec::decode)
        .toList();
  }

  private double rejectedCount(String reason) {
    var c = registry.find("events.rejected").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aTrackEventIsJournaledThenAcknowledged() throws Exception {
    start(settings());
    HttpResponse<String> r =
        sendWithKey(
            "/v1/track",
            "{\"userId\":\"u1\",\"event\":\"Lead Generated\",\"messageId\":\"m-1\","
                + "\"properties\":{\"lead_source\":\"Web Site\"},\"timestamp\":"
                + "\"2026-11-23T10:00:00Z\",\"context\":{\"ip\":\"1.2.3.4\"}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"success\":true}");
    List<EventMessage> events = journaled();
    assertThat(events).hasSize(1);
    EventMessage e = events.get(0);
    assertThat(e.type()).isEqualTo("track");
    assertThat(e.userId()).isEqualTo("u1");
    assertThat(e.event()).isEqualTo("Lead Generated");
    assertThat(e.messageId()).isEqualTo("m-1");
    assertThat(e.properties().get("lead_source").asText()).isEqualTo("Web Site");
    assertThat(e.context().get("ip").asText()).isEqualTo("1.2.3.4");
    assertThat(e.timestamp()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(e.writeKeyName()).isEqualTo("website");
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0)[0]).isEqualTo(1);
    assertThat(registry.find("events.journaled").counter().count()).isEqualTo(1);
    assertThat(registry.find("events.received").counter().count()).isEqualTo(1);
    assertThat(registry.find("events.ack.latency").timer().count()).isEqualTo(1);
  }

  @Test
  void identifyKeepsTraitsAndAMissingMessageIdIsGenerated() throws Exception {
    start(settings());
    HttpResponse<String> r =
        sendWithKey(
            "/v1/identify",
            "{\"anonymousId\":\"anon-7\",\"traits\":{\"email\":\"A@B.com\",\"last_name\":\"Lee\"}}");

    assertThat(r.statusCode()).isEqualTo(200);
    EventMessage e = journaled().get(0);
    assertThat(e.type()).isEqualTo("identify");
    assertThat(e.userId()).isNull();
    assertThat(e.anonymousId()).isEqualTo("anon-7");
    assertThat(e.traits().get("last_name").asText()).isEqualTo("Lee");
    assertThat(e.messageId()).isNotBlank();
  }

  @Test
  void theWriteKeyInTheBodyAsAnalyticsJsSendsItIsAcceptedAndNeverJournaled() throws Exception {
    start(settings());
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/t"))
                .header("Content-Type", "text/plain")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"writeKey\":\""
                            + KEY
                            + "\",\"userId\":\"u1\",\"event\":\"Signed Up\"}")));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(journaled()).hasSize(1);
    assertThat(new String(journal.readAfter(0, 1).get(0).payload(), UTF_8)).doesNotContain(KEY);
  }

  @Test
  void aMissingOrWrongWriteKeyIs401AndTheKeyIsNeverEchoed() throws Exception {
    start(settings());
    String event = "{\"userId\":\"u1\",\"event\":\"Signed Up\"}";
    HttpResponse<String> missing = send(post("/v1/track", event));
    HttpResponse<String> wrong =
        send(post("/v1/track", event).header("Authorization", basic("guess-123")));
    HttpResponse<String> wrongInBody =
        send(post("/v1/track", "{\"writeKey\":\"guess-456\",\"userId\":\"u1\",\"event\":\"x\"}"));
    HttpResponse<String> notBasic =
        send(post("/v1/track", event).header("Authorization", "Bearer " + KEY));

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("write key is missing").contains("HTTP Basic");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("unknown write key").doesNotContain("guess-123");
    assertThat(wrongInBody.statusCode()).isEqualTo(401);
    assertThat(wrongInBody.body()).doesNotContain("guess-456");
    assertThat(notBasic.statusCode()).isEqualTo(401);
    assertThat(notBasic.body()).doesNotContain(KEY);
    assertThat(journaled()).isEmpty();
    assertThat(rejectedCount("unauthorized")).isEqualTo(4);
    assertThat(rejected).allSatisfy(r -> assertThat(r.toString()).doesNotContain(KEY));
  }

  @Test
  void anUnknownEndpointIs404NamingTheEndpointsThereAre() throws Exception {
    start(settings());
    HttpResponse<String> r = sendWithKey("/v1/purchase", "{\"userId\":\"u1\"}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no endpoint /v1/purchase").contains("/v1/identify, track");
    assertThat(journaled()).isEmpty();
  }

  @Test
  void everySingleEventEndpointAndShortFormJournalsItsType() throws Exception {
    start(settings());
    String[][] cases = {
      {"identify", "identify"},
      {"page", "page"},
      {"screen", "screen"},
      {"group", "group"},
      {"alias", "alias"},
      {"i", "identify"},
      {"p", "page"},
      {"s", "screen"},
      {"g", "group"},
      {"a", "alias"},
      {"t", "track"}
    };
    for (String[] c : cases) {
      HttpResponse<String> r =
          sendWithKey(
              "/v1/" + c[0],
              "{\"userId\":\"u1\",\"event\":\"E\",\"groupId\":\"g1\",\"previousId\":\"old\"}");
      assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
    }
    List<EventMessage> events = journaled();
    assertThat(events)
        .extracting(EventMessage::type)
        .containsExactlyElementsOf(java.util.Arrays.stream(cases).map(c -> c[1]).toList());
    assertThat(events.get(3).properties().get("groupId").asText()).isEqualTo("g1");
    assertThat(events.get(4).properties().get("previousId").asText()).isEqualTo("old");
  }

  @Test
  void malformedJsonIs400AndNotJournaled() throws Exception {
    start(settings());
    HttpResponse<String> r = sendWithKey("/v1/track", "{\"userId\":\"u1\",\"event\":");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("reason").asText()).isEqualTo("malformed_json");
    assertThat(body.get("error").asText()).startsWith("malformed JSON").contains("line 1");
    assertThat(journaled()).isEmpty();
    assertThat(rejectedCount("malformed_json")).isEqualTo(1);
  }

  @Test
  void anEventWithoutUserIdAndAnonymousIdIs400() throws Exception {
    start(settings());
    HttpResponse<String> r = sendWithKey("/v1/track", "{\"event\":\"Signed Up\",\"userId\":\"\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("missing_identity").contains("userId or anonymousId is required");
    assertThat(journaled()).isEmpty();
    assertThat(rejected)
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).isEqualTo("missing_identity"));
  }

  @Test
  void aTrackWithoutItsEventNameIs400() throws Exception {
    start(settings());
    HttpResponse<String> r = sendWithKey("/v1/track", "{\"userId\":\"u1\",\"properties\":{}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("missing_event").contains("needs event");
    assertThat(journaled()).isEmpty();
  }

  @Test
  void aBatchKeepsItsGoodEventsAndReportsEachBadOne() throws Exception {
    start(settings());
    String batch =
        "{\"batch\":["
            + "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"last_name\":\"Lee\"},\"messageId\":\"a\"},"
            + "{\"type\":\"purchase\",\"userId\":\"u1\",\"messageId\":\"b\"},"
            + "{\"type\":\"track\",\"userId\":\"u1\",\"messageId\":\"c\"},"
            + "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"d\"},"
            + "{\"userId\":\"u1\",\"event\":\"Signed Up\",\"messageId\":\"e\"},"
            + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Lead Generated\",\"messageId\":\"f\"}"
            + "]}";
    HttpResponse<String> r = sendWithKey("/v1/batch", batch);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isTrue();
    JsonNode refused = body.get("rejected");
    assertThat(refused).hasSize(4);
    assertThat(refused.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(refused.get(0).get("messageId").asText()).isEqualTo("b");
    assertThat(refused.get(0).get("reason").asText()).isEqualTo("unknown_type");
    assertThat(refused.get(0).get("error").asText()).contains("unknown type 'purchase'");
    assertThat(refused.get(1).get("reason").asText()).isEqualTo("missing_event");
    assertThat(refused.get(2).get("reason").asText()).isEqualTo("missing_identity");
    assertThat(refused.get(3).get("reason").asText()).isEqualTo("unknown_type");
    assertThat(refused.get(3).get("error").asText()).contains("type is missing");
    assertThat(journaled()).extracting(EventMessage::messageId).containsExactly("a", "f");
    assertThat(registry.find("events.received").counter().count()).isEqualTo(6);
    assertThat(rejectedCount("unknown_type")).isEqualTo(2);
  }

  @Test
  void aBatchOfOnlyBadEventsIs400() throws Exception {
    start(settings());
    HttpResponse<String> r =
        sendWithKey("/v1/batch", "{\"batch\":[{\"type\":\"nope\",\"userId\":\"u\"}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("every event in the batch was refused").contains("\"index\":0");
    assertThat(journaled()).isEmpty();
  }

  @Test
  void theBatchContextAndIntegrationsMergeIntoEachEvent() throws Exception {
    start(settings());
    String batch =
        "{\"context\":{\"library\":{\"name\":\"analytics-java\"},\"ip\":\"9.9.9.9\"},"
            + "\"integrations\":{\"All\":true},\"batch\":["
            + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\",\"context\":{\"ip\":\"1.1.1.1\"}},"
            + "{\"type\":\"page\",\"userId\":\"u1\",\"name\":\"Pricing\"}]}";
    assertThat(sendWithKey("/v1/batch", batch).statusCode()).isEqualTo(200);

    List<EventMessage> events = journaled();
    assertThat(events.get(0).context().get("ip").asText()).isEqualTo("1.1.1.1");
    assertThat(events.get(0).context().get("library").get("name").asText())
        .isEqualTo("analytics-java");
    assertThat(events.get(1).context().get("ip").asText()).isEqualTo("9.9.9.9");
    assertThat(events.get(1).name()).isEqualTo("Pricing");
    assertThat(events.get(1).integrations().get("All").asBoolean()).isTrue();
  }

  @Test
  void aGzippedBatchPostedToImportIsAccepted() throws Exception {
    start(settings());
    String batch =
        "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Signed Up\"}],"
            + "\"sentAt\":\"2026-11-23T10:00:00Z\"}";
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/import"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Authorization", basic(KEY))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(batch))));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(journaled()).extracting(EventMessage::event).containsExactly("Signed Up");
  }

  @Test
  void brokenGzipAndUnknownEncodingsAreRefused() throws Exception {
    start(settings());
    HttpResponse<String> broken =
        send(
            post("/v1/batch", "not gzip at all")
                .header("Content-Encoding", "gzip")
                .header("Authorization", basic(KEY)));
    HttpResponse<String> brotli =
        send(
            post("/v1/batch", "x")
                .header("Content-Encoding", "br")
                .header("Authorization", basic(KEY)));

    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("gzip");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(brotli.body()).contains("Content-Encoding br is not supported");
  }

  @Test
  void oversizedEventsAndBatchesAre413() throws Exception {
    start(settings());
    String big = "x".repeat(33 * 1024);
    HttpResponse<String> event =
        sendWithKey(
            "/v1/track",
            "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"" + big + "\"}}");
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 20; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"")
          .append("y".repeat(30 * 1024))
          .append("\"}}");
    }
    HttpResponse<String> wholeBatch = sendWithKey("/v1/batch", batch.append("]}").toString());
    HttpResponse<String> oneBigInBatch =
        sendWithKey(
            "/v1/batch",
            "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\""
                + big
                + "\"}},{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Small\"}]}");

    assertThat(event.statusCode()).isEqualTo(413);
    assertThat(event.body()).contains("over the limit of 32768 bytes per event");
    assertThat(wholeBatch.statusCode()).isEqualTo(413);
    assertThat(wholeBatch.body()).contains("512000 bytes per batch");
    assertThat(oneBigInBatch.statusCode()).isEqualTo(200);
    assertThat(oneBigInBatch.body()).contains("\"index\":0").contains("too_large");
    assertThat(journaled()).extracting(EventMessage::event).containsExactly("Small");
  }

  @Test
  void aBatchWhoseSharedContextWouldExpandPastTheStoredLimitIs413AndNothingIsJournaled()
      throws Exception {
    start(settings());
    // 9,000 tiny events and one 40 KB context, under the 500 KB body limit: stored per event that
    // would be 360 MB.
    StringBuilder batch =
        new StringBuilder("{\"context\":{\"page\":{\"title\":\"")
            .append("c".repeat(40 * 1024))
            .append("\"}},\"batch\":[");
    for (int i = 0; i < 9000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"userId\":\"u\"}");
    }
    String body = batch.append("]}").toString();
    assertThat(body.length()).isLessThan(IngestSettings.DEFAULT_MAX_BATCH_BYTES);

    HttpResponse<String> r = sendWithKey("/v1/batch", body);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body())
        .contains("too_large")
        .contains("over the limit of 2048000 bytes stored per batch");
    assertThat(journaled()).isEmpty();
    // A batch whose context is small is still taken whole.
    HttpResponse<String> ok =
        sendWithKey(
            "/v1/batch",
            "{\"context\":{\"page\":{\"title\":\"Home\"}},\"batch\":["
                + "{\"type\":\"page\",\"userId\":\"u\"},{\"type\":\"page\",\"userId\":\"v\"}]}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(journaled()).hasSize(2);
  }

  @Test
  void anEventCountedWithTheBatchContextOverTheEventLimitIsRefused() throws Exception {
    start(settings());
    String body =
        "{\"context\":{\"page\":{\"title\":\""
            + "c".repeat(30 * 1024)
            + "\"}},\"batch\":[{\"type\":\"page\",\"userId\":\"u\",\"properties\":{\"p\":\""
            + "p".repeat(4 * 1024)
            + "\"}},{\"type\":\"page\",\"userId\":\"v\"}]}";

    HttpResponse<String> r = sendWithKey("/v1/batch", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"index\":0")
        .contains("with the batch's context and integrations, over the limit of 32768 bytes");
    assertThat(journaled()).extracting(EventMessage::userId).containsExactly("v");
  }

  @Test
  void aTraitOverItsLimitIsRefusedNamingTheTraitAndTheLimit() throws Exception {
    start(settings());
    String big = "t".repeat(IngestSettings.MAX_TRAIT_BYTES);

    HttpResponse<String> identify =
        sendWithKey("/v1/identify", "{\"userId\":\"u\",\"traits\":{\"bio\":\"" + big + "\"}}");
    HttpResponse<String> inContext =
        sendWithKey(
            "/v1/batch",
            "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\","
                + "\"context\":{\"traits\":{\"notes\":\""
                + big
                + "\"}}},{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Small\"}]}");

    assertThat(identify.statusCode()).isEqualTo(413);
    assertThat(identify.body())
        .contains("the trait bio is " + (big.length() + 5) + " bytes")
        .contains("over the limit of 8192 bytes per trait");
    assertThat(inContext.statusCode()).isEqualTo(200);
    assertThat(inContext.body()).contains("\"index\":0").contains("the trait notes is");
    assertThat(journaled()).extracting(EventMessage::event).containsExactly("Small");
  }

  @Test
  void trailingDataConcatenatedDocumentsAndOverlongUtf8Are400() throws Exception {
    start(settings());
    String event = "{\"userId\":\"u\",\"event\":\"E\"}";

    HttpResponse<String> trailing = sendWithKey("/v1/track", event + " garbage");
    HttpResponse<String> twoDocuments =
        sendWithKey("/v1/track", event + "{\"userId\":\"v\",\"event\":\"F\"}");
    HttpResponse<String> twoBatches =
        sendWithKey(
            "/v1/batch",
            "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]}"
                + "{\"batch\":[{\"type\":\"track\",\"userId\":\"v\",\"event\":\"F\"}]}");
    // "userId":"a<C0 AF>b": C0 AF is an overlong (disguised) '/'.
    byte[] overlong =
        concat(
            "{\"userId\":\"a".getBytes(UTF_8),
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            "b\",\"event\":\"E\"}".getBytes(UTF_8));
    HttpResponse<String> badUtf8 =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/track"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic(KEY))
                .POST(HttpRequest.BodyPublishers.ofByteArray(overlong)));
    HttpResponse<String> fine = sendWithKey("/v1/track", event + " \n");

    assertThat(trailing.statusCode()).as(trailing.body()).isEqualTo(400);
    assertThat(trailing.body()).contains("malformed_json");
    for (HttpResponse<String> r : List.of(twoDocuments, twoBatches)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body())
          .contains("malformed_json")
          .contains("unexpected data after the JSON document");
    }
    assertThat(badUtf8.statusCode()).isEqualTo(400);
    assertThat(badUtf8.body()).contains("not valid UTF-8 (byte offset 12");
    assertThat(fine.statusCode()).as("trailing white space is fine").isEqualTo(200);
    assertThat(journaled()).hasSize(1);
  }

  @Test
  void strictUtf8RefusesOverlongSurrogateAndTruncatedSequencesOnly() {
    assertThat(Utf8.firstInvalid("h\u00e9llo \u20ac \ud83d\ude00".getBytes(UTF_8))).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0xAF})).isEqualTo(1);
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC1, (byte) 0xBF})).isZero();
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})).isZero();
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}))
        .isZero();
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isZero();
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
        .isZero();
    assertThat(Utf8.firstInvalid(new byte[] {'x', (byte) 0xE2, (byte) 0x82})).isEqualTo(1);
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0x80})).isZero();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void getOnAnEndpointIsAJson405NamingPost() throws Exception {
    start(settings());

    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/track"))
                .header("Authorization", basic(KEY)));

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(JSON.readTree(r.body()).path("reason").asText()).isEqualTo("method_not_allowed");
    assertThat(r.body()).contains("send events with POST");
  }

  @Test
  void aBodyTrickledSlowerThanTheBodyTimeoutIs408() throws Exception {
    start(settings());
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(30_000);
      var out = s.getOutputStream();
      out.write(
          ("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                  + basic(KEY)
                  + "\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n")
              .getBytes(UTF_8));
      long start = System.nanoTime();
      // One byte every 200 ms keeps the connection from ever being idle.
      var in = s.getInputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 200; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                  }
                } catch (IOException | InterruptedException e) {
                  // closed by the server: expected
                }
              });
      writer.setDaemon(true);
      writer.start();
      StringBuilder text = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!text.toString().contains("\"}")) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        text.append(new String(buf, 0, n, UTF_8));
      }
      String answer = text.toString();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      writer.interrupt();

      assertThat(answer).startsWith("HTTP/1.1 408").contains("body_timeout").contains("10 s");
      assertThat(seconds).isBetween(9L, 20L);
    }
  }

  @Test
  void aWrongKeyIsRefusedBeforeTheBodyArrives() throws Exception {
    start(settings());
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              ("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                      + basic("wrong-key")
                      + "\r\nContent-Length: 100000\r\n\r\n{")
                  .getBytes(UTF_8));
      // Jetty hands a request over once its first body byte is in; the other 99,999 never come.
      long start = System.nanoTime();
      var in = s.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!answer.toString().contains("unknown write key")) {
        int n;
        try {
          n = in.read(buf);
        } catch (java.net.SocketTimeoutException e) {
          throw new AssertionError("got only: [" + answer + "]", e);
        }
        if (n < 0) {
          break;
        }
        answer.append(new String(buf, 0, n, UTF_8));
      }
      assertThat(answer.toString()).startsWith("HTTP/1.1 401").contains("Connection: close");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
  }

  @Test
  void corsPreflightsAreAnsweredForAllowedOriginsOnly() throws Exception {
    start(settings().withAllowedOrigins(List.of("https://www.example.com")));
    HttpResponse<String> allowed =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/track"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://www.example.com")
                .header("Access-Control-Request-Method", "POST"));
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/batch"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST"));
    HttpResponse<String> postAllowed =
        send(
            post("/v1/track", "{\"writeKey\":\"" + KEY + "\",\"userId\":\"u\",\"event\":\"E\"}")
                .header("Origin", "https://www.example.com"));
    HttpResponse<String> postRefused =
        send(
            post("/v1/track", "{\"writeKey\":\"" + KEY + "\",\"userId\":\"u\",\"event\":\"E\"}")
                .header("Origin", "https://evil.example.net"));

    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://www.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
        .contains("POST");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(refused.body()).contains("not in allowed_origins");
    assertThat(postAllowed.statusCode()).isEqualTo(200);
    assertThat(postAllowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://www.example.com");
    assertThat(postRefused.statusCode()).isEqualTo(403);
    assertThat(journaled()).hasSize(1);
  }

  @Test
  void aBurstOverTheRateLimitGets429WithRetryAfterAndPassesOnceRefilled() throws Exception {
    SandboxClock clock = new SandboxClock(Instant.parse("2026-11-23T10:00:00Z"));
    start(settings().withRateLimit(2, 3), JournalOptions.defaults(), clock);
    String event = "{\"userId\":\"u\",\"event\":\"E\"}";
    int ok = 0;
    HttpResponse<String> limited = null;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = sendWithKey("/v1/track", event);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        limited = r;
      }
    }
    HttpResponse<String> batch =
        sendWithKey(
            "/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]}");

    assertThat(ok).isEqualTo(3);
    assertThat(limited).isNotNull();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(limited.body())
        .contains("over the limit of 2 events per second for write key website");
    assertThat(batch.statusCode()).isEqualTo(429);
    assertThat(journaled()).hasSize(3);
    assertThat(rejectedCount("rate_limited")).isEqualTo(8);

    clock.advance(Duration.ofSeconds(1));
    assertThat(sendWithKey("/v1/track", event).statusCode()).isEqualTo(200);
    assertThat(sendWithKey("/v1/track", event).statusCode()).isEqualTo(200);
    assertThat(sendWithKey("/v1/track", event).statusCode()).isEqualTo(429);
  }

  @Test
  void theAcknowledgementWaitsForTheJournalSync() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch syncing = new CountDownLatch(1);
    AtomicInteger syncs = new AtomicInteger();
    DiskSync held =
        ch -> {
          if (syncs.incrementAndGet() > 1) { // the first sync writes the new segment's header
            syncing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          ch.force(false);
        };
    start(settings(), JournalOptions.defaults().withDiskSync(held), Clock.systemUTC());

    CompletableFuture<HttpResponse<String>> response =
        http.sendAsync(
            post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}")
                .header("Authorization", basic(KEY))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> response.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(accepted).isEmpty();

    release.countDown();
    assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(accepted).hasSize(1);
  }

  @Test
  void aJournalThatCannotSyncAnswers503SoTheSenderRetries() throws Exception {
    AtomicInteger syncs = new AtomicInteger();
    DiskSync failing =
        ch -> {
          if (syncs.incrementAndGet() > 1) {
            throw new IOException("No space left on device");
          }
          ch.force(false);
        };
    start(settings(), JournalOptions.defaults().withDiskSync(failing), Clock.systemUTC());

    HttpResponse<String> r =
        sendWithKey("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"m9\"}");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(r.body()).contains("could not be stored durably");
    assertThat(accepted).isEmpty();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo("journal_unavailable");
              assertThat(x.messageId()).isEqualTo("m9");
            });
  }

  @Test
  void settingsReportEveryProblemAtOnceNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new IngestSettings(
                    Map.of("website", Secret.of("")),
                    List.of("https://ok.example.com", "www.example.com/path"),
                    0,
                    0,
                    100,
                    50))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.setting())
                    .containsExactly(
                        "write_keys.website",
                        "allowed_origins",
                        "rate_limit_per_second",
                        "rate_limit_burst",
                        "max_event_bytes",
                        "max_batch_bytes"));
    assertThat(settings().toString()).doesNotContain(KEY).contains("website");
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(UTF_8));
    }
    return out.toByteArray();
  }
}
