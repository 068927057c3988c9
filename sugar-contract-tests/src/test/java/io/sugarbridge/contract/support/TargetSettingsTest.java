package io.sugarbridge.contract.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetSettingsTest {

  private static TargetSettings read(Map<String, String> props, Map<String, String> env) {
    return TargetSettings.from(props::get, env);
  }

  @Test
  void noUrlMeansSandbox() {
    TargetSettings s = read(Map.of(), Map.of());
    assertThat(s.sandbox()).isTrue();
    assertThat(s.platform()).isEqualTo("sugarbridge");
  }

  @Test
  void propertiesWinOverEnvironmentAndPasswordComesFromEnv() {
    Map<String, String> props = new HashMap<>();
    props.put("sugar.url", "https://acme.sugarcrm.com/");
    props.put("sugar.username", "api");
    props.put("sugar.version", "v11.20");
    Map<String, String> env =
        Map.of(
            "SUGAR_USERNAME", "ignored",
            "SUGAR_PASSWORD", "s3cret",
            "SUGAR_ALLOW_USER_WRITES", "true",
            "SUGAR_CLIENT_ID", "myclient");
    TargetSettings s = read(props, env);
    assertThat(s.sandbox()).isFalse();
    assertThat(s.url()).hasToString("https://acme.sugarcrm.com");
    assertThat(s.username()).isEqualTo("api");
    assertThat(s.password().reveal()).isEqualTo("s3cret");
    assertThat(s.version()).isEqualTo("11_20");
    assertThat(s.allowUserWrites()).isTrue();
    assertThat(s.clientId()).isEqualTo("myclient");
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesBasePlatformMissingCredentialsAndBadVersion() {
    assertThatThrownBy(() -> read(Map.of("sugar.platform", "base"), Map.of()))
        .hasMessageContaining("sugar.platform=base")
        .hasMessageContaining("sugarbridge");
    assertThatThrownBy(() -> read(Map.of("sugar.url", "https://x.example"), Map.of()))
        .hasMessageContaining("sugar.username");
    assertThatThrownBy(
            () -> read(Map.of("sugar.url", "https://x.example", "sugar.username", "u"), Map.of()))
        .hasMessageContaining("SUGAR_PASSWORD");
    assertThatThrownBy(() -> read(Map.of("sugar.version", "11.123"), Map.of()))
        .hasMessageContaining("sugar.version=11.123");
    assertThatThrownBy(() -> read(Map.of("sugar.url", "https://x.example/rest/v10"), Map.of()))
        .hasMessageContaining("without /rest");
  }

  @Test
  void envNames() {
    assertThat(TargetSettings.envName("sugar.client_secret")).isEqualTo("SUGAR_CLIENT_SECRET");
    assertThat(TargetSettings.envName("sugar.allowUserWrites"))
        .isEqualTo("SUGAR_ALLOW_USER_WRITES");
  }

  @Test
  void replyRedactsTokens() {
    Reply r =
        new Reply(
            "POST",
            "/rest/v10/oauth2/token",
            200,
            HttpHeaders.of(Map.of(), (a, b) -> true),
            "{\"access_token\":\"abc-123\",\"refresh_token\" : \"def-456\",\"expires_in\":3600}");
    assertThat(r.toString()).doesNotContain("abc-123").doesNotContain("def-456").contains("3600");
    assertThat(Secret.of("pw").toString()).doesNotContain("pw");
  }

  @Test
  void versionComparison() {
    SugarTarget t =
        new SugarTarget(
            null, "u", Secret.of(""), "sugar", Secret.of(""), "p", "11_9", false, null, "x");
    assertThat(t.atLeast(11, 6)).isTrue();
    assertThat(t.atLeast(11, 10)).isFalse();
    assertThat(t.atLeast(10, 0)).isTrue();
    assertThat(t.versionDotted()).isEqualTo("11.9");
  }
}
