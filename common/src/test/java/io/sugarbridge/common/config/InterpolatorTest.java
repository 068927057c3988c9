package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
  private final Interpolator env =
      new Interpolator(Map.of("USER", "alice", "PASS", "s3cr$t\\x", "EMPTY", "")::get);
  private final List<ConfigProblem> problems = new ArrayList<>();

  @Test
  void replacesVariablesWithTheirValues() {
    assertThat(env.apply("${USER}", "s", "f:1", problems)).isEqualTo("alice");
    assertThat(env.apply("u=${USER}, p=${ PASS }.", "s", "f:1", problems))
        .isEqualTo("u=alice, p=s3cr$t\\x.");
    assertThat(env.apply("[${EMPTY}]", "s", "f:1", problems)).isEqualTo("[]");
    assertThat(env.apply("plain $USER text", "s", "f:1", problems)).isEqualTo("plain $USER text");
    assertThat(env.apply(null, "s", "f:1", problems)).isNull();
    assertThat(problems).isEmpty();
  }

  @Test
  void doubleDollarWritesALiteral() {
    assertThat(env.apply("$${USER}", "s", "f:1", problems)).isEqualTo("${USER}");
    assertThat(env.apply("a$${b} ${USER}", "s", "f:1", problems)).isEqualTo("a${b} alice");
    assertThat(problems).isEmpty();
    String odd = "x${y}z";
    assertThat(
            new Interpolator(n -> "y".equals(n) ? "Y" : null)
                .apply(Interpolator.escape(odd), "s", "f", problems))
        .isEqualTo(odd);
    assertThat(Interpolator.escape(null)).isNull();
  }

  @Test
  void anUnsetVariableNamesTheSettingAndLocationButNotTheValue() {
    assertThat(env.apply("pre-${MISSING}-post", "sugar.password", "f.yaml:3", problems))
        .isEqualTo("pre--post");
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo("sugar.password");
              assertThat(p.location()).isEqualTo("f.yaml:3");
              assertThat(p.message())
                  .contains("MISSING")
                  .contains("not set")
                  .contains("export MISSING=...")
                  .doesNotContain("pre-");
            });
  }

  @Test
  void aMalformedVariableNameIsAProblem() {
    env.apply("${1ABC} ${A-B} ${}", "s", "f.yaml:9", problems);
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0).message())
        .isEqualTo("'${1ABC}' is not a valid environment variable reference; write ${NAME}");
    assertThat(problems.get(1).message()).contains("'${A-B}'");
    assertThat(problems).allSatisfy(p -> assertThat(p.location()).isEqualTo("f.yaml:9"));
  }

  @Test
  void anUnclosedReferenceIsAProblem() {
    assertThat(env.apply("${USER", "s", "f.yaml:2", problems)).isEmpty();
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("'${USER'").contains("write ${NAME}"));
  }

  @Test
  void theSystemEnvironmentIsUsed() {
    String path = System.getenv("PATH");
    if (path != null) {
      assertThat(Interpolator.ofSystem().apply("${PATH}", "s", "f", problems)).isEqualTo(path);
    }
  }

  @Test
  void noneTakesValuesAsWritten() {
    List<ConfigProblem> problems = new ArrayList<>();
    assertThat(Interpolator.none().apply("a ${X} $${Y} ${", "s", "f:1", problems))
        .isEqualTo("a ${X} $${Y} ${");
    assertThat(problems).isEmpty();
  }
}
