package io.sugarbridge.events.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.ConfigDocs;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.PresetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/events.md's tables of the events file's settings ("The events file") are what {@link
 * EventsSettings} and {@link MappingsSettings} generate, one table per group, and the page's
 * hand-written example is an events file that reads. Run with {@code -Dsugarbridge.docs.write=true}
 * to rewrite the tables after changing a declaration.
 */
class EventsDocsTest {
  private static final Path REFERENCE = Path.of("..", "docs", "events.md");
  private static final List<String> GROUPS =
      List.of(
          EventsSettings.GROUP_COLLECTOR,
          EventsSettings.GROUP_INGEST,
          EventsSettings.GROUP_RECORDS);
  private static final String REGENERATE =
      "docs/events.md's %s table differs from EventsSettings; regenerate it with"
          + " `mvn -B -o -pl events -am test -Dtest=EventsDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dsugarbridge.docs.write=true`"
          + " and commit docs/events.md";

  @Test
  void eachGroupsTableIsGeneratedFromTheDeclarations() throws IOException {
    for (String group : GROUPS) {
      String generated = table(group);
      assertThat(
              ConfigDocs.syncRegion(
                  REFERENCE,
                  "events-" + group,
                  generated,
                  Boolean.getBoolean(ConfigDocs.WRITE_PROPERTY)))
          .as(REGENERATE, group)
          .isEqualTo(generated);
    }
  }

  @Test
  void everySettingIsInOneTable() {
    String tables = String.join("", GROUPS.stream().map(EventsDocsTest::table).toList());
    for (Setting<?> s : EventsSettings.SECTION.settings()) {
      assertThat(GROUPS).as(s.key()).contains(s.group());
      assertThat(tables).containsOnlyOnce("| `" + s.key() + "` |");
      assertThat(s.doc()).as(s.key()).isNotBlank();
    }
    for (Setting<?> s : MappingsSettings.SECTION.settings()) {
      assertThat(tables).containsOnlyOnce("| `mappings." + s.key() + "` |");
      assertThat(s.doc()).as(s.key()).isNotBlank();
    }
    assertThat(tables)
        .contains("| `write_keys[].key` | string, secret | required |")
        .contains("| `match` | one of | `none` | none, email |")
        .contains("| `mappings.traits` | map of string |")
        .contains("| `wait_for_identify` | duration | `5m` | 0 to 7d |");
  }

  @Test
  void theExampleIsAnEventsFileThatReadsAndShowsEveryKey(@TempDir Path dir) throws IOException {
    String page = Files.readString(REFERENCE);
    String section = page.substring(page.indexOf("## The events file"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String example = section.substring(start, section.indexOf("```", start));
    for (Setting<?> s : EventsSettings.SECTION.settings()) {
      assertThat(example).containsPattern("(?m)^" + s.key() + ":");
    }
    for (Setting<?> s : MappingsSettings.SECTION.settings()) {
      assertThat(example).containsPattern("(?m)^  " + s.key() + ":");
    }
    Files.writeString(
        dir.resolve("sugarbridge.yaml"),
        "sugar:\n  instance_url: http://127.0.0.1:8089\n  username: admin\n  password: pw\n");
    Path file = dir.resolve("events.yaml");
    Files.writeString(file, example);

    EventsConfig c =
        EventsConfigFile.load(
            file, Map.of("EVENTS_WRITE_KEY", "k-1", "WEBSITE_WRITE_KEY", "k-2")::get);

    assertThat(c.ingest().writeKeys()).containsOnlyKeys("key-1", "website");
    assertThat(c.ingest().allowedOrigins()).containsExactly("https://www.example.com");
    Preset p = PresetCatalog.forConfig(c);
    assertThat(p.module()).isEqualTo("Leads");
    assertThat(p.traits()).containsEntry("phone", "phone_work");
    assertThat(p.consentTrait()).isEqualTo("{category}_consent");
  }

  private static String table(String group) {
    return ConfigDocs.table("", EventsSettings.SECTION, group);
  }
}
