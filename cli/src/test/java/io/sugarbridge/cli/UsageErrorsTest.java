package io.sugarbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mistakes on the command line itself exit 2 with the reason on stderr, as scripts expect. */
class UsageErrorsTest {

  @Test
  void unknownCommandExitsTwo() {
    CliRun r = CliRun.of("chekc");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("chekc").contains("check");
  }

  @Test
  void badOptionValueExitsTwoNamingTheOption() {
    CliRun r = CliRun.of("sandbox", "--port", "abc");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--port").contains("abc");
  }

  @Test
  void unknownOptionExitsTwo() {
    CliRun r = CliRun.of("check", "--jsn");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--jsn");
  }

  @Test
  void noCommandPrintsUsageOnStderrAndExitsTwo() {
    CliRun r = CliRun.of();

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Usage: sugarbridge").contains("check", "sandbox", "demo");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void versionAndHelpExitZero() {
    assertThat(CliRun.of("--version").code()).isZero();
    assertThat(CliRun.of("check", "--help").code()).isZero();
  }
}
