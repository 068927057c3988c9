package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions live in the sandbox database, so they survive a restart with --data. */
class SessionPersistenceTest {

  @Test
  void tokensSurviveARestartAndAreNotStoredInTheClear(@TempDir Path data) throws Exception {
    JsonNode login;
    try (Harness first = new Harness(data, b -> {})) {
      login = first.login("jim", FakeApplication.JIM_PASSWORD, "sugarbridge");
    }
    String access = login.get("access_token").asText();
    String refresh = login.get("refresh_token").asText();
    byte[] file = Files.readAllBytes(data.resolve("sandbox.db"));
    assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(access)
        .doesNotContain(refresh);

    try (Harness second = new Harness(data, b -> {})) {
      assertThat(second.get("/rest/v10/ping", "OAuth-Token", access).status()).isEqualTo(200);
      Harness.Reply refreshed =
          second.post(
              "/rest/v10/oauth2/token",
              "{\"grant_type\":\"refresh_token\",\"client_id\":\"sugar\",\"platform\":\"sugarbridge\","
                  + "\"refresh_token\":\""
                  + refresh
                  + "\"}");
      assertThat(refreshed.status()).isEqualTo(200);
      assertThat(second.get("/rest/v10/ping", "OAuth-Token", access).status()).isEqualTo(401);
    }
  }

  @Test
  void inMemorySandboxForgetsSessions() {
    String access;
    try (Harness first = new Harness()) {
      access = first.jimToken();
    }
    try (Harness second = new Harness()) {
      assertThat(second.get("/rest/v10/ping", "OAuth-Token", access).status()).isEqualTo(401);
    }
  }
}
