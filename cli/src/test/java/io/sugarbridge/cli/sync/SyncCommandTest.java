package io.sugarbridge.cli.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.cli.CliRun;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sugarbridge sync|plan|runs} in-process, from a CSV through DuckDB into a sandbox. */
class SyncCommandTest {
  @RegisterExtension static final TestSandbox sugar = TestSandbox.create();

  @TempDir Path dir;

  @BeforeEach
  void connectionFile() {
    sugar.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
  }

  private Path syncFile(String csv) throws IOException {
    return SyncFiles.leads(dir, "cli-leads", csv, "");
  }

  @Test
  void aRunWithAFailedRowExitsThreeAndARerunSendsOnlyTheFixedRow() throws IOException {
    Path file = syncFile("id,last_name,source\n1,Ames,Web Site\n2,Bell,Carrier Pigeon\n");

    CliRun plan = CliRun.of("plan", file.toString());
    assertThat(plan.code()).as(plan.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(plan.out())
        .contains("(plan, nothing written)")
        .contains("2 rows")
        .contains("row 2 key 2: failed (invalid_row)")
        .contains("why: value 'Carrier Pigeon' in column source is not an option of lead_source");

    CliRun first = CliRun.of("sync", file.toString());
    assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(first.out()).contains("1 created").contains("1 failed");

    syncFile("id,last_name,source\n1,Ames,Web Site\n2,Bell,Cold Call\n");
    CliRun second = CliRun.of("sync", file.toString(), "--json");
    assertThat(second.code()).as(second.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(second.out());
    assertThat(report.at("/counts/created").asLong()).isEqualTo(1);
    assertThat(report.at("/counts/unchanged").asLong()).isEqualTo(1);

    CliRun runs = CliRun.of("runs", file.toString());
    assertThat(runs.code()).isZero();
    assertThat(runs.out()).contains("finished_with_failures").contains("succeeded");
  }

  @Test
  void aBadSyncFileExitsTwoNamingTheLine() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "name: bad\nkey: id\ntarget:\n  module: Contact\n  mode: mirror\n");

    CliRun r = CliRun.of("sync", file.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("bad.yaml:4").contains("Contacts").contains("mirror");
  }
}
