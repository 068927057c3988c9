package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.testsupport.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Must show": Segment's own Node library ({@code @segment/analytics-node}, installed
 * under src/test/node by {@code scripts/install-test-deps.sh}) sends an identify and a {@code
 * track("Lead Generated")} for each of 200 people from two clients whose concurrent batches
 * overtake each other (for half the people the track arrives first); every person must end as
 * exactly one Lead with all traits and the right {@code opt_out}. Skipped with a hint when node or
 * the package is missing, except under CI=true, where it must run.
 */
class SegmentNodeLibraryTest {
  private static final Path NODE_DIR = Path.of("src/test/node");

  @TempDir Path dir;
  CollectorFixture f;
  SugarClient sugar;

  @BeforeEach
  void start() {
    String node = nodeOrSkip();
    assertThat(node).isNotNull();
    f = new CollectorFixture(dir, "wait_for_identify: 2m\n");
    sugar = f.sugar();
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static String nodeOrSkip() {
    String node = null;
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, "node"))) {
        node = Path.of(p, "node").toString();
        break;
      }
    }
    boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/@segment/analytics-node"));
    String hint =
        "needs node and @segment/analytics-node: run bash scripts/install-test-deps.sh (npm ci in"
            + " events/src/test/node)";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(node).as(hint).isNotNull();
      assertThat(installed).as(hint).isTrue();
    }
    Assumptions.assumeTrue(node != null && installed, hint);
    return node;
  }

  private String race(int people, String run, String phase) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            nodeOrSkip(),
            "race.mjs",
            f.url(),
            CollectorFixture.WRITE_KEY,
            String.valueOf(people),
            run,
            phase);
    pb.directory(NODE_DIR.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("race.mjs finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void twoHundredRacingPeopleBecomeOneLeadEachWithEveryTraitAndTheRightOptOut() throws Exception {
    f.start();
    String run = UUID.randomUUID().toString().substring(0, 6);
    String out = race(200, run, "both");
    assertThat(out).contains("\"sent\":400");
    assertEveryPersonIsOneLead(200, run);
    // Half of them really did arrive before their identify and waited.
    assertThat(f.server.debugger().recent(500).toString()).doesNotContain("dead lettered");
    assertThat(f.server.deadLetters().waiting()).isEmpty();
  }

  @Test
  void tracksSentBeforeARestartFindTheirIdentifyAfterIt() throws Exception {
    f.start();
    String run = UUID.randomUUID().toString().substring(0, 6);
    race(40, run, "track");
    Await.until(
        "40 tracks waiting for their identify",
        Duration.ofSeconds(30),
        () -> f.server.health().path("waitingForTraits").asInt() == 40);
    f.server.close();
    f.start();
    assertThat(f.server.health().path("waitingForTraits").asInt()).isEqualTo(40);
    race(40, run, "identify");
    assertEveryPersonIsOneLead(40, run);
  }

  private void assertEveryPersonIsOneLead(int people, String run) {
    Map<String, List<ObjectNode>> byEmail = new HashMap<>();
    Await.until(
        people + " Leads",
        Duration.ofSeconds(90),
        () -> {
          byEmail.clear();
          for (ObjectNode lead :
              sugar.records().stream(
                      "Leads",
                      RecordQuery.where(Filter.field("lead_source_description").contains(run))
                          .withPageSize(100))
                  .toList()) {
            for (JsonNode e : lead.path("email")) {
              byEmail
                  .computeIfAbsent(e.path("email_address").asText(), k -> new ArrayList<>())
                  .add(lead);
            }
          }
          return byEmail.size() >= people;
        });
    for (int i = 0; i < people; i++) {
      String email = "node-" + run + "-" + i + "@example.com";
      List<ObjectNode> leads = byEmail.get(email);
      assertThat(leads).as(email).hasSize(1);
      ObjectNode lead = leads.get(0);
      assertThat(lead.path("first_name").asText()).isEqualTo("First" + i);
      assertThat(lead.path("last_name").asText()).isEqualTo("Last" + i);
      assertThat(lead.path("title").asText()).isEqualTo("Title " + i);
      assertThat(lead.path("account_name").asText()).isEqualTo("Company " + i);
      assertThat(lead.path("phone_mobile").asText())
          .isEqualTo("+1 555 " + String.format("%04d", i));
      boolean consent = i % 4 == 1 || i % 4 == 2;
      JsonNode address = lead.path("email").get(0);
      assertThat(address.path("opt_out").asBoolean()).as(email + " opt_out").isEqualTo(!consent);
    }
  }
}
