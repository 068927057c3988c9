package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
  @Test
  void keysValuesAndListItemsKeepTheirLines() {
    YamlNode root =
        YamlNode.parse(
            "# a comment\nsugar:\n  url: https://x\n  keys:\n    - a\n    - b\n  empty:\n",
            "f.yaml",
            "connection file");
    YamlNode.Mapping top = (YamlNode.Mapping) root;
    assertThat(top.keyLines()).containsEntry("sugar", 2);
    YamlNode.Mapping sugar = (YamlNode.Mapping) top.entries().get("sugar");
    assertThat(sugar.keyLines()).containsEntry("url", 3).containsEntry("keys", 4);
    YamlNode.Scalar url = (YamlNode.Scalar) sugar.entries().get("url");
    assertThat(url.text()).isEqualTo("https://x");
    assertThat(url.line()).isEqualTo(3);
    YamlNode.Sequence keys = (YamlNode.Sequence) sugar.entries().get("keys");
    assertThat(keys.items()).extracting(YamlNode::line).containsExactly(5, 6);
    assertThat(keys.items())
        .extracting(n -> ((YamlNode.Scalar) n).text())
        .containsExactly("a", "b");
    assertThat(YamlNode.isNull(sugar.entries().get("empty"))).isTrue();
    assertThat(YamlNode.isNull(url)).isFalse();
    assertThat(sugar.entries().keySet()).containsExactly("url", "keys", "empty");
  }

  @Test
  void numbersAndBooleansAreTheirTextAndTildeIsNull() {
    YamlNode.Mapping m =
        (YamlNode.Mapping) YamlNode.parse("n: 4\nd: 15.5\nb: true\nq: \"7\"\nz: ~\n", "f", "s");
    assertThat(((YamlNode.Scalar) m.entries().get("n")).text()).isEqualTo("4");
    assertThat(((YamlNode.Scalar) m.entries().get("d")).text()).isEqualTo("15.5");
    assertThat(((YamlNode.Scalar) m.entries().get("b")).text()).isEqualTo("true");
    assertThat(((YamlNode.Scalar) m.entries().get("q")).text()).isEqualTo("7");
    assertThat(YamlNode.isNull(m.entries().get("z"))).isTrue();
  }

  @Test
  void anEmptyDocumentIsAnEmptyMappingOrNull() {
    YamlNode n = YamlNode.parse("# only a comment\n", "f", "s");
    assertThat(n).isInstanceOf(YamlNode.Mapping.class);
    assertThat(((YamlNode.Mapping) n).entries()).isEmpty();
    assertThat(n.line()).isEqualTo(1);
    assertThat(YamlNode.parseOrNull("", "f", "s")).isNull();
    assertThat(YamlNode.parseOrNull("- 1\n", "f", "s")).isInstanceOf(YamlNode.Sequence.class);
  }

  @Test
  void aliasesDuplicateKeysAndASecondDocumentAreRefusedWithTheirLines() {
    assertThatThrownBy(
            () ->
                YamlNode.parse(
                    "a: &k one\nb: *k\nc:\n  d: 1\n  d: 2\nl: [x, *k]\n", "f.yaml", "file"))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(
                        ((ConfigurationException) e)
                            .problems().stream().map(Object::toString).toList())
                    .containsExactly(
                        "f.yaml:2: b: is a YAML alias (*k), which configuration files do not use;"
                            + " write the value out again",
                        "f.yaml:5: c.d: is given twice in the same mapping (first at line 4);"
                            + " keep one",
                        "f.yaml:6: l[2]: is a YAML alias (*k), which configuration files do not"
                            + " use; write the value out again"));
    assertThatThrownBy(() -> YamlNode.parse("a: 1\n---\nb: 2\n", "f.yaml", "file"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("f.yaml:3: file: holds a second YAML document (after ---)");
  }

  @Test
  void aTabSaysWhatIsWrongWithoutQuotingTheLine() {
    assertThatThrownBy(() -> YamlNode.parse("a: 1\n\tpassword: s3cret\n", "f.yaml", "file"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("f.yaml:2: file: is not valid YAML:")
        .hasMessageContaining("Do not use \\t(TAB) for indentation")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void invalidYamlNamesTheFileAndLine() {
    assertThatThrownBy(
            () -> YamlNode.parse("sugar:\n  a: 1\n  b: [unclosed\n  c: 2\n", "f.yaml", "sync file"))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> {
              var p = ((ConfigurationException) e).problems().get(0);
              assertThat(p.setting()).isEqualTo("sync file");
              assertThat(p.message()).startsWith("is not valid YAML: ");
              assertThat(p.location()).matches("f\\.yaml:[3-5]");
            });
    assertThatThrownBy(() -> YamlNode.parse("a: 1\n\tb: 2\n", "g.yaml", "file"))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems().get(0).location())
                    .isEqualTo("g.yaml:2"));
  }
}
