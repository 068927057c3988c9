package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's command table and docs/cli.md's reference are what picocli's model of the commands
 * generates. Run with {@code -Dsugarbridge.docs.write=true} to rewrite them after changing a
 * command, an option or a description.
 */
class CommandDocsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path REFERENCE = Path.of("..", "docs", "cli.md");
  private static final String REGENERATE =
      "%s's generated part differs from the picocli commands; regenerate it with"
          + " `mvn -B -o -pl cli -am test -Dtest=CommandDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dsugarbridge.docs.write=true`"
          + " and commit README.md and docs/cli.md";

  @Test
  void theReadmeCommandTableIsGeneratedFromTheCommands() throws IOException {
    check(
        README, CommandDocs.TABLE_BEGIN, CommandDocs.TABLE_END, "\n" + CommandDocs.table() + "\n");
  }

  @Test
  void theCommandReferenceIsGeneratedFromTheCommands() throws IOException {
    check(
        REFERENCE,
        CommandDocs.REFERENCE_BEGIN,
        CommandDocs.REFERENCE_END,
        "\n" + CommandDocs.reference() + "\n");
  }

  @Test
  void theTableHasARowForEveryCommandThatRuns() {
    assertThat(CommandDocs.table())
        .contains("| `sugarbridge check [options]` |")
        .contains("| `sugarbridge sync SYNC_FILE [options]` |")
        .contains("| `sugarbridge events replay (--id=<id> \\| --all \\| --list) [options]` |")
        .contains("| `sugarbridge users org-chart [options]` |")
        .doesNotContain("| `sugarbridge users [options]` |");
  }

  private static void check(Path file, String beginMarker, String endMarker, String generated)
      throws IOException {
    String docs = Files.readString(file, StandardCharsets.UTF_8);
    int begin = docs.indexOf(beginMarker);
    int end = docs.indexOf(endMarker);
    assertThat(begin)
        .as("%s must hold the marker %s before %s", file, beginMarker, endMarker)
        .isNotNegative()
        .isLessThan(end);
    String committed = docs.substring(begin + beginMarker.length(), end);
    if (Boolean.getBoolean("sugarbridge.docs.write") && !committed.equals(generated)) {
      Files.writeString(
          file,
          docs.substring(0, begin + beginMarker.length()) + generated + docs.substring(end),
          StandardCharsets.UTF_8);
      committed = generated;
    }
    assertThat(committed).as(REGENERATE, file).isEqualTo(generated);
  }
}
