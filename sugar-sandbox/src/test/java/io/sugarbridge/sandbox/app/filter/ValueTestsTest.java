package io.sugarbridge.sandbox.app.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.filter.ValueTests.Kind;
import java.time.LocalDate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ValueTestsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final ValueTests tests = new ValueTests(() -> LocalDate.parse("2024-06-15"));

  private Predicate<String> test(Kind kind, String op, String arg) {
    return tests.test(kind, op, NODES.textNode(arg));
  }

  @Test
  void textComparesCaseInsensitively() {
    assertThat(test(Kind.TEXT, "$equals", "ACME").test("acme")).isTrue();
    assertThat(test(Kind.TEXT, "$starts", "ac").test("ACME Corp")).isTrue();
    assertThat(test(Kind.TEXT, "$ends", "CORP").test("ACME Corp")).isTrue();
    assertThat(test(Kind.TEXT, "$ends", "longer than it").test("short")).isFalse();
    assertThat(test(Kind.TEXT, "$contains", "ME C").test("acme corp")).isTrue();
    assertThat(test(Kind.TEXT, "$lt", "b").test("A")).isTrue();
  }

  @Test
  void numbersCompareAsNumbers() {
    assertThat(test(Kind.NUMBER, "$equals", "10").test("10.00")).isTrue();
    assertThat(test(Kind.NUMBER, "$gt", "9").test("10")).isTrue();
    assertThat(test(Kind.NUMBER, "$gt", "9").test("")).isFalse();
    assertThat(test(Kind.NUMBER, "$gt", "not a number").test("10")).isFalse();
    assertThat(test(Kind.NUMBER, "$equals", "n/a").test("N/A")).isTrue();
  }

  @Test
  void aBareDateAgainstADateTimeMeansTheWholeDay() {
    String lateThatDay = "2024-06-15T23:59:59+00:00";
    assertThat(test(Kind.DATETIME, "$equals", "2024-06-15").test(lateThatDay)).isTrue();
    assertThat(test(Kind.DATETIME, "$lte", "2024-06-15").test(lateThatDay)).isTrue();
    assertThat(test(Kind.DATETIME, "$gt", "2024-06-15").test(lateThatDay)).isFalse();
    assertThat(test(Kind.DATETIME, "$gt", "2024-06-14").test(lateThatDay)).isTrue();
  }

  @Test
  void relativeDaysCountFromToday() {
    assertThat(test(Kind.DATE, "$dateRange", "yesterday").test("2024-06-14")).isTrue();
    assertThat(test(Kind.DATE, "$last_x_days", "3").test("2024-06-12")).isTrue();
    assertThat(test(Kind.DATE, "$last_x_days", "3").test("2024-06-11")).isFalse();
    assertThat(test(Kind.DATE, "$more_x_days_ago", "3").test("2024-06-11")).isTrue();
    assertThat(test(Kind.DATE, "$next_x_days", "1").test("2024-06-16")).isTrue();
  }

  @Test
  void listsAndRanges() {
    JsonNode list = NODES.arrayNode().add("a").add("b");
    assertThat(tests.test(Kind.TEXT, "$in", list).test("B")).isTrue();
    assertThat(tests.test(Kind.TEXT, "$in", list).test("c")).isFalse();
    JsonNode range = NODES.arrayNode().add("1").add("5");
    assertThat(tests.test(Kind.NUMBER, "$between", range).test("5")).isTrue();
    assertThat(tests.test(Kind.NUMBER, "$between", range).test("6")).isFalse();
  }

  @Test
  void sugarsMessagesForBadArguments() {
    assertThatThrownBy(() -> test(Kind.TEXT, "$in", "a"))
        .isInstanceOf(SugarApiException.class)
        .hasMessage("$in requires an array");
    assertThatThrownBy(() -> test(Kind.NUMBER, "$between", "1"))
        .hasMessage("$between requires an array with two values.");
    assertThatThrownBy(() -> test(Kind.DATE, "$last_x_days", "three"))
        .hasMessage("$last_x_days requires a number of days");
    assertThatThrownBy(() -> test(Kind.TEXT, "$like", "x"))
        .hasMessage("Did not recognize the operand: $like");
  }
}
