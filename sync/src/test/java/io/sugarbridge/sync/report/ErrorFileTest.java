package io.sugarbridge.sync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error file never replaces a file it did not write, stays in place and is owner-only. */
class ErrorFileTest {
  @TempDir Path syncFolder;
  @TempDir Path elsewhere;

  private static void write(Path path, Path folder, RowOutcome... rows) {
    try (ErrorFile f = ErrorFile.create(path, folder)) {
      for (RowOutcome o : rows) {
        f.add(o);
      }
    }
  }

  private static RowOutcome failed(String key) {
    return RowOutcome.failed(1, key, "invalid_row", null, "bad value for " + key);
  }

  @Test
  void anUnrelatedFileIsRefusedAndLeftAsItWas() throws IOException {
    for (String name : new String[] {"notes.jsonl", "report.csv"}) {
      Path file = syncFolder.resolve(name);
      Files.writeString(file, "my own notes, not an error file\n");
      assertThatThrownBy(() -> write(file, syncFolder, failed("k1")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("error_file")
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not a sugarbridge error file");
      assertThat(Files.readString(file)).isEqualTo("my own notes, not an error file\n");
    }
  }

  @Test
  void itsOwnFileIsReplacedOwnerOnly() throws IOException {
    for (String name : new String[] {"errors.jsonl", "errors.csv"}) {
      Path file = syncFolder.resolve(name);
      write(file, syncFolder, failed("first"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      write(file, syncFolder, failed("second"));
      assertThat(Files.readString(file)).contains("second").doesNotContain("first");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      // a run with no row errors leaves an empty file (or the CSV header), replaced next time
      write(file, syncFolder);
      write(file, syncFolder, failed("third"));
      assertThat(Files.readString(file)).contains("third");
    }
  }

  @Test
  void aSymbolicLinkIsNotFollowed() throws IOException {
    Path target = elsewhere.resolve("passwd");
    Files.writeString(target, "root:x:0:0\n");
    Path link = syncFolder.resolve("errors.jsonl");
    Files.createSymbolicLink(link, target);
    assertThatThrownBy(() -> write(link, syncFolder, failed("k")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(target)).isEqualTo("root:x:0:0\n");
  }

  @Test
  void foldersAreCreatedOnlyInsideTheSyncFolder() throws IOException {
    Path inside = syncFolder.resolve("out/errors/run.jsonl");
    write(inside, syncFolder, failed("k"));
    assertThat(inside).exists();

    Path outside = elsewhere.resolve("etc/sugarbridge/run.jsonl");
    assertThatThrownBy(() -> write(outside, syncFolder, failed("k")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("create it first");
    assertThat(elsewhere.resolve("etc")).doesNotExist();

    // an existing folder elsewhere is fine
    Path existing = elsewhere.resolve("run.jsonl");
    write(existing, syncFolder, failed("k"));
    assertThat(Files.readAllLines(existing)).hasSize(1);
  }

  @Test
  void aSyncNameWithDotDotIsRefused() throws IOException {
    Path file = syncFolder.resolve("s.yaml");
    Files.writeString(
        file,
        "name: ..\nsource: {query: select 1}\nkey: id\ntarget: {module: Contacts, mode: upsert}\n"
            + "mappings:\n  last_name: l\n");
    assertThatThrownBy(() -> SyncSpecReader.read(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("name")
        .hasMessageContaining("'..'");
  }

  @Test
  void warningsOfRowsSentAnywayAreWritten() throws IOException {
    Path file = syncFolder.resolve("errors.jsonl");
    write(
        file,
        syncFolder,
        RowOutcome.of(3, "k3", Outcome.CREATED, "id3")
            .withWarnings(List.of("value 'X' in column s is not an option of lead_source")));
    assertThat(Files.readString(file))
        .contains("\"outcome\":\"created\"", "\"reason\":\"warning\"", "not an option");
  }
}
