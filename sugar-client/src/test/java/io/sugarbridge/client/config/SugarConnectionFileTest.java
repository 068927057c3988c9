package io.sugarbridge.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SugarConnectionFileTest {
  private static final Map<String, String> ENV =
      Map.of("SUGAR_USERNAME", "sync", "SUGAR_PASSWORD", "pa$$: #word");

  @Test
  void loadsTheSugarSectionWithVariablesAndIgnoresOtherJobsSections(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("sugarbridge.yaml");
    Files.writeString(
        f,
        "sync:\n"
            + "  source: warehouse.duckdb\n"
            + "sugar:\n"
            + "  instance_url: https://acme.sugarcrm.com\n"
            + "  username: ${SUGAR_USERNAME}\n"
            + "  password: \"${SUGAR_PASSWORD}\"\n"
            + "  api_version: '11_20'\n"
            + "  platform: etl\n"
            + "  client_secret: literal $${NOT_A_VAR}\n");
    SugarClientConfig c = SugarConnectionFile.load(f, ENV::get);
    assertThat(c.instanceUrl()).hasToString("https://acme.sugarcrm.com");
    assertThat(c.username()).isEqualTo("sync");
    assertThat(c.password().reveal()).isEqualTo("pa$$: #word");
    assertThat(c.apiVersion().toString()).isEqualTo("11.20");
    assertThat(c.platform()).isEqualTo("etl");
    assertThat(c.clientSecret().reveal()).isEqualTo("literal ${NOT_A_VAR}");
  }

  @Test
  void toYamlIsReadBackToTheSameSettingsWhateverThePasswordHolds() {
    SugarClientConfig original =
        SugarClientConfig.builder()
            .instanceUrl("http://127.0.0.1:8089")
            .username("admin")
            .password("p\"a: #w'${NOT_A_VAR}\n")
            .apiVersion("11.10")
            .platform("etl")
            .maxInFlight(8)
            .maxRequestsPerSecond(0)
            .build();

    SugarClientConfig back =
        SugarConnectionFile.parse(SugarConnectionFile.toYaml(original), "gen.yaml", ENV::get);

    assertThat(back.instanceUrl()).isEqualTo(original.instanceUrl());
    assertThat(back.username()).isEqualTo("admin");
    assertThat(back.password().reveal()).isEqualTo("p\"a: #w'${NOT_A_VAR}\n");
    assertThat(back.apiVersion().toString()).isEqualTo("11.10");
    assertThat(back.platform()).isEqualTo("etl");
    assertThat(back.clientId()).isEqualTo("sugar");
    assertThat(back.clientSecret().reveal()).isEmpty();
    assertThat(back.maxInFlight()).isEqualTo(8);
    assertThat(back.maxRequestsPerSecond()).isZero();
  }

  @Test
  void throttleSettingsHaveSafeDefaultsAndCanBeSet() {
    SugarClientConfig defaults =
        SugarConnectionFile.parse(
            "sugar:\n  instance_url: https://acme.sugarcrm.com\n  username: u\n  password: p\n",
            "f.yaml",
            ENV::get);
    assertThat(defaults.maxInFlight()).isEqualTo(4);
    assertThat(defaults.maxRequestsPerSecond()).isEqualTo(15.0);

    SugarClientConfig tuned =
        SugarConnectionFile.parse(
            "sugar:\n  instance_url: https://acme.sugarcrm.com\n  username: u\n  password: p\n"
                + "  max_in_flight: 8\n  max_requests_per_second: 0\n",
            "f.yaml",
            ENV::get);
    assertThat(tuned.maxInFlight()).isEqualTo(8);
    assertThat(tuned.maxRequestsPerSecond()).isZero();
  }

  @Test
  void badThrottleSettingsAreNamedWithTheirLine() {
    ConfigurationException e =
        parse(
            "sugar:\n"
                + "  instance_url: https://acme.sugarcrm.com\n"
                + "  username: sync\n"
                + "  password: x\n"
                + "  max_in_flight: many\n"
                + "  max_requests_per_second: -3\n");
    assertThat(e.getMessage())
        .contains("f.yaml:5: sugar.max_in_flight")
        .contains("not a whole number")
        .contains("f.yaml:6: sugar.max_requests_per_second")
        .contains("0 for no limit");
  }

  @Test
  void unsetVariableIsNamedWithItsLine() {
    ConfigurationException e =
        parse(
            "sugar:\n"
                + "  instance_url: https://acme.sugarcrm.com\n"
                + "  username: sync\n"
                + "  password: ${MISSING_PW}\n");
    assertThat(e.getMessage()).contains("f.yaml:4").contains("MISSING_PW").contains("not set");
  }

  @Test
  void unknownKeyIsRefusedWithLineAndSuggestion() {
    ConfigurationException e =
        parse(
            "sugar:\n"
                + "  instance_url: https://acme.sugarcrm.com\n"
                + "  username: sync\n"
                + "  pasword: x\n");
    assertThat(e.getMessage())
        .contains("f.yaml:4")
        .contains("sugar.pasword")
        .contains("did you mean password?")
        // and the missing password is reported in the same pass
        .contains("sugar.password");
  }

  @Test
  void validationProblemsCarryTheirLine() {
    ConfigurationException e =
        parse(
            "sugar:\n"
                + "  instance_url: http://acme.sugarcrm.com/\n"
                + "  username: sync\n"
                + "  password: x\n"
                + "  platform: mobile\n");
    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage()).contains("f.yaml:2: sugar.instance_url").contains("f.yaml:5");
  }

  @Test
  void missingSectionAndMissingFile(@TempDir Path dir) {
    assertThat(parse("other: 1\n").getMessage()).contains("no 'sugar:' section");
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () -> SugarConnectionFile.load(dir.resolve("nope.yaml"), ENV::get))
                .getMessage())
        .contains("does not exist");
  }

  @Test
  void secretsNeverAppearInErrors() {
    ConfigurationException e =
        parse(
            "sugar:\n"
                + "  instance_url: ftp://x\n"
                + "  username: sync\n"
                + "  password: ${SUGAR_PASSWORD}\n");
    assertThat(e.getMessage()).doesNotContain("#word");
  }

  private static ConfigurationException parse(String yaml) {
    return catchThrowableOfType(
        ConfigurationException.class, () -> SugarConnectionFile.parse(yaml, "f.yaml", ENV::get));
  }
}
