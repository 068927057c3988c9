package io.sugarbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole sandbox (HTTP layer plus the real Sugar application) over real HTTP. */
class SugarSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Reply send(SugarSandbox s, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  private String login(SugarSandbox s, String user, String password) throws Exception {
    Reply r =
        send(
            s,
            "POST",
            "/rest/v11_24/oauth2/token",
            "{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"client_secret\":\"\","
                + "\"username\":\""
                + user
                + "\",\"password\":\""
                + password
                + "\",\"platform\":\"sugarbridge\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  @Test
  void startsOnAFreePortWithAGeneratedAdminPasswordAndSaysItIsNotSugar() throws Exception {
    try (SugarSandbox s = SugarSandbox.start(SandboxConfig.builder().build())) {
      assertThat(s.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(s.adminPassword()).hasSizeGreaterThanOrEqualTo(12);
      assertThat(s.banner())
          .contains("NOT a real SugarCRM")
          .contains(s.url().toString())
          .contains("admin / " + s.adminPassword())
          .contains("in memory");
      String token = login(s, "admin", s.adminPassword());
      Reply ping = send(s, "GET", "/rest/v10/ping", null, "OAuth-Token", token);
      assertThat(ping.body()).isEqualTo("\"pong\"");
      assertThat(s.requestLog()).extracting(RequestLogEntry::path).contains("/rest/v10/ping");
    }
  }

  @Test
  void bulkCreatesRecordsThroughTheApplication() throws Exception {
    try (SugarSandbox s = SugarSandbox.start(SandboxConfig.builder().adminPassword("pw").build())) {
      String token = login(s, "admin", "pw");
      Reply r =
          send(
              s,
              "POST",
              "/rest/v11_24/bulk",
              "{\"requests\":["
                  + "{\"url\":\"/v11_24/Accounts\",\"method\":\"POST\",\"data\":\"{\\\"name\\\":\\\"Acme\\\"}\"},"
                  + "{\"url\":\"/v11_24/Accounts/does-not-exist\"},"
                  + "{\"url\":\"/v11_24/Accounts?fields=name&max_num=5\"}]}",
              "OAuth-Token",
              token,
              "Content-Type",
              "application/json");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode items = r.json();
      assertThat(items.get(0).get("status").asInt()).isEqualTo(200);
      assertThat(items.get(0).get("contents").get("name").asText()).isEqualTo("Acme");
      assertThat(items.get(0).get("contents").get("_module").asText()).isEqualTo("Accounts");
      assertThat(items.get(1).get("status").asInt()).isEqualTo(404);
      assertThat(items.get(1).get("contents").get("error").asText()).isEqualTo("not_found");
      assertThat(items.get(2).get("contents").get("records").get(0).get("name").asText())
          .isEqualTo("Acme");
    }
  }

  @Test
  void unknownModuleIsNoMethodAndNonAdminsCannotTouchFaults() throws Exception {
    try (SugarSandbox s = SugarSandbox.start(SandboxConfig.builder().adminPassword("pw").build())) {
      s.createUser("sally", "sally-pw", false, List.of("Accounts"));
      String sally = login(s, "sally", "sally-pw");
      Reply widgets = send(s, "GET", "/rest/v10/Widgets", null, "OAuth-Token", sally);
      assertThat(widgets.status()).isEqualTo(404);
      assertThat(widgets.json().get("error").asText()).isEqualTo("no_method");
      Reply faults = send(s, "GET", "/rest/_sandbox/faults", null, "OAuth-Token", sally);
      assertThat(faults.status()).isEqualTo(403);
      s.faults().set(FaultSettings.none().with503(1.0));
      assertThat(send(s, "GET", "/rest/v10/ping", null, "OAuth-Token", sally).status())
          .isEqualTo(503);
    }
  }

  @Test
  void sessionsAndRecordsSurviveARestartWithData(@TempDir Path data) throws Exception {
    String token;
    String id;
    try (SugarSandbox s =
        SugarSandbox.start(SandboxConfig.builder().adminPassword("pw").dataDir(data).build())) {
      assertThat(s.banner()).contains(data.toString());
      token = login(s, "admin", "pw");
      Reply created =
          send(
              s,
              "POST",
              "/rest/v10/Contacts",
              "{\"last_name\":\"Kept\"}",
              "OAuth-Token",
              token,
              "Content-Type",
              "application/json");
      id = created.json().get("id").asText();
    }
    try (SugarSandbox s =
        SugarSandbox.start(SandboxConfig.builder().adminPassword("pw").dataDir(data).build())) {
      Reply read = send(s, "GET", "/rest/v10/Contacts/" + id, null, "OAuth-Token", token);
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.json().get("last_name").asText()).isEqualTo("Kept");
    }
  }

  @Test
  void staleMetadataHashIs412WithTheCurrentHashes() throws Exception {
    try (SugarSandbox s = SugarSandbox.start(SandboxConfig.builder().adminPassword("pw").build())) {
      String token = login(s, "admin", "pw");
      String hash =
          send(s, "GET", "/rest/v11_24/metadata/_hash", null, "OAuth-Token", token)
              .json()
              .get("_hash")
              .asText();
      Reply stale =
          send(
              s,
              "GET",
              "/rest/v11_24/Accounts",
              null,
              "OAuth-Token",
              token,
              "X-Metadata-Hash",
              "old");
      assertThat(stale.status()).isEqualTo(412);
      assertThat(stale.json().get("error").asText()).isEqualTo("metadata_out_of_date");
      assertThat(stale.json().get("metadata_hash").asText()).isEqualTo(hash);
      assertThat(stale.json().has("user_hash")).isTrue();
      Reply current =
          send(
              s,
              "GET",
              "/rest/v11_24/Accounts",
              null,
              "OAuth-Token",
              token,
              "X-Metadata-Hash",
              hash);
      assertThat(current.status()).isEqualTo(200);
      Reply inBulk =
          send(
              s,
              "POST",
              "/rest/v11_24/bulk",
              "{\"requests\":[{\"url\":\"/v11_24/Accounts\",\"headers\":{\"X-Metadata-Hash\":\"old\"}}]}",
              "OAuth-Token",
              token);
      assertThat(inBulk.json().get(0).get("status").asInt()).isEqualTo(200);
    }
  }

  @Test
  void configurationErrorsNameEverySetting() {
    assertThatThrownBy(
            () ->
                SandboxConfig.builder()
                    .port(70000)
                    .tokenTtl(Duration.ZERO)
                    .versionRange("11.5", "10")
                    .platform("bad platform")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port")
        .hasMessageContaining("token TTL")
        .hasMessageContaining("11.5..10")
        .hasMessageContaining("bad platform");
  }
}
