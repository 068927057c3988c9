package io.sugarbridge.cli.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.cli.CliRun;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan}, {@code runs} and {@code check} create no state; {@code sync} keeps state per
 * instance, and {@code runs} shows (and names) the instance the connection file points to.
 */
class SyncStatePerInstanceCommandTest {
  @RegisterExtension static final TestSandbox a = TestSandbox.create();
  @RegisterExtension static final TestSandbox b = TestSandbox.create();

  @TempDir Path dir;

  private void pointAt(TestSandbox s) {
    s.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
  }

  private Path syncFile() throws IOException {
    Files.writeString(dir.resolve("people.csv"), "id,last_name\n1,Ames\n2,Bell\n");
    Path file = dir.resolve("leads.yaml");
    Files.writeString(
        file,
        "source:\n  url: \"duckdb:\"\n  query: select * from 'people.csv'\n"
            + "key: id\ntarget:\n  module: Leads\n  mode: upsert\n"
            + "mappings:\n  last_name: last_name\n");
    return file;
  }

  @Test
  void readingCommandsLeaveNoStateAndRunsFollowTheConnectionFile() throws IOException {
    pointAt(a);
    Path file = syncFile();
    Path state = dir.resolve(".sugarbridge");

    assertThat(counts("plan", file, "created")).isEqualTo(2);
    CliRun runs = CliRun.of("runs", file.toString());
    assertThat(runs.code()).as(runs.err()).isZero();
    assertThat(runs.out()).contains("No runs yet for leads against " + a.url() + " as admin");
    CliRun json = CliRun.of("runs", file.toString(), "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(CliRun.of("check", "-c", dir.resolve("sugarbridge.yaml").toString()).code())
        .isZero();
    assertThat(state).doesNotExist();

    assertThat(counts("sync", file, "created")).isEqualTo(2);
    assertThat(counts("sync", file, "unchanged")).isEqualTo(2);

    // The same folder pointed at another instance: a first run there, and its own history.
    pointAt(b);
    runs = CliRun.of("runs", file.toString());
    assertThat(runs.out()).contains("No runs yet for leads against " + b.url() + " as admin");
    assertThat(counts("sync", file, "created")).isEqualTo(2);
    assertThat(counts("sync", file, "updated", "--full")).isEqualTo(2);

    pointAt(a);
    runs = CliRun.of("runs", file.toString());
    assertThat(runs.out()).contains("Runs of leads against " + a.url() + " as admin");
    assertThat(runs.out().lines().filter(l -> l.contains("succeeded"))).hasSize(2);
    assertThat(counts("sync", file, "unchanged")).isEqualTo(2);
  }

  /** One count of a command's --json answer (exit code 0 required). */
  private static long counts(String command, Path file, String count, String... more)
      throws IOException {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
    args.add(file.toString());
    args.add("--json");
    args.addAll(java.util.List.of(more));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(r.out())
        .path("counts")
        .path(count)
        .asLong(-1);
  }
}
