package io.sugarbridge.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.ConfigDocs;
import io.sugarbridge.common.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of the {@code sugar:} settings and the README's connection example
 * are what {@link ConnectionSettings} generates. Run with {@code -Dsugarbridge.docs.write=true} to
 * rewrite them after changing a declaration.
 */
class ConnectionDocsTest {
  private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
  private static final Path README = Path.of("..", "README.md");
  private static final String REGENERATE =
      "%s's generated part differs from ConnectionSettings; regenerate it with"
          + " `mvn -B -o -pl sugar-client -am test -Dtest=ConnectionDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dsugarbridge.docs.write=true`"
          + " and commit README.md and docs/configuration.md";

  @Test
  void theReferenceTableIsGeneratedFromTheDeclarations() throws IOException {
    String generated = ConfigDocs.table("sugar.", ConnectionSettings.SECTION);
    assertThat(sync(REFERENCE, "sugar", generated))
        .as(REGENERATE, "docs/configuration.md")
        .isEqualTo(generated);
  }

  @Test
  void theReadmeConnectionExampleIsGeneratedFromTheDeclarations() throws IOException {
    String generated = readmeExample();
    assertThat(sync(README, "connection", generated))
        .as(REGENERATE, "README.md")
        .isEqualTo(generated);
  }

  @Test
  void theTableHasARowAndTheExampleALineForEverySetting() {
    String table = ConfigDocs.table("sugar.", ConnectionSettings.SECTION);
    String example = readmeExample();
    for (Setting<?> s : ConnectionSettings.SECTION.settings()) {
      assertThat(table).contains("| `sugar." + s.key() + "` |");
      assertThat(example).containsPattern("\n  (# )?" + s.key() + ": ");
    }
    assertThat(table)
        .contains("| `sugar.grant_type` | one of | `password` | password, client_credentials |")
        .contains("| `sugar.password` | string, secret |");
  }

  @Test
  void theExampleIsAConnectionFileThatReads() {
    String yaml = readmeExample().replace("```yaml\n", "").replace("```\n", "");
    SugarClientConfig c =
        SugarConnectionFile.parse(
            yaml,
            "README.md",
            Map.of("SUGAR_USERNAME", "sync", "SUGAR_PASSWORD", "not-a-real-one")::get);
    assertThat(c.instanceUrl()).hasToString("https://mycompany.sugarcrm.com");
    assertThat(c.username()).isEqualTo("sync");
    assertThat(c.platform()).isEqualTo("sugarbridge");
  }

  private static String readmeExample() {
    return "```yaml\n" + ConfigDocs.yamlExample("sugar", ConnectionSettings.SECTION) + "```\n";
  }

  private static String sync(Path file, String region, String generated) throws IOException {
    return ConfigDocs.syncRegion(
        file, region, generated, Boolean.getBoolean(ConfigDocs.WRITE_PROPERTY));
  }
}
