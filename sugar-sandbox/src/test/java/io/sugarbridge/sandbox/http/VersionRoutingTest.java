package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Section 0: versions in the URL or the Accept header, the 301 errors, routing and 404s. */
class VersionRoutingTest {
  private static Harness h;
  private static String token;

  @BeforeAll
  static void start() {
    h = new Harness();
    token = h.adminToken();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private Harness.Reply get(String path, String... extra) {
    String[] headers = new String[extra.length + 2];
    headers[0] = "OAuth-Token";
    headers[1] = token;
    System.arraycopy(extra, 0, headers, 2, extra.length);
    return h.get(path, headers);
  }

  @Test
  void acceptsEveryVersionSpellingInRange() {
    for (String v : new String[] {"v10", "v11", "v11_1", "v11_5", "v11_10", "v11_24"}) {
      Harness.Reply r = get("/rest/" + v + "/ping");
      assertThat(r.status()).as(v).isEqualTo(200);
      assertThat(r.body()).isEqualTo("\"pong\"");
    }
  }

  @Test
  void applicationSeesTheExactVersion() {
    assertThat(get("/rest/v11_10/echo").json().get("versionText").asText()).isEqualTo("11.10");
    assertThat(get("/rest/v11_10/echo").json().get("atLeast11_6").asBoolean()).isTrue();
    assertThat(get("/rest/v11_24/echo").json().get("atLeast11_6").asBoolean()).isTrue();
    assertThat(get("/rest/v11_5/echo").json().get("atLeast11_6").asBoolean()).isFalse();
    assertThat(get("/rest/v10/echo").json().get("versionText").asText()).isEqualTo("10");
  }

  @Test
  void versionFromAcceptHeader() {
    Harness.Reply r =
        get("/rest/echo", "Accept", "application/vnd.sugarcrm.core+json; version=11.3");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("version").asDouble()).isEqualTo(11.3);
    assertThat(r.json().get("path").toString()).isEqualTo("[\"echo\"]");
  }

  @Test
  void noVersionIs301() {
    Harness.Reply r = get("/rest/ping");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"incorrect_version\",\"error_message\":\"No version provided in either"
                + " Accept Header or URL!\"}");
  }

  @Test
  void versionInBothPlacesIs301() {
    Harness.Reply r =
        get("/rest/v10/ping", "Accept", "application/vnd.sugarcrm.core+json; version=11.3");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.json().get("error_message").asText())
        .isEqualTo("Version must be specified in either Accept Header or URL, not both.");
  }

  @Test
  void badUrlVersionFormatIs301() {
    Harness.Reply r = get("/rest/v1x/ping");
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.json().get("error").asText()).isEqualTo("incorrect_version");
    assertThat(r.json().get("error_message").asText()).isEqualTo("Invalid url version format: v1x");
    assertThat(get("/rest/v11_123/ping").json().get("error_message").asText())
        .startsWith("Invalid url version format");
  }

  @Test
  void outOfRangeIs301WithMinAndMax() {
    for (String v : new String[] {"v11_25", "v12", "v09"}) {
      Harness.Reply r = get("/rest/" + v + "/ping");
      assertThat(r.status()).as(v).isEqualTo(301);
      assertThat(r.json().get("error_message").asText())
          .isEqualTo("Please change your requested API version to value between 10 and 11.24.");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
    Harness.Reply header =
        get("/rest/ping", "Accept", "application/vnd.sugarcrm.core+json; version=11.30");
    assertThat(header.status()).isEqualTo(301);
  }

  @Test
  void configuredRangeIsUsedInTheMessage() {
    try (Harness narrow = new Harness(b -> b.versionRange("10", "11.16"))) {
      Harness.Reply r = narrow.get("/rest/v11_20/ping");
      assertThat(r.status()).isEqualTo(301);
      assertThat(r.json().get("error_message").asText())
          .isEqualTo("Please change your requested API version to value between 10 and 11.16.");
    }
  }

  @Test
  void routeVersionBoundsAreRespected() {
    // POST /Users exists from 11.6 (compared as versions: 11.10 is newer than 11.6).
    assertThat(
            h.post("/rest/v11_5/Users", "{}", "OAuth-Token", token).json().get("_module").asText())
        .isEqualTo("Users");
    assertThat(
            h.post("/rest/v11_6/Users", "{}", "OAuth-Token", token)
                .json()
                .get("created_by")
                .asText())
        .isEqualTo("createUser");
    assertThat(h.post("/rest/v11_24/Users", "{}", "OAuth-Token", token).json().has("created_by"))
        .isTrue();
    assertThat(get("/rest/v11_1/legacy").status()).isEqualTo(200);
    Harness.Reply tooNew = get("/rest/v11_2/legacy");
    assertThat(tooNew.status()).isEqualTo(404);
    assertThat(tooNew.json().get("error").asText()).isEqualTo("no_method");
  }

  @Test
  void unknownRouteIs404NoMethodWithTheRawPath() {
    Harness.Reply r = get("/rest/v10/nothing/here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"no_method\",\"error_message\":\"Could not find any route that accepted"
                + " a path like: \\/nothing\\/here\"}");
  }

  @Test
  void unknownModuleIs404NoMethodEvenWithoutToken() {
    Harness.Reply r = h.get("/rest/v10/Widgets");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("no_method");
    assertThat(r.json().get("error_message").asText()).endsWith("path like: /Widgets");
  }

  @Test
  void moduleSegmentMatchesKnownModulesAndExactSegmentsWin() {
    Harness.Reply list = get("/rest/v10/Accounts");
    assertThat(list.json().get("args").get("module").asText()).isEqualTo("Accounts");
    Harness.Reply record = get("/rest/v10/Contacts/abc");
    assertThat(record.json().get("args").get("record").asText()).isEqualTo("abc");
    assertThat(get("/rest/v10/Accounts/special").json().get("special").asBoolean()).isTrue();
  }

  @Test
  void trailingSlashIsRoutedTheSame() {
    assertThat(get("/rest/v10/ping/").body()).isEqualTo("\"pong\"");
    assertThat(get("/rest/v10/Contacts/abc/").json().get("args").get("record").asText())
        .isEqualTo("abc");
  }

  @Test
  void pathSegmentsArePercentDecoded() {
    Harness.Reply r = get("/rest/v10/echo/a%20b+c%C3%A9");
    assertThat(r.json().get("path").get(1).asText()).isEqualTo("a b+c\u00e9");
  }

  @Test
  void pathsOutsideRestAreJson404() {
    Harness.Reply r = h.get("/index.php");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("error").asText()).isEqualTo("no_method");
  }
}
