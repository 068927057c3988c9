package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SectionTest {
  static final Setting<String> URL =
      Setting.of("url", SettingType.string()).required("missing; write e.g. https://x").build();
  static final Setting<Integer> WORKERS =
      Setting.of("workers", SettingType.integer())
          .defaultValue(4)
          .check(v -> v < 1 ? v + " is too low; write 1 or more" : null)
          .build();
  static final Setting<Duration> TIMEOUT =
      Setting.of("timeout", SettingType.duration()).defaultValue(Duration.ofSeconds(30)).build();
  static final Setting<String> TOKEN = Setting.of("token", SettingType.string()).secret().build();
  static final Setting<Integer> PIN = Setting.of("pin", SettingType.integer()).secret().build();
  static final Setting<List<String>> TAGS =
      Setting.list("tags", SettingType.string())
          .check(l -> l.size() > 2 ? "has " + l.size() + " tags; write at most 2" : null)
          .build();
  static final Setting<String> HOST =
      Setting.of("host", SettingType.string()).required("missing; write the host").build();
  static final Setting<Integer> PORT = Setting.of("port", SettingType.integer()).build();
  static final Setting<Values> DB = Setting.section("db", Section.of(HOST, PORT)).build();
  static final Setting<String> KEY =
      Setting.of("key", SettingType.string()).required("missing; write the key").build();
  static final Setting<String> NAME = Setting.of("name", SettingType.string()).build();
  static final Setting<List<Values>> KEYS =
      Setting.sections("keys", Section.of(KEY, NAME).withShorthand(KEY)).build();
  static final Section SECTION = Section.of(URL, WORKERS, TIMEOUT, TOKEN, PIN, TAGS, DB, KEYS);

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Interpolator env = new Interpolator(Map.of("TOKEN", "t0k3n", "N", "8")::get);

  private Values read(String yaml) {
    YamlNode.Mapping m = (YamlNode.Mapping) YamlNode.parse(yaml, "f.yaml", "file");
    return SECTION.read(m, "app.", "f.yaml", env, problems);
  }

  private List<String> shown() {
    return problems.stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void readsTypedValuesAndDefaults() {
    Values v = read("url: https://x\nworkers: ${N}\ntoken: ${TOKEN}\ntags: [a, b]\n");
    assertThat(problems).isEmpty();
    assertThat(v.get(URL)).isEqualTo("https://x");
    assertThat(v.get(WORKERS)).isEqualTo(8);
    assertThat(v.get(TOKEN)).isEqualTo("t0k3n");
    assertThat(v.get(TAGS)).containsExactly("a", "b");
    assertThat(v.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(v.isSet(TIMEOUT)).isFalse();
    assertThat(v.isSet(WORKERS)).isTrue();
    assertThat(v.get(PIN)).isNull();
    assertThat(v.get(KEYS)).isEmpty();
    assertThat(v.get(DB)).isNull();
    assertThat(v.line("workers")).isEqualTo(2);
    assertThat(v.line("timeout")).isNull();
    assertThat(v.location("workers")).isEqualTo("f.yaml:2");
    assertThat(v.location("timeout")).isEqualTo("f.yaml:1");
    assertThat(v.line()).isEqualTo(1);
    assertThat(v.source()).isEqualTo("f.yaml");
  }

  @Test
  void aSingleValueIsAListOfOneAndListItemsAreInterpolated() {
    Values v = read("url: u\ntags: ${TOKEN}\n");
    assertThat(v.get(TAGS)).containsExactly("t0k3n");
    v = read("url: u\ntags:\n  - x${N}\n  - ${MISSING}\n");
    assertThat(v.isSet(TAGS)).isFalse();
    assertThat(shown())
        .containsExactly(
            "f.yaml:4: app.tags: refers to environment variable MISSING, which is not set; set it"
                + " (export MISSING=...) or write the value");
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnce() {
    read(
        "urll: https://x\n"
            + "workers: many\n"
            + "timeout: [1, 2]\n"
            + "tags: {a: 1}\n"
            + "pin: ${NOPE}\n"
            + "db: just-a-string\n"
            + "colour: red\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:1: app.urll: unknown setting (did you mean url?); known settings are url,"
                + " workers, timeout, token, pin, tags, db, keys",
            "f.yaml:2: app.workers: 'many' is not a whole number",
            "f.yaml:3: app.timeout: must be a single value, not a list or mapping",
            "f.yaml:4: app.tags: must be a list",
            "f.yaml:5: app.pin: refers to environment variable NOPE, which is not set; set it"
                + " (export NOPE=...) or write the value",
            "f.yaml:6: app.db: must be a mapping of host, port",
            "f.yaml:7: app.colour: unknown setting; known settings are url, workers, timeout,"
                + " token, pin, tags, db, keys",
            "f.yaml:1: app.url: missing; write e.g. https://x");
  }

  @Test
  void aKeyThatMayHoldAValueIsNotEchoed() {
    // No space after the colon makes "token:hunter2" one key; a flow mapping's bare item is a key.
    read("url: u\ntoken:hunter2: 1\nflag:x: 1\n");
    read("{url: u, wk_live_abc123}\n");
    read("url: u\ntokn:\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:2: app.token: needs a space after its colon; write token: followed by the"
                + " value",
            "f.yaml:3: app.flag…: is not a setting (its text is not shown: it may hold a value);"
                + " write each setting as name: value, with a space after the colon; known"
                + " settings are url, workers, timeout, token, pin, tags, db, keys",
            "f.yaml:1: app.(an entry): is not a setting (its text is not shown: it may hold a"
                + " value); write each setting as name: value, with a space after the colon; known"
                + " settings are url, workers, timeout, token, pin, tags, db, keys",
            "f.yaml:2: app.tokn: unknown setting (did you mean token?); known settings are url,"
                + " workers, timeout, token, pin, tags, db, keys");
    assertThat(String.join("\n", shown())).doesNotContain("hunter2", "wk_live");
  }

  @Test
  void aCheckRefusesAValueAndASecretIsNeverShown() {
    read("url: u\nworkers: 0\npin: ${TOKEN}\ntags: [a, b, c]\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:2: app.workers: 0 is too low; write 1 or more",
            "f.yaml:3: app.pin: (the secret) is not a whole number",
            "f.yaml:4: app.tags: has 3 tags; write at most 2");
    assertThat(String.join("\n", shown())).doesNotContain("t0k3n");
  }

  @Test
  void aRequiredSettingWithABadValueIsReportedOnceAndAnEmptyOneIsMissingAtItsLine() {
    read("workers: 2\nurl: ${NOPE}\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:2: app.url: refers to environment variable NOPE, which is not set; set it"
                + " (export NOPE=...) or write the value");
    problems.clear();
    read("workers: 2\nurl:\n");
    assertThat(shown()).containsExactly("f.yaml:2: app.url: missing; write e.g. https://x");
  }

  @Test
  void aNestedSectionIsNamedWithItsParent() {
    Values v = read("url: u\ndb:\n  host: h\n  port: 5432\n");
    assertThat(problems).isEmpty();
    Values db = v.get(DB);
    assertThat(db.get(HOST)).isEqualTo("h");
    assertThat(db.get(PORT)).isEqualTo(5432);
    assertThat(db.line()).isEqualTo(3);

    read("url: u\ndb:\n  prot: 1\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:3: app.db.prot: unknown setting (did you mean port?); known settings are"
                + " host, port",
            "f.yaml:3: app.db.host: missing; write the host");
  }

  @Test
  void itemsOfAListOfSectionsAreNumberedFromOneAndMayBeShorthand() {
    Values v = read("url: u\nkeys:\n  - key: a\n    name: first\n  - b\n");
    assertThat(problems).isEmpty();
    List<Values> keys = v.get(KEYS);
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).get(KEY)).isEqualTo("a");
    assertThat(keys.get(0).get(NAME)).isEqualTo("first");
    assertThat(keys.get(1).get(KEY)).isEqualTo("b");
    assertThat(keys.get(1).line("key")).isEqualTo(5);

    read("url: u\nkeys:\n  - name: n\n  - key: k\n    nme: x\n  - [1]\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:3: app.keys[1].key: missing; write the key",
            "f.yaml:5: app.keys[2].nme: unknown setting (did you mean name?); known settings are"
                + " key, name",
            "f.yaml:6: app.keys[3]: must be a mapping of key, name, or a single key");

    problems.clear();
    read("url: u\nkeys: k\n");
    assertThat(shown()).containsExactly("f.yaml:2: app.keys: must be a list");
  }

  @Test
  void anItemMustBeAMappingWhenThereIsNoShorthand() {
    Section inner = Section.of(KEY);
    Section outer = Section.of(Setting.sections("keys", inner).build());
    YamlNode.Mapping m = (YamlNode.Mapping) YamlNode.parse("keys: [a]\n", "f.yaml", "file");
    outer.read(m, "", "f.yaml", env, problems);
    assertThat(shown()).containsExactly("f.yaml:1: keys[1]: must be a mapping of key");
  }

  @Test
  void aListItemMustBeASingleValue() {
    read("url: u\ntags:\n  - a\n  - {b: 1}\n  -\n");
    assertThat(shown())
        .containsExactly(
            "f.yaml:4: app.tags: each item must be a single value",
            "f.yaml:5: app.tags: has an empty item (~ or nothing after -); remove it or write a"
                + " value");
  }

  @Test
  void anUnknownKeyMayHaveItsOwnMessage() {
    Section s = Section.of(PORT).withUnknownKeyMessage((k, known) -> k + " is not one of " + known);
    YamlNode.Mapping m = (YamlNode.Mapping) YamlNode.parse("pot: 1\n", "f.yaml", "file");
    s.read(m, "", "f.yaml", env, problems);
    assertThat(shown()).containsExactly("f.yaml:1: pot: pot is not one of [port]");
  }

  @Test
  void declarationsAreChecked() {
    assertThatThrownBy(() -> Section.of(PORT, PORT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port is declared twice");
    assertThatThrownBy(() -> Section.of(PORT).withShorthand(KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Section.of(TAGS).withShorthand(TAGS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SECTION.keys()).startsWith("url", "workers");
    assertThat(Section.at("f", null)).isEqualTo("f");
    assertThat(Section.at("f", 0)).isEqualTo("f");
    assertThat(Section.at("f", 3)).isEqualTo("f:3");
  }

  @Test
  void aSettingDescribesItself() {
    Setting<Integer> s =
        Setting.of("n", SettingType.integer())
            .defaultValue(3)
            .invalid("is not a count")
            .doc("how many")
            .group("limits")
            .allowed("1 to 9")
            .build();
    assertThat(s.invalid()).isEqualTo("is not a count");
    assertThat(s.defaultText()).isEqualTo("3");
    assertThat(s.allowedText()).isEqualTo("1 to 9");
    assertThat(s.group()).isEqualTo("limits");
    assertThat(s.toString()).isEqualTo("n");
    assertThat(s.required()).isFalse();
    assertThat(s.check(null)).isNull();
    assertThat(WORKERS.invalid()).isEqualTo("is not a whole number");
    assertThat(DB.invalid()).isEqualTo("is not valid");
    assertThat(DB.type()).isNull();
    assertThat(DB.allowedText()).isEmpty();
    assertThat(TAGS.defaultText()).isEmpty();
    assertThat(Setting.of("b", SettingType.bool()).build().allowedText()).isEqualTo("true, false");
  }

  static final Setting<Map<String, Integer>> LIMITS =
      Setting.map("limits", SettingType.integer().checked(v -> v < 0 ? "must be 0 or more" : null))
          .check(m -> m.size() > 2 ? "has " + m.size() + " limits; write at most 2" : null)
          .doc("a limit per name")
          .build();

  private List<String> readLimits(String yaml) {
    problems.clear();
    YamlNode.Mapping m = (YamlNode.Mapping) YamlNode.parse(yaml, "f.yaml", "file");
    Values v = Section.of(LIMITS).read(m, "", "f.yaml", env, problems);
    return v.isSet(LIMITS)
        ? v.get(LIMITS).entrySet().stream().map(Object::toString).toList()
        : null;
  }

  @Test
  void aMapKeepsTheFilesOrderAndNamesEachValueUnderItsName() {
    assertThat(readLimits("limits:\n  b: ${N}\n  a: 2\n")).containsExactly("b=8", "a=2");
    assertThat(problems).isEmpty();
    assertThat(readLimits("limits: {}\n")).isEmpty();
    assertThat(readLimits("other: 1\n")).isNull();

    assertThat(readLimits("limits:\n  a: x\n  b: -1\n  c: [1]\n  d:\n  e: ${NOPE}\n")).isNull();
    assertThat(shown())
        .containsExactly(
            "f.yaml:2: limits.a: 'x' is not a whole number",
            "f.yaml:3: limits.b: must be 0 or more",
            "f.yaml:4: limits.c: must be a single value, not a list or mapping",
            "f.yaml:5: limits.d: '' is not a whole number",
            "f.yaml:6: limits.e: refers to environment variable NOPE, which is not set; set it"
                + " (export NOPE=...) or write the value");

    readLimits("limits: [1, 2]\n");
    assertThat(shown()).containsExactly("f.yaml:1: limits: must be a mapping of names to values");
    readLimits("limits: {a: 1, b: 2, c: 3}\n");
    assertThat(shown()).containsExactly("f.yaml:1: limits: has 3 limits; write at most 2");
  }

  @Test
  void aTypesCheckRunsOnEachItemOfAListAtItsLineAndBeforeTheSettingsCheck() {
    SettingType<String> word =
        SettingType.string().checked(v -> v.contains(" ") ? "'" + v + "' is not one word" : null);
    Setting<List<String>> words =
        Setting.list("words", word.checked(v -> v.isEmpty() ? "is empty" : null)).build();
    Setting<String> one =
        Setting.of("one", word).check(v -> v.length() > 3 ? "is too long" : null).build();
    YamlNode.Mapping m =
        (YamlNode.Mapping)
            YamlNode.parse("words:\n  - ok\n  - two words\n  - ''\none: a b\n", "f.yaml", "file");
    Section.of(words, one).read(m, "", "f.yaml", env, problems);
    assertThat(shown())
        .containsExactly(
            "f.yaml:3: words: 'two words' is not one word",
            "f.yaml:4: words: is empty",
            "f.yaml:5: one: 'a b' is not one word");
    assertThat(word.check(null)).isNull();
    assertThat(SettingType.integer().check(3)).isNull();
  }

  @Test
  void aSettingMayNameItsShapeItself() {
    Setting<List<String>> list =
        Setting.list("list", SettingType.string()).shape("must be a list, e.g. [a]").build();
    Setting<String> value =
        Setting.of("value", SettingType.string()).shape("must be one word").build();
    Setting<Values> section =
        Setting.section("section", Section.of(PORT)).shape("must hold port:").build();
    Setting<List<Values>> sections =
        Setting.sections("sections", Section.of(PORT)).shape("must be a list of ports").build();
    Setting<Map<String, String>> map =
        Setting.map("map", SettingType.string()).shape("must map a to b").build();
    YamlNode.Mapping m =
        (YamlNode.Mapping)
            YamlNode.parse(
                "list: {a: 1}\nvalue: [1]\nsection: 1\nsections: 1\nmap: 1\n", "f.yaml", "file");
    Section.of(list, value, section, sections, map).read(m, "", "f.yaml", env, problems);
    assertThat(shown())
        .containsExactly(
            "f.yaml:1: list: must be a list, e.g. [a]",
            "f.yaml:2: value: must be one word",
            "f.yaml:3: section: must hold port:",
            "f.yaml:4: sections: must be a list of ports",
            "f.yaml:5: map: must map a to b");
    assertThat(map.kind()).isEqualTo(Setting.Kind.MAP);
    assertThat(map.defaultValue()).isEmpty();
    assertThat(PORT.shape()).isNull();
  }
}
