package io.sugarbridge.identity.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.ConfigDocs;
import io.sugarbridge.common.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/users.md's tables of the desired users file (the columns of a user, the YAML file's top
 * level) are what {@link DesiredUserSettings} generates, and the file's examples there read. Run
 * with {@code -Dsugarbridge.docs.write=true} to rewrite the tables after changing a declaration.
 */
class DesiredUsersDocsTest {
  private static final Path REFERENCE = Path.of("..", "docs", "users.md");
  private static final String REGENERATE =
      "docs/users.md's %s table differs from DesiredUserSettings; regenerate it with"
          + " `mvn -B -o -pl identity -am test -Dtest=DesiredUsersDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dsugarbridge.docs.write=true`"
          + " and commit docs/users.md";

  @Test
  void theColumnsTableIsGeneratedFromTheDeclarations() throws IOException {
    String generated = columns();
    assertThat(sync("users-columns", generated))
        .as(REGENERATE, "users-columns")
        .isEqualTo(generated);
  }

  @Test
  void theYamlTopLevelTableIsGeneratedFromTheDeclarations() throws IOException {
    String generated = topLevel();
    assertThat(sync("users-file", generated)).as(REGENERATE, "users-file").isEqualTo(generated);
  }

  @Test
  void theTablesHaveARowForEverySetting() {
    String columns = columns();
    for (Setting<?> s : DesiredUserSettings.USER.settings()) {
      assertThat(columns).contains("| `" + s.key() + "` |");
    }
    String top = topLevel();
    for (Setting<?> s : DesiredUserSettings.FILE.settings()) {
      assertThat(top).contains("| `" + s.key() + "` |");
    }
    assertThat(top).as("the users' keys are the columns table's").doesNotContain("users[]");
    assertThat(columns)
        .contains("| `user_name` | string | required | at most 60 characters |")
        .contains("| `status` | one of | `Active` | Active, Inactive |")
        .contains("| `roles` | list of string |");
  }

  @Test
  void theExamplesInTheDocsAreFilesThatRead(@TempDir Path dir) throws IOException {
    String doc = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    String section = doc.substring(doc.indexOf("## `users plan` and `users apply`"));
    Path csv = dir.resolve("people.csv");
    Files.writeString(csv, block(section, "```csv\n"));
    Path yaml = dir.resolve("people.yaml");
    Files.writeString(yaml, block(section, "```yaml\n"));

    DesiredUsers fromCsv = DesiredUsersFile.read(csv, Map.<String, String>of()::get);
    DesiredUsers fromYaml = DesiredUsersFile.read(yaml, Map.<String, String>of()::get);

    assertThat(fromCsv.users()).extracting(DesiredUser::userName).contains("ceo", "vp.sales");
    assertThat(fromYaml.users())
        .extracting(DesiredUser::userName)
        .containsExactly("ceo", "vp.sales");
    assertThat(fromYaml.licenseTypes()).containsExactly("SUGAR_SELL");
  }

  private static String block(String text, String opening) {
    int from = text.indexOf(opening) + opening.length();
    return text.substring(from, text.indexOf("```", from));
  }

  private static String columns() {
    return ConfigDocs.table("", DesiredUserSettings.USER);
  }

  private static String topLevel() {
    return ConfigDocs.table("", DesiredUserSettings.FILE, false);
  }

  private static String sync(String region, String generated) throws IOException {
    return ConfigDocs.syncRegion(
        REFERENCE, region, generated, Boolean.getBoolean(ConfigDocs.WRITE_PROPERTY));
  }
}
