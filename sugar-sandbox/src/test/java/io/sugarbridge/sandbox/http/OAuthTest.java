package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Section 1: the token endpoint, its errors, sessions, token transport and the 401 bodies. */
class OAuthTest {
  private static final String TOKEN = "/rest/v11_24/oauth2/token";
  private Harness h;

  @BeforeEach
  void start() {
    h =
        new Harness(
            b ->
                b.oauthClient("etl", "s3cret").platform("myapp").tokenTtl(Duration.ofSeconds(600)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Harness.Reply token(String json) {
    return h.post(TOKEN, json);
  }

  private static String password(String extra) {
    return "{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"client_secret\":\"\","
        + "\"username\":\"admin\",\"password\":\""
        + FakeApplication.ADMIN_PASSWORD
        + "\""
        + extra
        + "}";
  }

  private void assertError(Harness.Reply r, int status, String body) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void successBodyIsExactlyAsSugarSends() {
    Harness.Reply r = token(password(",\"platform\":\"base\""));
    assertThat(r.status()).isEqualTo(200);
    JsonNode t = r.json();
    assertThat(t.fieldNames())
        .toIterable()
        .containsExactly(
            "access_token",
            "expires_in",
            "token_type",
            "scope",
            "refresh_token",
            "refresh_expires_in",
            "download_token");
    assertThat(t.get("access_token").asText()).matches("[0-9a-f-]{36}");
    assertThat(t.get("refresh_token").asText()).matches("[0-9a-f-]{36}");
    assertThat(t.get("expires_in").asInt()).isEqualTo(600);
    assertThat(t.get("refresh_expires_in").asInt()).isEqualTo(1209600);
    assertThat(t.get("token_type").asText()).isEqualTo("bearer");
    assertThat(t.get("scope").isNull()).isTrue();
    assertThat(r.header("Set-Cookie"))
        .startsWith("download_token_base=" + t.get("download_token").asText());
    assertThat(r.header("ETag")).isNull();
  }

  @Test
  void formBodyTrailingSlashAndMissingPlatformWork() {
    Harness.Reply r =
        h.send(
            "POST",
            "/rest/v10/oauth2/token/",
            "grant_type=password&client_id=sugar&client_secret=&username=admin&password="
                + FakeApplication.ADMIN_PASSWORD,
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Set-Cookie")).startsWith("download_token_base=");
    Harness.Reply noType = h.send("POST", TOKEN, password(""));
    assertThat(noType.status()).isEqualTo(200);
  }

  @Test
  void grantTypeMissingOrInvalid() {
    String body =
        "{\"error\":\"invalid_request\",\"error_message\":\"Invalid grant_type parameter or"
            + " parameter missing\"}";
    assertError(token("{\"client_id\":\"sugar\"}"), 400, body);
    assertError(token("{\"grant_type\":\"magic\",\"client_id\":\"sugar\"}"), 400, body);
  }

  @Test
  void unknownClientOrWrongSecret() {
    String body =
        "{\"error\":\"invalid_client\",\"error_message\":\"The client credentials are invalid\"}";
    assertError(
        token(password(",\"client_id\":\"nobody\"").replace("\"client_id\":\"sugar\",", "")),
        400,
        body);
    assertError(
        token(password("").replace("\"client_secret\":\"\"", "\"client_secret\":\"x\"")),
        400,
        body);
    assertError(
        token(password("").replace("\"client_id\":\"sugar\"", "\"client_id\":\"etl\"")), 400, body);
    Harness.Reply ok =
        token(
            password("")
                .replace("\"client_id\":\"sugar\"", "\"client_id\":\"etl\"")
                .replace("\"client_secret\":\"\"", "\"client_secret\":\"s3cret\""));
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void clientCredentialsByHttpBasic() {
    String basic = Base64.getEncoder().encodeToString("etl:s3cret".getBytes());
    Harness.Reply ok =
        h.post(
            TOKEN,
            "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\""
                + FakeApplication.ADMIN_PASSWORD
                + "\"}",
            "Authorization",
            "Basic " + basic);
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void passwordGrantWithoutUsernameOrPassword() {
    String body =
        "{\"error\":\"invalid_request\",\"error_message\":\"Missing parameters. \\u0022username\\u0022"
            + " and \\u0022password\\u0022 required\"}";
    assertError(
        token("{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"username\":\"admin\"}"),
        400,
        body);
    assertError(
        token("{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"password\":\"x\"}"),
        400,
        body);
  }

  @Test
  void wrongPasswordOrInactiveUserIs401NeedLogin() {
    String body =
        "{\"error\":\"need_login\",\"error_message\":\"You must specify a valid username and password.\"}";
    assertError(token(password("").replace(FakeApplication.ADMIN_PASSWORD, "wrong")), 401, body);
    assertError(
        token(password("").replace("\"username\":\"admin\"", "\"username\":\"ghost\"")), 401, body);
    h.app.deactivate("jim");
    assertError(
        token(
            "{\"grant_type\":\"password\",\"client_id\":\"sugar\",\"username\":\"jim\",\"password\":\""
                + FakeApplication.JIM_PASSWORD
                + "\"}"),
        401,
        body);
  }

  @Test
  void refreshGrantErrors() {
    assertError(
        token("{\"grant_type\":\"refresh_token\",\"client_id\":\"sugar\"}"),
        400,
        "{\"error\":\"invalid_request\",\"error_message\":\"No \\u0022refresh_token\\u0022 parameter found\"}");
    String invalid = "{\"error\":\"invalid_grant\",\"error_message\":\"Invalid refresh token\"}";
    assertError(
        token(
            "{\"grant_type\":\"refresh_token\",\"client_id\":\"sugar\",\"refresh_token\":\"nope\"}"),
        400,
        invalid);
    // A refresh token issued to another client is refused.
    String refresh =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "base").get("refresh_token").asText();
    assertError(
        token(
            "{\"grant_type\":\"refresh_token\",\"client_id\":\"etl\",\"client_secret\":\"s3cret\","
                + "\"refresh_token\":\""
                + refresh
                + "\"}"),
        400,
        invalid);
  }

  @Test
  void expiredRefreshTokenNamesBothTimes() {
    String refresh =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "base").get("refresh_token").asText();
    long issued = h.clock.millis() / 1000;
    h.clock.advance(Duration.ofDays(15));
    Harness.Reply r = token(refreshBody(refresh, "base"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(r.json().get("error_message").asText())
        .isEqualTo(
            "Refresh token has expired: "
                + (issued + 1209600)
                + " vs "
                + (issued + 15L * 24 * 3600));
  }

  @Test
  void unsupportedGrantTypes() {
    assertError(
        token("{\"grant_type\":\"client_credentials\",\"client_id\":\"sugar\"}"),
        400,
        "{\"error\":\"unsupported_grant_type\"}");
    assertError(
        token("{\"grant_type\":\"authorization_code\",\"client_id\":\"sugar\"}"),
        400,
        "{\"error\":\"unsupported_grant_type\"}");
  }

  @Test
  void clientCredentialsWhenSwitchedOnIssuesAnAdminTokenWithoutRefresh() {
    try (Harness cc = new Harness(b -> b.clientCredentialsGrant(true))) {
      Harness.Reply r =
          cc.post(TOKEN, "{\"grant_type\":\"client_credentials\",\"client_id\":\"sugar\"}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().has("refresh_token")).isFalse();
      String access = r.json().get("access_token").asText();
      assertThat(cc.get("/rest/v10/echo", "OAuth-Token", access).json().get("user").asText())
          .isEqualTo("admin");
    }
  }

  @Test
  void unknownPlatformIs422AndRegisteredOnesWork() {
    assertError(
        token(password(",\"platform\":\"hackers\"")),
        422,
        "{\"error\":\"invalid_parameter\",\"error_message\":\"Invalid platform specified.\"}");
    assertThat(token(password(",\"platform\":\"sugarbridge\"")).status()).isEqualTo(200);
    assertThat(token(password(",\"platform\":\"myapp\"")).status()).isEqualTo(200);
    assertThat(token(password(",\"platform\":\"opi\"")).status()).isEqualTo(200);
    try (Harness open = new Harness(b -> b.rejectUnknownPlatforms(false))) {
      assertThat(open.post(TOKEN, password(",\"platform\":\"hackers\"")).status()).isEqualTo(200);
    }
  }

  private static String refreshBody(String refresh, String platform) {
    return "{\"grant_type\":\"refresh_token\",\"client_id\":\"sugar\",\"client_secret\":\"\","
        + "\"refresh_token\":\""
        + refresh
        + "\",\"platform\":\""
        + platform
        + "\"}";
  }

  @Test
  void refreshRotatesAndTheOldRefreshTokenCannotBeReused() {
    JsonNode first = h.login("admin", FakeApplication.ADMIN_PASSWORD, "sugarbridge");
    Harness.Reply refreshed =
        token(refreshBody(first.get("refresh_token").asText(), "sugarbridge"));
    assertThat(refreshed.status()).isEqualTo(200);
    JsonNode second = refreshed.json();
    assertThat(second.get("refresh_token").asText())
        .isNotEqualTo(first.get("refresh_token").asText());
    assertThat(second.get("access_token").asText())
        .isNotEqualTo(first.get("access_token").asText());
    // The old session's access token died with its refresh token.
    assertError(
        h.get("/rest/v10/ping", "OAuth-Token", first.get("access_token").asText()),
        401,
        "{\"error\":\"invalid_grant\",\"error_message\":\"The access token provided is invalid.\"}");
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", second.get("access_token").asText()).status())
        .isEqualTo(200);
    assertError(
        token(refreshBody(first.get("refresh_token").asText(), "sugarbridge")),
        400,
        "{\"error\":\"invalid_grant\",\"error_message\":\"Invalid refresh token\"}");
  }

  @Test
  void concurrentRefreshesWithOneRefreshTokenSucceedOnlyOnce() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        String refresh =
            h.login("admin", FakeApplication.ADMIN_PASSWORD, "sugarbridge")
                .get("refresh_token")
                .asText();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Harness.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          replies.add(
              pool.submit(
                  () -> {
                    go.await();
                    return token(refreshBody(refresh, "sugarbridge"));
                  }));
        }
        go.countDown();
        int granted = 0;
        for (Future<Harness.Reply> f : replies) {
          Harness.Reply r = f.get(30, TimeUnit.SECONDS);
          if (r.status() == 200) {
            granted++;
          } else {
            assertError(
                r,
                400,
                "{\"error\":\"invalid_grant\",\"error_message\":\"Invalid refresh token\"}");
          }
        }
        assertThat(granted).as("round %d: refreshes granted for one refresh token", round).isOne();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondLoginOnTheSamePlatformDisplacesTheFirst() {
    String a =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "sugarbridge")
            .get("access_token")
            .asText();
    String other =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "base").get("access_token").asText();
    String b =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "sugarbridge")
            .get("access_token")
            .asText();
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", a).status()).isEqualTo(401);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", b).status()).isEqualTo(200);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", other).status()).isEqualTo(200);
    // Another user's login does not displace anyone.
    h.login("jim", FakeApplication.JIM_PASSWORD, "sugarbridge");
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", b).status()).isEqualTo(200);
  }

  @Test
  void mobileKeepsTwoSessions() {
    String a =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "mobile").get("access_token").asText();
    String b =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "mobile").get("access_token").asText();
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", a).status()).isEqualTo(200);
    String c =
        h.login("admin", FakeApplication.ADMIN_PASSWORD, "mobile").get("access_token").asText();
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", a).status()).isEqualTo(401);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", b).status()).isEqualTo(200);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", c).status()).isEqualTo(200);
  }

  @Test
  void the401BodiesOfSection14() {
    assertError(
        h.get("/rest/v10/ping"),
        401,
        "{\"error\":\"need_login\",\"error_message\":\"No valid authentication for user.\"}");
    assertError(
        h.get("/rest/v10/ping", "OAuth-Token", "not-a-token"),
        401,
        "{\"error\":\"invalid_grant\",\"error_message\":\"The access token provided is invalid.\"}");
    String jim = h.jimToken();
    h.clock.advance(Duration.ofSeconds(601));
    assertError(
        h.get("/rest/v10/ping", "OAuth-Token", jim),
        401,
        "{\"error\":\"invalid_grant\",\"error_message\":\"The access token provided has expired.\"}");
    String fresh = h.jimToken();
    h.app.deactivate("jim");
    assertError(
        h.get("/rest/v10/ping", "OAuth-Token", fresh),
        401,
        "{\"error\":\"invalid_grant\",\"error_message\":\"Your authentication token is invalid.\"}");
  }

  @Test
  void tokenIsAcceptedFromBearerAndPostField() {
    String t = h.adminToken();
    assertThat(h.get("/rest/v10/echo", "Authorization", "Bearer " + t).json().get("user").asText())
        .isEqualTo("admin");
    assertThat(
            h.send(
                    "POST",
                    "/rest/v10/echo",
                    "oauth_token=" + t,
                    "Content-Type",
                    "application/x-www-form-urlencoded")
                .json()
                .get("user")
                .asText())
        .isEqualTo("admin");
    // Sugar reads a GET oauth_token only when allow_oauth_via_get is set (off by default).
    assertThat(h.get("/rest/v10/echo?oauth_token=" + t).status()).isEqualTo(401);
    try (Harness noBearer = new Harness(b -> b.bearerAuth(false))) {
      String t2 = noBearer.adminToken();
      Harness.Reply r = noBearer.get("/rest/v10/echo", "Authorization", "Bearer " + t2);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("error").asText()).isEqualTo("need_login");
    }
  }

  @Test
  void logoutRevokesTheSession() {
    JsonNode login = h.login("admin", FakeApplication.ADMIN_PASSWORD, "base");
    String access = login.get("access_token").asText();
    Harness.Reply out = h.post("/rest/v10/oauth2/logout", "", "OAuth-Token", access);
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.body()).isEqualTo("{\"success\":true}");
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", access).status()).isEqualTo(401);
    assertThat(token(refreshBody(login.get("refresh_token").asText(), "base")).status())
        .isEqualTo(400);
    assertThat(h.post("/rest/v10/oauth2/logout", "").status()).isEqualTo(401);
  }

  @Test
  void logoutWithRefreshTokenEndsOnlyThatSession() {
    JsonNode base = h.login("admin", FakeApplication.ADMIN_PASSWORD, "base");
    JsonNode bridge = h.login("admin", FakeApplication.ADMIN_PASSWORD, "sugarbridge");
    Harness.Reply out =
        h.post(
            "/rest/v10/oauth2/logout",
            "{\"refresh_token\":\"" + bridge.get("refresh_token").asText() + "\"}",
            "OAuth-Token",
            base.get("access_token").asText());
    assertThat(out.status()).isEqualTo(200);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", base.get("access_token").asText()).status())
        .isEqualTo(200);
    assertThat(token(refreshBody(bridge.get("refresh_token").asText(), "sugarbridge")).status())
        .isEqualTo(400);
  }

  @Test
  void sudoIsForAdminsAndGivesATokenForTheUser() {
    String admin = h.adminToken();
    Harness.Reply r =
        h.post(
            "/rest/v10/oauth2/sudo/jim",
            "{\"client_id\":\"sugar\",\"platform\":\"base\"}",
            "OAuth-Token",
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().has("refresh_token")).isFalse();
    String asJim = r.json().get("access_token").asText();
    assertThat(h.get("/rest/v10/echo", "OAuth-Token", asJim).json().get("user").asText())
        .isEqualTo("jim");
    assertThat(h.post("/rest/v10/oauth2/sudo/ghost", "{}", "OAuth-Token", admin).status())
        .isEqualTo(404);
    Harness.Reply denied = h.post("/rest/v10/oauth2/sudo/admin", "{}", "OAuth-Token", asJim);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("error").asText()).isEqualTo("not_authorized");
  }

  @Test
  void staleTokenOnTheTokenEndpointIsIgnored() {
    Harness.Reply r = h.post(TOKEN, password(""), "OAuth-Token", "stale");
    assertThat(r.status()).isEqualTo(200);
  }
}
