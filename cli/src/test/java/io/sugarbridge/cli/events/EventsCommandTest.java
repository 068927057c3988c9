package io.sugarbridge.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.cli.CliRun;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import io.sugarbridge.events.server.EventsServer;
import io.sugarbridge.testsupport.FreePort;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sugarbridge events send-test} and {@code events replay} in-process, against a collector
 * and a sandbox over real HTTP.
 */
class EventsCommandTest {
  @TempDir Path dir;

  @RegisterExtension
  final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword("events-cli-pw-1"));

  Path eventsFile;

  @BeforeEach
  void start() {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    eventsFile = dir.resolve("events.yaml");
  }

  private EventsServer collector(String module) throws IOException {
    Files.writeString(
        eventsFile,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [cli-test-key-1]\njournal: state\n"
            + "module: "
            + module
            + "\n");
    EventsConfig c = EventsConfigFile.load(eventsFile);
    return EventsServer.start(c, SugarClient.builder(c.sugar()).build(), Clock.systemUTC());
  }

  @Test
  void sendTestReportsTheRecordItCreated() throws IOException {
    try (EventsServer server = collector("Leads")) {
      CliRun r =
          CliRun.of(
              "events", "send-test", "--config", eventsFile.toString(), "--url", server.url());

      assertThat(r.code()).as(r.out() + r.err()).isZero();
      Matcher id = Pattern.compile("created .* record ([0-9a-f-]{36})").matcher(r.out());
      assertThat(id.find()).as(r.out()).isTrue();
      SugarClient sugar = SugarClient.builder(EventsConfigFile.load(eventsFile).sugar()).build();
      assertThat(sugar.records().get("Leads", id.group(1)).path("last_name").asText())
          .isEqualTo("sugarbridge send-test");
    }
  }

  @Test
  void aDeadLetterIsReplayedOnceTheAccessIsFixed() throws IOException {
    // A misspelt module now refuses the start (StartupChecksTest); a user without create access
    // still makes dead letters.
    sugar.createUser("webforms", "webforms-pw-1", false, java.util.List.of("Leads"));
    Path connection = dir.resolve("sugarbridge.yaml");
    String admin = Files.readString(connection);
    TestSandbox.writeConnectionFile(
        connection, sugar.connection("webforms", "webforms-pw-1").build());
    try (EventsServer server = collector("Leads")) {
      CliRun r =
          CliRun.of(
              "events", "send-test", "--config", eventsFile.toString(), "--url", server.url());

      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARTIAL);
      assertThat(r.out()).contains("failed: dead letter 1: ").contains("may not create or edit");
    }
    CliRun list = CliRun.of("events", "replay", "--config", eventsFile.toString(), "--list");
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains("1  ")
        .contains("HTTP 403")
        .contains("1 dead letter(s) waiting");

    Files.writeString(connection, admin);

    CliRun replay = CliRun.of("events", "replay", "--config", eventsFile.toString(), "--all");

    assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).contains("dead letter 1").contains("created").contains("1 delivered");
    SugarClient sugar = SugarClient.builder(EventsConfigFile.load(eventsFile).sugar()).build();
    assertThat(sugar.records().list("Leads", RecordQuery.all()).records()).hasSize(1);

    CliRun again = CliRun.of("events", "replay", "--config", eventsFile.toString(), "--id", "1");
    assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(again.err()).contains("already delivered by a replay");
  }

  @Test
  void sendTestToACollectorThatIsNotRunningSaysSoAndHowToStartIt() throws IOException {
    int port = FreePort.pick();
    Files.writeString(
        eventsFile,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
            + port
            + "\nwrite_keys: [cli-test-key-1]\njournal: state\n");
    CliRun r = CliRun.of("events", "send-test", "--config", eventsFile.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err())
        .contains("nothing answers at http://127.0.0.1:" + port)
        .contains("sugarbridge events serve")
        .doesNotContain("(null)");
  }

  @Test
  void replayOfAnUnknownIdPointsToList() throws IOException {
    Files.writeString(
        eventsFile,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [cli-test-key-1]\njournal:"
            + " state\n");
    CliRun r = CliRun.of("events", "replay", "--config", eventsFile.toString(), "--id", "99");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("no dead letter 99").contains("events replay --list");
    assertThat(r.err()).doesNotContain("debugger");
  }

  @Test
  void aWrongEventsFileNamesEverySettingAndExitsTwo() throws IOException {
    Files.writeString(eventsFile, "sugar: sugarbridge.yaml\nmatch: fuzzy\n");

    CliRun r = CliRun.of("events", "serve", "--config", eventsFile.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("write_keys").contains("match").doesNotContain("Exception");
  }

  @Test
  void replayNeedsIdOrAll() {
    CliRun r = CliRun.of("events", "replay", "--config", eventsFile.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--id").contains("--all").contains("--list");
  }
}
