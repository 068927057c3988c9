package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.FreePort;
import io.sugarbridge.testsupport.JavaProcess;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Kills the collector process with SIGKILL while Segment's library is sending, starts it again on
 * the same journal, and checks that every event the collector acknowledged is in Sugar exactly
 * once.
 *
 * <p>Runs beside the other test classes: most of its time is Segment's library waiting out its own
 * retry back-off for the batches sent while the collector was down.
 */
@Execution(ExecutionMode.CONCURRENT)
class CollectorKillTest {
  @TempDir Path dir;

  private JavaProcess startCollector(Path eventsFile, int run) throws IOException {
    return JavaProcess.of(CollectorProcess.class.getName(), eventsFile.toString())
        .env("TEST_WRITE_KEY", CollectorFixture.WRITE_KEY)
        .start(dir.resolve("collector-" + run + ".log"));
  }

  @Test
  void everyAcknowledgedEventIsInSugarExactlyOnceAfterAKill() throws Exception {
    int port = FreePort.pick();
    try (TestSandbox sandbox =
        TestSandbox.configured(
                b -> b.adminPassword(CollectorFixture.PASSWORD).platform("events-test-reader"))
            .start()) {
      CollectorFixture f = new CollectorFixture(dir, "", sandbox);
      Path eventsFile = dir.resolve("events.yaml");
      Files.writeString(
          eventsFile, Files.readString(eventsFile).replace("127.0.0.1:0", "127.0.0.1:" + port));
      String url = "http://127.0.0.1:" + port;

      JavaProcess first = startCollector(eventsFile, 1);
      first.awaitHttp(url + "/healthz", status -> status == 200, Duration.ofSeconds(60));

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> refused = ConcurrentHashMap.newKeySet();
      Analytics analytics = CollectorFixture.segment(url, acknowledged, refused);
      int n = 200;
      List<String> ids = new ArrayList<>();
      JavaProcess second = null;
      int ackedBeforeKill = 0;
      try {
        for (int i = 0; i < n; i++) {
          String id = "kill-" + i;
          ids.add(id);
          analytics.enqueue(
              TrackMessage.builder("Lead Generated")
                  .userId("kill-user-" + (i % 17))
                  .messageId(id)
                  .context(
                      Map.of(
                          "traits",
                          Map.of(
                              "last_name", "Kill " + i, "email", "kill-" + i + "@example.com"))));
          if (i == n / 2) {
            Await.until(
                "half the events acknowledged",
                Duration.ofSeconds(60),
                () -> acknowledged.size() >= n / 4);
            first.kill();
            ackedBeforeKill = acknowledged.size();
            second = startCollector(eventsFile, 2);
          }
        }
        analytics.flush();
        JavaProcess running = second;
        running.awaitHttp(url + "/healthz", status -> status == 200, Duration.ofSeconds(60));
        Await.until(
            "every event acknowledged or given up by the sender",
            Duration.ofMinutes(2),
            () -> acknowledged.size() + refused.size() >= n);

        SugarClient sugar = f.sugar();
        Await.until(
            "every acknowledged event in Sugar",
            Duration.ofMinutes(2),
            () ->
                acknowledged.stream()
                    .allMatch(id -> !f.leadsWithEmail(sugar, id + "@example.com").isEmpty()));
        assertThat(acknowledged).hasSizeGreaterThan(n / 2);
        assertThat(acknowledged.size())
            .as("acknowledged by the restarted collector")
            .isGreaterThan(ackedBeforeKill);
        System.out.printf(
            "kill test: %d sent, %d acknowledged (%d before the kill), %d given up by the sender%n",
            n, acknowledged.size(), ackedBeforeKill, refused.size());
        for (String id : ids) {
          int found = f.leadsWithEmail(sugar, id + "@example.com").size();
          if (acknowledged.contains(id)) {
            assertThat(found).as(id + " acknowledged: exactly one Lead").isEqualTo(1);
            assertThat(f.leadsWithEmail(sugar, id + "@example.com").get(0).path("id").asText())
                .isEqualTo(EventProcessor.recordIdFor(id));
          } else {
            assertThat(found).as(id + " not acknowledged: at most one Lead").isLessThanOrEqualTo(1);
          }
        }
        assertThat(running.isAlive()).isTrue();
      } finally {
        analytics.shutdown();
        first.close();
        if (second != null) {
          second.close();
        }
      }
    }
  }
}
