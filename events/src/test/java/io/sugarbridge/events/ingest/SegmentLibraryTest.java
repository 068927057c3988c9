package io.sugarbridge.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.testsupport.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment's own Java library, pointed at the endpoints, is understood as Segment would. */
class SegmentLibraryTest {
  private static final String KEY = "segment-lib-key-42";

  @TempDir Path dir;
  private FileEventJournal journal;
  private Javalin app;
  private final List<Message> succeeded = new CopyOnWriteArrayList<>();
  private final List<Throwable> failed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    journal = FileEventJournal.open(dir);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    new IngestEndpoints(
            IngestSettings.of(Map.of("backend", Secret.of(KEY))),
            journal,
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            IngestListener.NONE)
        .register(app);
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    journal.close();
  }

  private Analytics analytics(String key) {
    return Analytics.builder(key)
        .endpoint("http://127.0.0.1:" + app.port())
        .flushQueueSize(10)
        .retries(1)
        .callback(
            new Callback() {
              @Override
              public void success(Message message) {
                succeeded.add(message);
              }

              @Override
              public void failure(Message message, Throwable throwable) {
                failed.add(throwable);
              }
            })
        .build();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    Await.until("the library's callbacks", Duration.ofSeconds(30), condition);
  }

  @Test
  void eventsSentWithSegmentsJavaLibraryAreJournaledAsSent() throws Exception {
    Analytics analytics = analytics(KEY);
    analytics.enqueue(
        IdentifyMessage.builder()
            .userId("u-1")
            .messageId("msg-identify")
            .traits(Map.of("last_name", "Lee", "email", " Ann.Lee@Example.com ")));
    analytics.enqueue(
        TrackMessage.builder("Lead Generated")
            .userId("u-1")
            .messageId("msg-track")
            .properties(Map.of("lead_source", "Web Site")));
    analytics.enqueue(PageMessage.builder("Pricing").anonymousId("anon-1"));
    analytics.flush();
    waitFor(() -> succeeded.size() + failed.size() >= 3);
    analytics.shutdown();

    assertThat(failed).isEmpty();
    List<EventMessage> events =
        journal.readAfter(0, 10).stream()
            .map(JournalEntry::payload)
            .map(EventCodec::decode)
            .toList();
    assertThat(events).extracting(EventMessage::type).containsExactly("identify", "track", "page");
    EventMessage identify = events.get(0);
    assertThat(identify.messageId()).isEqualTo("msg-identify");
    assertThat(identify.traits().get("email").asText()).isEqualTo(" Ann.Lee@Example.com ");
    assertThat(identify.context().get("library").get("name").asText()).isEqualTo("analytics-java");
    assertThat(identify.timestamp()).isNotBlank();
    EventMessage track = events.get(1);
    assertThat(track.event()).isEqualTo("Lead Generated");
    assertThat(track.properties().get("lead_source").asText()).isEqualTo("Web Site");
    assertThat(events.get(2).name()).isEqualTo("Pricing");
    assertThat(events.get(2).anonymousId()).isEqualTo("anon-1");
    assertThat(events).allSatisfy(e -> assertThat(e.writeKeyName()).isEqualTo("backend"));
  }

  @Test
  void aWrongWriteKeyIsReportedToTheLibraryAsAFailure() throws Exception {
    Analytics analytics = analytics("not-the-key");
    analytics.enqueue(TrackMessage.builder("Signed Up").userId("u-2"));
    analytics.flush();
    waitFor(() -> succeeded.size() + failed.size() >= 1);
    analytics.shutdown();

    assertThat(succeeded).isEmpty();
    assertThat(failed).isNotEmpty();
    assertThat(journal.last()).isZero();
  }
}
