package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A mapping of names the file chooses ({@link Setting#sectionMap}), sections that are one of
 * several shapes ({@link Section#oneOf}) and problems made from the text ({@code
 * invalid(Function)}).
 */
class SectionMapTest {
  enum Case {
    NONE,
    LOWER,
    UPPER
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  static final SettingType<String> FIELD =
      SettingType.of(
          "field",
          t -> {
            if (!NAME.matcher(t).matches()) {
              throw new IllegalArgumentException(t);
            }
            return t;
          },
          "is not a field name",
          t -> t);

  static final Setting<String> COLUMN =
      Setting.of("column", SettingType.string())
          .required("has no value; write the column")
          .doc("the column")
          .build();
  static final Setting<Case> CASE =
      Setting.of("case", SettingType.oneOf(Case.class)).defaultValue(Case.NONE).build();
  static final Setting<String> CONST = Setting.of("const", SettingType.string()).build();
  static final Setting<String> MODULE =
      Setting.of("module", SettingType.string()).required("missing; write the module").build();
  static final Setting<String> BY = Setting.of("by", SettingType.string()).build();
  static final Setting<Values> LOOKUP =
      Setting.section("lookup", Section.of(MODULE, BY))
          .required("missing; write {lookup: {module: M}}")
          .shape("must be {module, by}")
          .build();
  static final Section ENTRY =
      Section.oneOf(Section.of(COLUMN, CASE), Section.of(CONST), Section.of(LOOKUP))
          .withShorthand(COLUMN);
  static final Setting<Map<String, Values>> FIELDS =
      Setting.sectionMap("fields", FIELD, ENTRY)
          .shape("must be a mapping of field to column")
          .doc("field to value")
          .build();
  static final Setting<Integer> SIZE =
      Setting.of("size", SettingType.integer())
          .defaultValue(5)
          .invalid(t -> "must be a whole number, was '" + t + "'")
          .build();
  static final Section FILE = Section.of(FIELDS, SIZE);

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Interpolator env = new Interpolator(Map.of("COL", "Mail")::get);

  private Values read(String yaml) {
    YamlNode.Mapping m = (YamlNode.Mapping) YamlNode.parse(yaml, "f.yaml", "file");
    return FILE.read(m, "", "f.yaml", env, problems);
  }

  private List<String> shown() {
    return problems.stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void entriesKeepTheFileOrderTheirLinesAndTheirShape() {
    Values v =
        read(
            """
            fields:
              zeta: z
              alpha: {column: "${COL}", case: lower}
              beta:
                const: Web
              gamma: {lookup: {module: Accounts, by: name}}
              delta: {const: }
            """);
    assertThat(problems).isEmpty();
    Map<String, Values> fields = v.get(FIELDS);
    assertThat(fields.keySet()).containsExactly("zeta", "alpha", "beta", "gamma", "delta");
    assertThat(fields.get("zeta").get(COLUMN)).isEqualTo("z");
    assertThat(fields.get("zeta").get(CASE)).isEqualTo(Case.NONE);
    assertThat(fields.get("alpha").get(COLUMN)).isEqualTo("Mail");
    assertThat(fields.get("alpha").get(CASE)).isEqualTo(Case.LOWER);
    assertThat(fields.get("beta").get(CONST)).isEqualTo("Web");
    assertThat(fields.get("beta").line()).isEqualTo(4);
    assertThat(fields.get("beta").line("const")).isEqualTo(5);
    assertThat(fields.get("gamma").get(LOOKUP).get(MODULE)).isEqualTo("Accounts");
    assertThat(fields.get("delta").isSet(CONST)).isFalse();
    assertThat(fields.get("delta").line("const")).isEqualTo(7);
    assertThat(v.line("fields")).isEqualTo(1);
    assertThat(read("size: 2\n").get(FIELDS)).isEmpty();
  }

  @Test
  void everyProblemOfTheEntriesIsReportedWithItsNameAndLine() {
    read(
        """
        fields:
          Bad-Name: x
          a: {colum: x}
          b: {const: x, case: lower}
          c: [x]
          d:
          e: {}
          f: {lookup: text}
          g: {lookup: {by: name}}
          h: {column: x, case: title}
          i: {lookup: }
        size: lots
        """);
    assertThat(shown())
        .containsExactly(
            "f.yaml:2: fields.Bad-Name: 'Bad-Name' is not a field name",
            "f.yaml:3: fields.a: has keys colum (did you mean column?); write a single column,"
                + " {column: …, case: …}, {const: …} or {lookup: …}",
            "f.yaml:4: fields.b.case: unknown setting; known settings are const",
            "f.yaml:5: fields.c: must be a single column, {column: …, case: …}, {const: …} or"
                + " {lookup: …}",
            "f.yaml:6: fields.d: has no value; write the column",
            "f.yaml:7: fields.e: is empty; write a single column, {column: …, case: …}, {const: …}"
                + " or {lookup: …}",
            "f.yaml:8: fields.f.lookup: must be {module, by}",
            "f.yaml:9: fields.g.lookup.module: missing; write the module",
            "f.yaml:10: fields.h.case: 'title' is not supported; write none, lower or upper",
            "f.yaml:11: fields.i.lookup: missing; write {lookup: {module: M}}",
            "f.yaml:12: size: must be a whole number, was 'lots'");
  }

  @Test
  void aMappingThatIsNotOneIsRefusedWithItsDeclaredOrItsOwnMessage() {
    read("fields: [a, b]\n");
    assertThat(shown()).containsExactly("f.yaml:1: fields: must be a mapping of field to column");

    problems.clear();
    Section plain = Section.of(Setting.sectionMap("m", FIELD, Section.of(CONST)).build());
    plain.read(
        (YamlNode.Mapping) YamlNode.parse("m: x\n", "f.yaml", "file"), "", "f.yaml", env, problems);
    assertThat(shown())
        .containsExactly("f.yaml:1: m: must be a mapping of field to a mapping of const");

    problems.clear();
    Section nested = Section.of(Setting.section("s", ENTRY).build());
    nested.read(
        (YamlNode.Mapping) YamlNode.parse("s: [1]\n", "f.yaml", "file"),
        "",
        "f.yaml",
        env,
        problems);
    assertThat(shown())
        .containsExactly(
            "f.yaml:1: s: must be a single column, {column: …, case: …}, {const: …} or {lookup: …}");
  }

  @Test
  void anEntryWithoutARequiredShorthandIsAnEmptyMappingAndAnOptionalOneIsNothing() {
    Setting<Map<String, Values>> m =
        Setting.sectionMap("m", FIELD, Section.of(CONST, BY).withShorthand(CONST)).build();
    Values v =
        Section.of(m)
            .read(
                (YamlNode.Mapping) YamlNode.parse("m:\n  a:\n  b: x\n", "f.yaml", "file"),
                "",
                "f.yaml",
                env,
                problems);
    assertThat(problems).isEmpty();
    assertThat(v.get(m).get("a").isSet(CONST)).isFalse();
    assertThat(v.get(m).get("a").line()).isEqualTo(2);
    assertThat(v.get(m).get("b").get(CONST)).isEqualTo("x");
  }

  @Test
  void listItemsMayBeOneOfSeveralShapes() {
    Section file = Section.of(Setting.sections("items", ENTRY).build());
    Values v =
        file.read(
            (YamlNode.Mapping)
                YamlNode.parse("items: [x, {const: c}, {nope: 1}]\n", "f.yaml", "file"),
            "",
            "f.yaml",
            env,
            problems);
    List<Values> items = v.get(Setting.sections("items", ENTRY).build());
    assertThat(items).hasSize(3);
    assertThat(items.get(0).get(COLUMN)).isEqualTo("x");
    assertThat(items.get(1).get(CONST)).isEqualTo("c");
    assertThat(shown())
        .containsExactly(
            "f.yaml:1: items[3]: has keys nope; write a single column, {column: …, case: …},"
                + " {const: …} or {lookup: …}");
  }

  @Test
  void aOneOfSectionListsEverySettingOnceAndIsChecked() {
    Section twice = Section.oneOf(Section.of(COLUMN, CASE), Section.of(CONST, CASE));
    assertThat(twice.keys()).containsExactly("column", "case", "const");
    assertThat(twice.alternatives()).hasSize(2);
    assertThat(twice.shorthand()).isNull();
    assertThat(twice.shapes()).isEqualTo("{column: …, case: …} or {const: …, case: …}");
    assertThat(Section.of(CONST, BY).withShorthand(CONST).shapes())
        .isEqualTo("a mapping of const, by, or a single const");
    assertThatThrownBy(() -> Section.oneOf(Section.of(COLUMN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Section.oneOf(Section.of(COLUMN), Section.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Section.oneOf(Section.of(COLUMN), ENTRY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Section.oneOf(
                    Section.of(COLUMN),
                    Section.of(Setting.of("column", SettingType.string()).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared twice");
  }

  @Test
  void anUnknownKeyMessageReachesEveryAlternative() {
    Section s = ENTRY.withUnknownKeyMessage((k, known) -> k + " is not in " + known);
    Section file = Section.of(Setting.sectionMap("m", FIELD, s).build());
    file.read(
        (YamlNode.Mapping) YamlNode.parse("m: {a: {const: x, by: y}}\n", "f.yaml", "file"),
        "",
        "f.yaml",
        env,
        problems);
    assertThat(shown()).containsExactly("f.yaml:1: m.a.by: by is not in [const]");
  }

  @Test
  void aSettingDescribesItsMapAndItsMessages() {
    assertThat(FIELDS.kind()).isEqualTo(Setting.Kind.SECTION_MAP);
    assertThat(FIELDS.keyType()).isSameAs(FIELD);
    assertThat(FIELDS.section()).isSameAs(ENTRY);
    assertThat(FIELDS.defaultValue()).isEmpty();
    assertThat(FIELDS.formattedDefault()).isEmpty();
    assertThat(SIZE.invalidMessage("x")).isEqualTo("must be a whole number, was 'x'");
    assertThat(CONST.invalidMessage("x")).isEqualTo("'x' is not text");
    assertThat(Setting.of("p", SettingType.integer()).secret().build().invalidMessage("x"))
        .isEqualTo("(the secret) is not a whole number");
    assertThat(COLUMN.keyType()).isNull();
  }

  @Test
  void theDocsListAnEntrysSettingsUnderItsName() {
    String table = ConfigDocs.table("", FILE);
    assertThat(table)
        .contains("| `fields` | map of sections |  |  | field to value |")
        .contains("| `fields.<field>.column` | string |  |  | the column |")
        .contains("| `fields.<field>.case` | one of | `none` | none, lower, upper |  |")
        .contains("| `fields.<field>.lookup` | section |  |  |  |")
        .contains("| `fields.<field>.lookup.module` | string | required |  |  |");
    assertThat(ConfigDocs.yamlExample("file", FILE)).doesNotContain("fields").contains("size: 5");
  }
}
