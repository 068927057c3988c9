package io.sugarbridge.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingTypeTest {
  enum Grant {
    PASSWORD,
    CLIENT_CREDENTIALS
  }

  @Test
  void stringIsTheTextAsWritten() {
    SettingType<String> t = SettingType.string();
    assertThat(t.parse(" a b ")).isEqualTo(" a b ");
    assertThat(t.name()).isEqualTo("string");
    assertThat(t.format("x")).isEqualTo("x");
    assertThat(t.allowed()).isEmpty();
    assertThatThrownBy(() -> t.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void integerIsAWholeNumber() {
    SettingType<Integer> t = SettingType.integer();
    assertThat(t.parse(" 42 ")).isEqualTo(42);
    assertThat(t.parse("-3")).isEqualTo(-3);
    for (String bad : List.of("4.5", "four", "", "99999999999")) {
      assertThatThrownBy(() -> t.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(t.invalid()).isEqualTo("is not a whole number");
    assertThat(t.format(7)).isEqualTo("7");
  }

  @Test
  void numberIsADecimalNumber() {
    SettingType<Double> t = SettingType.number();
    assertThat(t.parse("15")).isEqualTo(15.0);
    assertThat(t.parse("0.5")).isEqualTo(0.5);
    assertThat(t.parse("-2.25")).isEqualTo(-2.25);
    assertThat(t.parse("1e3")).isEqualTo(1000.0);
    for (String bad : List.of("fast", "15f", "15d", "NaN", "Infinity", "0x10", "")) {
      assertThatThrownBy(() -> t.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(t.format(15.0)).isEqualTo("15");
    assertThat(t.format(2.5)).isEqualTo("2.5");
  }

  @Test
  void boolIsTrueOrFalse() {
    SettingType<Boolean> t = SettingType.bool();
    assertThat(t.parse("true")).isTrue();
    assertThat(t.parse(" FALSE ")).isFalse();
    assertThatThrownBy(() -> t.parse("yes")).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.allowed()).containsExactly("true", "false");
    assertThat(t.name()).isEqualTo("boolean");
  }

  @Test
  void durationTakesAUnit() {
    SettingType<Duration> t = SettingType.duration();
    assertThat(t.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(t.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(t.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(t.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(t.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.parse(" 5 M ")).isEqualTo(Duration.ofMinutes(5));
    for (String bad : List.of("1.5h", "5 minutes", "-1s", "1w", "")) {
      assertThatThrownBy(() -> t.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(t.invalid()).contains("90s, 5m, 2h or 1d");
    assertThat(t.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(t.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(t.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(t.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(t.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(t.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void sizeCountsInPowersOf1024() {
    SettingType<Long> t = SettingType.size();
    assertThat(t.parse("512")).isEqualTo(512L);
    assertThat(t.parse("512b")).isEqualTo(512L);
    assertThat(t.parse("64kb")).isEqualTo(64L * 1024);
    assertThat(t.parse("64mb")).isEqualTo(64L * 1024 * 1024);
    assertThat(t.parse("64MB")).isEqualTo(64L * 1024 * 1024);
    assertThat(t.parse("1 gb")).isEqualTo(1L << 30);
    for (String bad : List.of("64m", "1.5gb", "lots", "999999999999gb")) {
      assertThatThrownBy(() -> t.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(t.format(64L << 20)).isEqualTo("64mb");
    assertThat(t.format(2L << 30)).isEqualTo("2gb");
    assertThat(t.format(3L << 10)).isEqualTo("3kb");
    assertThat(t.format(1000L)).isEqualTo("1000");
    assertThat(t.format(0L)).isEqualTo("0");
  }

  @Test
  void urlIsAbsolute() {
    SettingType<URI> t = SettingType.url();
    assertThat(t.parse(" https://example.com/x ")).isEqualTo(URI.create("https://example.com/x"));
    for (String bad : List.of("example.com", "/relative", "http://bad host", "")) {
      assertThatThrownBy(() -> t.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(t.name()).isEqualTo("URL");
    assertThat(t.format(URI.create("https://a"))).isEqualTo("https://a");
  }

  @Test
  void oneOfTakesTheWireNamesInAnyCase() {
    SettingType<Grant> t = SettingType.oneOf(Grant.class);
    assertThat(t.parse("password")).isEqualTo(Grant.PASSWORD);
    assertThat(t.parse(" Client_Credentials ")).isEqualTo(Grant.CLIENT_CREDENTIALS);
    assertThatThrownBy(() -> t.parse("implicit")).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.allowed()).containsExactly("password", "client_credentials");
    assertThat(t.invalid()).isEqualTo("is not supported; write password or client_credentials");
    assertThat(t.format(Grant.CLIENT_CREDENTIALS)).isEqualTo("client_credentials");

    SettingType<Grant> wire =
        SettingType.oneOf(Grant.class, g -> g == Grant.PASSWORD ? "pw" : "cc");
    assertThat(wire.parse("CC")).isEqualTo(Grant.CLIENT_CREDENTIALS);
    assertThat(wire.allowed()).containsExactly("pw", "cc");
  }

  @Test
  void orListJoinsWithCommasAndOr() {
    assertThat(SettingType.orList(List.of())).isEmpty();
    assertThat(SettingType.orList(List.of("a"))).isEqualTo("a");
    assertThat(SettingType.orList(List.of("a", "b", "c"))).isEqualTo("a, b or c");
  }

  @Test
  void aTypeOfItsOwn() {
    SettingType<Integer> even =
        SettingType.of(
            "even number",
            t -> {
              int n = Integer.parseInt(t);
              if (n % 2 != 0) {
                throw new IllegalArgumentException(t);
              }
              return n;
            },
            "is not an even number",
            String::valueOf);
    assertThat(even.parse("4")).isEqualTo(4);
    assertThatThrownBy(() -> even.parse("3")).isInstanceOf(IllegalArgumentException.class);
    assertThat(even.name()).isEqualTo("even number");
  }
}
