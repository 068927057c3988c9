package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {
  enum Mode {
    FAST,
    SAFE
  }

  static final Setting<String> URL =
      Setting.of("url", SettingType.string())
          .example("https://example.com")
          .doc("where to connect")
          .build();
  static final Setting<String> USER =
      Setting.of("user", SettingType.string()).required("missing; write the user").build();
  static final Setting<String> SECRET =
      Setting.of("secret", SettingType.string())
          .secret()
          .defaultValue("")
          .doc("the | secret")
          .build();
  static final Setting<Duration> TIMEOUT =
      Setting.of("timeout", SettingType.duration())
          .defaultValue(Duration.ofMinutes(5))
          .doc("how long to wait")
          .build();
  static final Setting<Mode> MODE =
      Setting.of("mode", SettingType.oneOf(Mode.class)).defaultValue(Mode.SAFE).build();
  static final Setting<String> VERSION =
      Setting.of("version", SettingType.string())
          .defaultText("discovered")
          .example("\"11.24\"")
          .doc("asked when absent")
          .build();
  static final Setting<Integer> MB =
      Setting.of("mb", SettingType.integer())
          .defaultValue(64)
          .defaultText("64 (less on a small heap)")
          .build();
  static final Setting<java.util.List<String>> TAGS =
      Setting.list("tags", SettingType.string()).doc("labels").build();
  static final Setting<Values> DB =
      Setting.section("db", Section.of(Setting.of("host", SettingType.string()).build()))
          .doc("the database")
          .build();
  static final Setting<java.util.List<Values>> KEYS =
      Setting.sections("keys", Section.of(Setting.of("key", SettingType.string()).build())).build();
  static final Section SECTION =
      Section.of(URL, USER, SECRET, TIMEOUT, MODE, VERSION, MB, TAGS, DB, KEYS);
  static final Setting<java.util.Map<String, String>> FIELDS =
      Setting.map("fields", SettingType.string()).doc("name to field").group("mapping").build();
  static final Setting<String> HOST =
      Setting.of("host", SettingType.string()).defaultValue("h").group("server").build();
  static final Setting<Values> NESTED =
      Setting.section("nested", Section.of(Setting.of("port", SettingType.integer()).build()))
          .group("server")
          .build();
  static final Section GROUPED = Section.of(HOST, FIELDS, NESTED);

  @Test
  void theTableHasARowPerSettingWithNestedOnesNamedUnderTheirParent() {
    assertThat(ConfigDocs.table("app.", SECTION))
        .isEqualTo(
            "| key | type | default | allowed | meaning |\n"
                + "|---|---|---|---|---|\n"
                + "| `app.url` | string |  |  | where to connect |\n"
                + "| `app.user` | string | required |  |  |\n"
                + "| `app.secret` | string, secret |  |  | the \\| secret |\n"
                + "| `app.timeout` | duration | `5m` |  | how long to wait |\n"
                + "| `app.mode` | one of | `safe` | fast, safe |  |\n"
                + "| `app.version` | string | discovered |  | asked when absent |\n"
                + "| `app.mb` | integer | 64 (less on a small heap) |  |  |\n"
                + "| `app.tags` | list of string |  |  | labels |\n"
                + "| `app.db` | section |  |  | the database |\n"
                + "| `app.db.host` | string |  |  |  |\n"
                + "| `app.keys` | list of sections |  |  |  |\n"
                + "| `app.keys[].key` | string |  |  |  |\n");
  }

  @Test
  void withoutNestedSettingsASectionOrListOfSectionsIsOneRow() {
    assertThat(ConfigDocs.table("", Section.of(TAGS, DB, KEYS), false))
        .isEqualTo(
            "| key | type | default | allowed | meaning |\n"
                + "|---|---|---|---|---|\n"
                + "| `tags` | list of string |  |  | labels |\n"
                + "| `db` | section |  |  | the database |\n"
                + "| `keys` | list of sections |  |  |  |\n");
    assertThat(ConfigDocs.table("app.", SECTION, true))
        .isEqualTo(ConfigDocs.table("app.", SECTION));
  }

  @Test
  void theExampleWritesWhatMustBeSetAndCommentsOutTheRest() {
    assertThat(ConfigDocs.yamlExample("app", SECTION))
        .isEqualTo(
            "app:\n"
                + "  url: https://example.com   # where to connect\n"
                + "  user: \"\"\n"
                + "  # secret: \"\"               # the | secret\n"
                + "  # timeout: 5m              # how long to wait\n"
                + "  # mode: safe\n"
                + "  # version: \"11.24\"         # asked when absent\n"
                + "  # mb: 64\n"
                + "  # tags: []                 # labels\n");
  }

  @Test
  void aTableMayListOneGroupWithTheSettingsNestedInIt() {
    assertThat(ConfigDocs.table("", GROUPED, "server"))
        .isEqualTo(
            "| key | type | default | allowed | meaning |\n"
                + "|---|---|---|---|---|\n"
                + "| `host` | string | `h` |  |  |\n"
                + "| `nested` | section |  |  |  |\n"
                + "| `nested.port` | integer |  |  |  |\n");
    assertThat(ConfigDocs.table("", GROUPED, "mapping"))
        .endsWith("|---|\n| `fields` | map of string |  |  | name to field |\n");
    assertThat(ConfigDocs.table("", GROUPED, "none")).endsWith("|---|\n");
    assertThat(ConfigDocs.yamlExample("g", GROUPED)).isEqualTo("g:\n  # host: h\n");
  }

  @Test
  void aRegionIsComparedAndRewrittenOnlyWhenAsked(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("doc.md");
    String before =
        "# Title\n\n" + ConfigDocs.begin("x") + "\nold\n" + ConfigDocs.end("x") + "\ntail\n";
    Files.writeString(file, before, StandardCharsets.UTF_8);

    assertThat(ConfigDocs.syncRegion(file, "x", "new\n", false)).isEqualTo("old\n");
    assertThat(Files.readString(file)).isEqualTo(before);

    assertThat(ConfigDocs.syncRegion(file, "x", "new\n", true)).isEqualTo("new\n");
    assertThat(Files.readString(file))
        .isEqualTo(
            "# Title\n\n" + ConfigDocs.begin("x") + "\nnew\n" + ConfigDocs.end("x") + "\ntail\n");
    assertThat(ConfigDocs.syncRegion(file, "x", "new\n", false)).isEqualTo("new\n");
    assertThat(ConfigDocs.begin("x")).startsWith("<!-- generated: x ").endsWith(" -->");
    assertThat(ConfigDocs.end("x")).isEqualTo("<!-- end generated: x -->");
  }

  @Test
  void aFileWithoutTheMarkersIsAnError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("doc.md");
    Files.writeString(file, ConfigDocs.end("x") + "\n" + ConfigDocs.begin("x") + "\n");
    assertThatThrownBy(() -> ConfigDocs.syncRegion(file, "x", "a", true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must hold the markers");
    Files.writeString(file, "nothing\n");
    assertThatThrownBy(() -> ConfigDocs.syncRegion(file, "y", "a", false))
        .isInstanceOf(IllegalStateException.class);
  }
}
