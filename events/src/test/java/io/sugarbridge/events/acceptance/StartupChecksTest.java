package io.sugarbridge.events.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.messages.TrackMessage;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, point 10: a misspelt module, a mapping to a field Sugar lacks and a wrong password
 * refuse the start, naming the setting; when every recent delivery fails permanently, {@code
 * /healthz} is not ok and says why.
 */
class StartupChecksTest {
  @TempDir Path dir;
  CollectorFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void aMisspeltModuleRefusesTheStartNamingTheSetting() {
    f = new CollectorFixture(dir, "module: Lead\n");
    assertThatThrownBy(f::start)
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .anySatisfy(
                        p -> {
                          assertThat(p.setting()).isEqualTo("module");
                          assertThat(p.message()).contains("'Lead'").contains("Leads");
                        }));
  }

  @Test
  void aMappingToAFieldSugarLacksRefusesTheStart() {
    f = new CollectorFixture(dir, "mappings:\n  traits: {phone: phone_wrok}\n");
    assertThatThrownBy(f::start)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mappings.traits.phone")
        .hasMessageContaining("phone_wrok");
  }

  @Test
  void aUserWhoMayNotReadTheModuleRefusesTheStartSayingSoNotThatTheModuleIsMissing() {
    f = new CollectorFixture(dir, "");
    String userId = f.sandbox.createUser("webforms", "webforms-pw-1", false, List.of());
    // As an admin does in Sugar: a role without access to Leads, given to the API user.
    io.sugarbridge.client.SugarClient admin = f.sugar();
    String roleId =
        admin
            .records()
            .create(
                "ACLRoles", Map.of("name", "No Leads", "module_access", Map.of("Leads", "none")))
            .path("id")
            .asText();
    admin.records().link("Users", userId, "aclroles", roleId);
    f.useLogin("webforms", "webforms-pw-1");
    assertThatThrownBy(f::start)
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .anySatisfy(
                        p -> {
                          assertThat(p.setting()).isEqualTo("username");
                          assertThat(p.message())
                              .contains("webforms may not read the module 'Leads'")
                              .contains("give the user's role access to Leads")
                              .contains("another user in the connection file")
                              .doesNotContain("has no module");
                        }))
        .hasMessageNotContaining("webforms-pw-1");
  }

  @Test
  void aWrongPasswordIsFoundAtStartUpNotAtTheFirstEvent() {
    f = new CollectorFixture(dir, "");
    f.useLogin("admin", "not-the-password");
    assertThatThrownBy(f::start)
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .anySatisfy(p -> assertThat(p.setting()).isEqualTo("password")))
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void everyDeliveryFailingPermanentlyMakesHealthzSaySo() throws Exception {
    f = new CollectorFixture(dir, "");
    f.sandbox.createUser("webforms", "webforms-pw-1", false, List.of("Leads"));
    f.useLogin("webforms", "webforms-pw-1");
    f.start();
    HttpClient http = HttpClient.newHttpClient();
    JsonNode before = health(http);
    assertThat(before.path("status").asText()).isEqualTo("ok");
    for (int i = 0; i < 6; i++) {
      f.send(
          TrackMessage.builder("Lead Generated")
              .userId("denied-" + i)
              .context(Map.of("traits", Map.of("last_name", "Denied " + i))));
    }
    Await.until(
        "six dead letters",
        Duration.ofSeconds(30),
        () -> f.server.deadLetters().waiting().size() == 6);
    // The lanes deliver side by side: a dead letter is stored a moment before its outcome counts.
    Await.until(
        "healthz to say failing",
        Duration.ofSeconds(30),
        () -> healthStatus(http).equals("failing"));
    JsonNode h = health(http);
    assertThat(h.path("status").asText()).isEqualTo("failing");
    assertThat(h.path("problems").toString())
        .contains("\"check\":\"delivery\"")
        .contains("may not create or edit Leads");
  }

  private String healthStatus(HttpClient http) {
    try {
      return health(http).path("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode health(HttpClient http) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(f.url() + "/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
  }
}
