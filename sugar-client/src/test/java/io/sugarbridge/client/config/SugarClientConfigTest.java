package io.sugarbridge.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SugarClientConfigTest {

  private static SugarClientConfig.Builder valid() {
    return SugarClientConfig.builder()
        .instanceUrl("https://acme.sugarcrm.com")
        .username("sync")
        .password("s3cret-Pw");
  }

  @Test
  void defaultsAreSafeForProduction() {
    SugarClientConfig c = valid().build();
    assertThat(c.clientId()).isEqualTo("sugar");
    assertThat(c.clientSecret().isEmpty()).isTrue();
    assertThat(c.platform()).isEqualTo("sugarbridge");
    assertThat(c.apiVersion()).isNull();
    assertThat(c.grantType()).isEqualTo(GrantType.PASSWORD);
  }

  @Test
  void reportsEveryProblemAtOnceEachWithItsSettingAndFix() {
    ConfigurationException e =
        catchConfig(
            SugarClientConfig.builder()
                .instanceUrl("http://acme.sugarcrm.com/rest/v10/")
                .apiVersion("eleven")
                .clientId(" ")
                .platform("base"));
    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .contains(
            "sugar.instance_url",
            "sugar.api_version",
            "sugar.username",
            "sugar.password",
            "sugar.client_id",
            "sugar.platform");
    assertThat(e.getMessage())
        .contains("write https://acme.sugarcrm.com")
        .contains("remove api_version")
        .contains("log the user out of them");
  }

  @Test
  void plainHttpOnlyForLoopback() {
    assertThat(valid().instanceUrl("http://127.0.0.1:8089").build().instanceUrl())
        .hasToString("http://127.0.0.1:8089");
    assertThat(valid().instanceUrl("http://localhost:8089").build()).isNotNull();
    assertThat(valid().instanceUrl("http://[::1]:8089").build()).isNotNull();
    assertThat(catchConfig(valid().instanceUrl("http://10.0.0.5")).getMessage())
        .contains("write https://10.0.0.5");
  }

  @Test
  void trailingSlashAndPathAreRefusedWithTheAddressToWrite() {
    assertThat(catchConfig(valid().instanceUrl("https://acme.sugarcrm.com/")).getMessage())
        .contains("trailing slash")
        .contains("write https://acme.sugarcrm.com");
    assertThat(catchConfig(valid().instanceUrl("https://acme.sugarcrm.com/sugar")).getMessage())
        .contains("path '/sugar'");
    assertThat(catchConfig(valid().instanceUrl("acme.sugarcrm.com")).getMessage())
        .contains("sugar.instance_url");
  }

  @Test
  void reservedPlatformsAreRefused() {
    for (String p : new String[] {"base", "mobile", "portal", "Base"}) {
      assertThat(catchConfig(valid().platform(p)).problems())
          .singleElement()
          .satisfies(pr -> assertThat(pr.setting()).isEqualTo("sugar.platform"));
    }
    assertThat(valid().platform("my-etl_1").build().platform()).isEqualTo("my-etl_1");
    assertThat(catchConfig(valid().platform("has space")).getMessage()).contains("letters");
  }

  @Test
  void apiVersionForms() {
    assertThat(valid().apiVersion("11_5").build().apiVersion()).isEqualTo(new ApiVersion(11, 5));
    assertThat(valid().apiVersion("v11_20").build().apiVersion().pathSegment()).isEqualTo("v11_20");
    assertThat(valid().apiVersion("10").build().apiVersion().pathSegment()).isEqualTo("v10");
    assertThat(new ApiVersion(11, 9)).isLessThan(new ApiVersion(11, 10));
  }

  @Test
  void clientCredentialsNeedsSecretButNoPassword() {
    assertThat(
            catchConfig(
                    SugarClientConfig.builder()
                        .instanceUrl("https://a.example.com")
                        .grantType(GrantType.CLIENT_CREDENTIALS))
                .problems())
        .extracting(ConfigProblem::setting)
        .containsExactly("sugar.client_secret");
  }

  @Test
  void toStringNeverShowsSecrets() {
    SugarClientConfig c = valid().clientSecret("client-Secret-9").build();
    assertThat(c.toString()).doesNotContain("s3cret-Pw").doesNotContain("client-Secret-9");
    assertThat(Secret.of("tok-123").toString()).doesNotContain("tok-123");
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
  }

  private static ConfigurationException catchConfig(SugarClientConfig.Builder b) {
    return (ConfigurationException) org.assertj.core.api.Assertions.catchThrowable(b::build);
  }

  @Test
  void builderFailureIsAConfigurationException() {
    assertThatThrownBy(() -> SugarClientConfig.builder().build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aPasswordWrittenIntoTheUrlIsNotEchoedInTheMessage() {
    for (String url :
        List.of(
            "http://ann:url-secret-9@acme.sugarcrm.com",
            "ftp://ann:url-secret-9@acme.sugarcrm.com",
            "https://ann:url-secret-9@acme.sugarcrm.com/rest/v10")) {
      assertThat(catchConfig(valid().instanceUrl(url)).getMessage())
          .as(url)
          .contains("instance_url")
          .doesNotContain("url-secret-9");
    }
  }
}
