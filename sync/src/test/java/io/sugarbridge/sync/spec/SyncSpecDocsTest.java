package io.sugarbridge.sync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.ConfigDocs;
import io.sugarbridge.common.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/sync-spec.md's table of the sync file's settings is what {@link SyncSettings} generates, and
 * its example is a sync file that reads. Run with {@code -Dsugarbridge.docs.write=true} to rewrite
 * the table after changing a declaration.
 */
class SyncSpecDocsTest {
  private static final Path REFERENCE = Path.of("..", "docs", "sync-spec.md");
  private static final String REGENERATE =
      "docs/sync-spec.md's generated part differs from SyncSettings; regenerate it with"
          + " `mvn -B -o -pl sync -am test -Dtest=SyncSpecDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dsugarbridge.docs.write=true`"
          + " and commit docs/sync-spec.md";

  @Test
  void theReferenceTableIsGeneratedFromTheDeclarations() throws IOException {
    String generated = ConfigDocs.table("", SyncSettings.FILE);
    assertThat(
            ConfigDocs.syncRegion(
                REFERENCE, "sync", generated, Boolean.getBoolean(ConfigDocs.WRITE_PROPERTY)))
        .as(REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void theTableHasARowForEverySettingAndItsNestedOnes() {
    String table = ConfigDocs.table("", SyncSettings.FILE);
    for (Setting<?> s : SyncSettings.FILE.settings()) {
      assertThat(table).contains("| `" + s.key() + "` |");
    }
    assertThat(table)
        .contains("| `source.password` | string, secret |")
        .contains("| `target.mode` | one of | `upsert` | insert, update, upsert |")
        .contains("| `target.match.column` | column | required |")
        .contains("| `mappings.<field>.transform` | one of | `none` | none, trim, lower, upper |")
        .contains("| `mappings.<field>.lookup.module` | string | required |")
        .contains("| `batch_size` | integer | `20` | 1 to 1000 |");
  }

  @Test
  void theExampleSyncFileReads() throws IOException {
    String doc = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?s)```yaml\n(name: .*?)```").matcher(doc);
    assertThat(m.find()).as("docs/sync-spec.md starts with an example sync file").isTrue();
    SyncSpec spec =
        SyncSpecReader.parse(
            m.group(1), Path.of("/syncs/contacts.yaml"), Map.<String, String>of()::get);
    assertThat(spec.name()).isEqualTo("contacts-from-crm-model");
    assertThat(spec.mappings())
        .containsKeys("last_name", "first_name", "email", "lead_source", "account_id");
  }
}
