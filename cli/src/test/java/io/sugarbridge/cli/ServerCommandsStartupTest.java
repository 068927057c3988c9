package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server command ({@code scim serve}, {@code events serve}, {@code sandbox}) that cannot
 * start because of something the person can fix (a port another process holds, a state file that
 * cannot be written, a bad token file) says so in one line and exits 2: no stack trace, no "please
 * report it".
 */
class ServerCommandsStartupTest {
  private static final String PASSWORD = "startup-pw-1";

  @RegisterExtension
  static final TestSandbox sugar = TestSandbox.configured(b -> b.adminPassword(PASSWORD));

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws IOException {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    CliRun token = CliRun.of("scim", "token", "--token-file", dir.resolve("tokens").toString());
    assertThat(token.code()).as(token.err()).isZero();
  }

  /** The port is held by another process's listening socket for the length of the run. */
  private static ServerSocket busyPort() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  private static void assertOneLineExit2(CliRun r, String... words) {
    assertOneLine(r, words);
    assertThat(r.err()).doesNotContain("Exception");
  }

  /** One line and exit 2; the line may quote a Java exception's name. */
  private static void assertOneLine(CliRun r, String... words) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains(words)
        .doesNotContain("unexpected error")
        .doesNotContain("\tat ")
        .doesNotContain(PASSWORD);
  }

  private static CliRun scimServe(String... more) {
    String[] base = {
      "scim",
      "serve",
      "--config",
      dir.resolve("sugarbridge.yaml").toString(),
      "--token-file",
      dir.resolve("tokens").toString(),
      "--state",
      dir.resolve("scim-state.db").toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRun.of(all);
  }

  @Test
  void scimServeOnABusyPortSaysSoInOneLine() throws IOException {
    try (ServerSocket taken = busyPort()) {
      int port = taken.getLocalPort();

      CliRun r = scimServe("--port", String.valueOf(port));

      assertOneLineExit2(r, "Port " + port + " on 127.0.0.1 is in use", "--port N");
    }
  }

  @Test
  void scimServeWithAStateFileThatCannotBeWrittenSaysSoInOneLine() throws IOException {
    // A regular file where the state file's folder should be: even root cannot write there.
    Path notAFolder = dir.resolve("not-a-folder");
    Files.writeString(notAFolder, "x");

    CliRun r =
        CliRun.of(
            "scim",
            "serve",
            "--config",
            dir.resolve("sugarbridge.yaml").toString(),
            "--token-file",
            dir.resolve("tokens").toString(),
            "--state",
            notAFolder.resolve("scim-state.db").toString(),
            "--port",
            "0");

    assertOneLineExit2(r, "--state", "not-a-folder", "writable");
  }

  @Test
  void scimServeWithABadTokenFileSaysSoInOneLine() throws IOException {
    Path bad = dir.resolve("bad-tokens");
    Files.writeString(bad, "pasted-token-1\nsha256:short\n");

    CliRun r =
        CliRun.of(
            "scim",
            "serve",
            "--config",
            dir.resolve("sugarbridge.yaml").toString(),
            "--token-file",
            bad.toString(),
            "--port",
            "0");

    assertOneLineExit2(r, "--token-file", "lines 1, 2 are not token hashes");
    assertThat(r.err()).doesNotContain("pasted-token-1");
  }

  @Test
  void eventsServeOnABusyPortSaysSoInOneLine() throws IOException {
    Path events = dir.resolve("events.yaml");
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [startup-key-1]\n"
            + "journal: events-state\nmodule: Leads\n");
    try (ServerSocket taken = busyPort()) {
      int port = taken.getLocalPort();

      CliRun r =
          CliRun.of("events", "serve", "-c", events.toString(), "--port", String.valueOf(port));

      assertOneLineExit2(r, "Port " + port + " on 127.0.0.1 is in use", "--port N");
    }
  }

  @Test
  void eventsServeWithAJournalThatCannotBeWrittenSaysSoInOneLine() throws IOException {
    Path notAFolder = dir.resolve("events-not-a-folder");
    Files.writeString(notAFolder, "x");
    Path events = dir.resolve("events-bad-journal.yaml");
    Files.writeString(
        events,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:0\nwrite_keys: [startup-key-1]\n"
            + "journal: "
            + notAFolder.resolve("state")
            + "\nmodule: Leads\n");

    CliRun r = CliRun.of("events", "serve", "-c", events.toString());

    assertOneLine(r, "journal", "events-not-a-folder");
  }

  @Test
  void sandboxWithADataFolderThatCannotBeWrittenSaysSoInOneLine() throws IOException {
    Path notAFolder = dir.resolve("sandbox-not-a-folder");
    Files.writeString(notAFolder, "x");

    CliRun r = CliRun.of("sandbox", "--port", "0", "--data", notAFolder.resolve("d").toString());

    assertOneLine(r, "--data", "sandbox-not-a-folder");
  }

  @Test
  void sandboxOnABusyPortSaysSoInOneLine() throws IOException {
    try (ServerSocket taken = busyPort()) {
      int port = taken.getLocalPort();

      CliRun r = CliRun.of("sandbox", "--port", String.valueOf(port));

      assertOneLineExit2(r, "Port " + port + " on 127.0.0.1 is in use", "--port N");
    }
  }
}
