package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.testsupport.FreePort;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The same fault gives the same exit code in every command: configuration (a setting, the
 * connection file's login, the user's set-up in Sugar) 2, could not run (Sugar unreachable) 1,
 * finished with some rows failed 3. One test per category, each running every command the fault can
 * reach, in-process against a sandbox over real HTTP.
 *
 * <p>Runs beside the other test classes: most of its time is the client's real retry back-off
 * against an unreachable Sugar. Its own tests run one at a time (the lock), as they share one
 * sandbox, which keeps one session per user and platform.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ExitCodeContractTest.sandbox")
class ExitCodeContractTest {
  private static final String PASSWORD = "exit-codes-pw-1";

  @RegisterExtension
  static final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword(PASSWORD));

  @TempDir Path dir;

  @BeforeAll
  static void createUsers() {
    sugar.createUser("reader", "reader-pass-1", false, List.of("Contacts"));
  }

  private Path connection(String url, String user, String password) throws IOException {
    Path file = dir.resolve("sugarbridge.yaml");
    Files.writeString(
        file,
        "sugar:\n  instance_url: "
            + url
            + "\n  username: "
            + user
            + "\n  password: \""
            + password
            + "\"\n  max_requests_per_second: 0\n");
    return file;
  }

  private Path syncFile(String module, String query) throws IOException {
    Path file = dir.resolve("contacts.yaml");
    Files.writeString(
        file,
        "name: exit-codes\nsugar: sugarbridge.yaml\nsource:\n  url: \"duckdb:\"\n  query: \""
            + query
            + "\"\nkey: k\ntarget:\n  module: "
            + module
            + "\n  mode: upsert\nmappings:\n  last_name: last_name\n");
    return file;
  }

  private Path eventsFile(int port) throws IOException {
    Path file = dir.resolve("events.yaml");
    Files.writeString(
        file,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:"
            + port
            + "\nwrite_keys: [\"exit-codes-write-key-1\"]\njournal: journal\n");
    return file;
  }

  private Path tokenFile() throws IOException {
    Path tokens = dir.resolve("tokens.txt");
    CliRun minted = CliRun.of("scim", "token", "--token-file", tokens.toString());
    assertThat(minted.code()).as(minted.err()).isZero();
    return tokens;
  }

  /** Every command's run, by its command line, for the assertions to name the one at fault. */
  private static Map<String, CliRun> runAll(List<String[]> commands) {
    Map<String, CliRun> runs = new LinkedHashMap<>();
    for (String[] args : commands) {
      runs.put(String.join(" ", args), CliRun.of(args));
    }
    return runs;
  }

  private List<String[]> sugarCommands(Path conn, Path sync, Path events, Path tokens)
      throws IOException {
    String c = conn.toString();
    List<String[]> commands = new ArrayList<>();
    commands.add(new String[] {"check", "--config", c});
    commands.add(new String[] {"sync", sync.toString()});
    commands.add(new String[] {"plan", sync.toString()});
    commands.add(new String[] {"users", "list", "--config", c});
    commands.add(new String[] {"users", "audit", "--config", c});
    commands.add(new String[] {"users", "deactivate", "nobody-1", "--config", c});
    commands.add(
        new String[] {
          "scim",
          "serve",
          "--config",
          c,
          "--token-file",
          tokens.toString(),
          "--port",
          "0",
          "--state",
          dir.resolve("scim-state.db").toString()
        });
    if (events != null) {
      commands.add(new String[] {"events", "serve", "--config", events.toString()});
    }
    return commands;
  }

  @Test
  void aLoginSugarRefusesExitsTwoInEveryCommand() throws IOException {
    Path conn = connection(sugar.url().toString(), "admin", "not-the-password-7");
    Path sync = syncFile("Contacts", "select 1 as k, 'Lovelace' as last_name");
    Path tokens = tokenFile();
    Map<String, CliRun> runs =
        runAll(sugarCommands(conn, sync, eventsFile(FreePort.pick()), tokens));

    runs.forEach(
        (command, r) -> {
          assertThat(r.code()).as(command + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
          assertThat(r.out() + r.err()).as(command).containsIgnoringCase("password");
          assertThat(r.out() + r.err()).as(command).doesNotContain("not-the-password-7");
        });
    CliRun json = CliRun.of("sync", sync.toString(), "--json");
    assertThat(json.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(json.out()).contains("\"kind\" : \"configuration\"");
  }

  @Test
  void aUserWhoIsNotAnAdministratorExitsTwoInEveryCommandThatNeedsOne() throws IOException {
    Path conn = connection(sugar.url().toString(), "reader", "reader-pass-1");
    Path tokens = tokenFile();
    Map<String, CliRun> runs =
        runAll(
            List.of(
                new String[] {"users", "deactivate", "nobody-1", "--config", conn.toString()},
                new String[] {
                  "scim",
                  "serve",
                  "--config",
                  conn.toString(),
                  "--token-file",
                  tokens.toString(),
                  "--port",
                  "0",
                  "--state",
                  dir.resolve("scim-state.db").toString()
                }));

    runs.forEach(
        (command, r) -> {
          assertThat(r.code()).as(command + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
          assertThat(r.err()).as(command).contains("not a Sugar administrator");
        });
  }

  @Test
  void aSugarThatCannotBeReachedExitsOneInEveryCommand() throws IOException {
    Path conn = connection("http://127.0.0.1:" + FreePort.pick(), "admin", PASSWORD);
    Path sync = syncFile("Contacts", "select 1 as k, 'Lovelace' as last_name");
    Path tokens = tokenFile();
    // events serve is left out: it starts without Sugar, keeping events until Sugar answers.
    Map<String, CliRun> runs = runAll(sugarCommands(conn, sync, null, tokens));

    runs.forEach(
        (command, r) -> {
          assertThat(r.code()).as(command + "\n" + r.err()).isEqualTo(ExitCodes.FAILURE);
          assertThat(r.out() + r.err()).as(command).containsIgnoringCase("127.0.0.1");
        });
  }

  @Test
  void aSettingAFileGetsWrongExitsTwoInEveryCommand() throws IOException {
    Path conn = connection(sugar.url().toString(), "admin", PASSWORD);
    Path sync = syncFile("Contactz", "select 1 as k, 'Lovelace' as last_name");
    Path events = dir.resolve("bad-events.yaml");
    Files.writeString(
        events, "sugar: sugarbridge.yaml\nwrite_keys: not-a-list\npreset: no_such_preset\n");
    Path badConn = dir.resolve("bad-connection.yaml");
    Files.writeString(badConn, "sugar:\n  instance_url: not a url\n  username: admin\n");
    Map<String, CliRun> runs =
        runAll(
            List.of(
                new String[] {"sync", sync.toString()},
                new String[] {"plan", sync.toString()},
                new String[] {"runs", sync.toString()},
                new String[] {"check", "--config", badConn.toString()},
                new String[] {"users", "list", "--config", badConn.toString()},
                new String[] {"events", "serve", "--config", events.toString()},
                new String[] {"events", "replay", "--config", events.toString(), "--list"}));
    assertThat(conn).exists();

    runs.forEach(
        (command, r) ->
            assertThat(r.code()).as(command + "\n" + r.err()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void aStoreFileThatCannotBeOpenedExitsTwoInEveryCommandThatOpensOne() throws IOException {
    Path conn = connection(sugar.url().toString(), "admin", PASSWORD);
    Path sync = syncFile("Contacts", "select 1 as k, 'Lovelace' as last_name");
    String notADatabase = "these are notes, not a database\n".repeat(200);
    // The sync's state file as versions before per-instance state named it: read by every run.
    Path syncState =
        Files.createDirectories(dir.resolve(".sugarbridge")).resolve("exit-codes.state.db");
    Files.writeString(syncState, notADatabase);
    Path events = eventsFile(FreePort.pick());
    Path deadLetters = Files.createDirectories(dir.resolve("journal")).resolve("dead-letters.db");
    Files.writeString(deadLetters, notADatabase);
    Path scimState = dir.resolve("scim-state.db");
    Files.writeString(scimState, notADatabase);
    Path sandboxData = Files.createDirectories(dir.resolve("sandbox-data"));
    Files.writeString(sandboxData.resolve("sandbox.db"), notADatabase);
    Path tokens = tokenFile();
    Map<String, Path> storeOf = new LinkedHashMap<>();
    storeOf.put("sync " + sync, syncState);
    storeOf.put("plan " + sync, syncState);
    storeOf.put("runs " + sync, syncState);
    storeOf.put("events serve --config " + events, deadLetters);
    storeOf.put("events replay --config " + events + " --list", deadLetters);
    storeOf.put(
        "scim serve --config "
            + conn
            + " --token-file "
            + tokens
            + " --port 0 --state "
            + scimState,
        scimState);
    storeOf.put("sandbox --port 0 --data " + sandboxData, sandboxData.resolve("sandbox.db"));
    Map<String, CliRun> runs = runAll(storeOf.keySet().stream().map(c -> c.split(" ")).toList());

    runs.forEach(
        (command, r) -> {
          assertThat(r.code()).as(command + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
          assertThat(r.err())
              .as(command)
              .contains(storeOf.get(command).toString(), "not a SQLite database")
              .doesNotContain("unexpected error", "\tat ");
        });
    assertThat(Files.readString(scimState)).as("left as it was").isEqualTo(notADatabase);
  }

  @Test
  void aRunWhereSomeRowsFailExitsThreeInSyncAndPlan() throws IOException {
    connection(sugar.url().toString(), "admin", PASSWORD);
    // Contacts require last_name: the second row has none.
    Path sync =
        syncFile(
            "Contacts",
            "select 1 as k, 'Lovelace' as last_name union all select 2 as k, null as last_name");
    Map<String, CliRun> runs =
        runAll(
            List.of(
                new String[] {"plan", sync.toString()}, new String[] {"sync", sync.toString()}));

    runs.forEach(
        (command, r) ->
            assertThat(r.code())
                .as(command + "\n" + r.out() + r.err())
                .isEqualTo(ExitCodes.PARTIAL));
  }
}
