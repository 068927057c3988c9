package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorStartsWith;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorWithoutMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * §0 Transport, versions, routing: the version in URL or Accept header and its 301 errors, {@code
 * no_method} routing, PHP-style JSON encoding, scalar results, ETags and JSON error bodies.
 */
@ContractTest
class VersionsAndTransportContractTest {
  private static final String ACCEPT = "application/vnd.sugarcrm.core+json; version=";

  // §0 Version errors: "No version given anywhere".
  @Test
  void noVersionAnywhereIs301(SugarWire sugar) {
    Reply r = sugar.raw("GET", "/rest/ping").token(sugar.sessionToken()).send();
    assertError(r, 301, "incorrect_version", "No version provided in either Accept Header or URL!");
  }

  // §0 Version errors: "Version in both URL and Accept header".
  @Test
  void versionInUrlAndHeaderIs301(SugarWire sugar) {
    Reply r = sugar.callVersion("v10", "GET", "/ping").header("Accept", ACCEPT + "11.1").send();
    assertError(
        r,
        301,
        "incorrect_version",
        "Version must be specified in either Accept Header or URL, not both.");
  }

  // §0 Version errors: "Bad version format" (the URL pattern allows at most two minor digits).
  @Test
  void badUrlVersionFormatIs301(SugarWire sugar) {
    Reply r = sugar.callVersion("v10_123", "GET", "/ping").send();
    assertErrorStartsWith(r, 301, "incorrect_version", "Invalid url version format: ");
  }

  // §0 Version errors: "Version outside min/max"; the message names the served range.
  @ParameterizedTest
  @ValueSource(strings = {"v99", "v11_99"})
  void versionOutOfRangeNamesTheRange(String version, SugarWire sugar) {
    Reply r = sugar.callVersion(version, "GET", "/ping").send();
    if (sugar.target().isSandbox()) {
      // SandboxConfig serves 10 to 11.24 by default, like Sugar 14.0.
      assertError(
          r,
          301,
          "incorrect_version",
          "Please change your requested API version to value between 10 and 11.24.");
    } else {
      assertErrorCode(r, 301, "incorrect_version");
      assertThat(r.errorMessage())
          .matches("Please change your requested API version to value between 10 and 11\\.\\d+\\.");
    }
  }

  // §0 URL pattern v\d\d(_\d{1,2})? and §11: every version in the served range is accepted.
  @ParameterizedTest
  @ValueSource(strings = {"v10", "v11", "v11_1", "v11_5"})
  void versionsInRangeAreServed(String version, SugarWire sugar) {
    Reply r = sugar.callVersion(version, "GET", "/ping").send();
    assertThat(assertOk(r).asText()).isEqualTo("pong");
  }

  @Test
  void highestServedVersionIsServed(SugarWire sugar) {
    Reply r = sugar.get("/ping");
    assertThat(assertOk(r).asText()).isEqualTo("pong");
  }

  // §0 Header pattern: Accept: application/vnd.sugarcrm.core+json; version=11.3 (no URL version).
  @ParameterizedTest
  @ValueSource(strings = {"10", "11.3"})
  void versionInAcceptHeader(String version, SugarWire sugar) {
    Reply r =
        sugar
            .raw("GET", "/rest/ping")
            .token(sugar.sessionToken())
            .header("Accept", ACCEPT + version)
            .send();
    assertThat(assertOk(r).asText()).isEqualTo("pong");
  }

  // §0 Route versioning: no matching route is 404 no_method naming the raw path.
  @Test
  void unknownRouteIsNoMethod(SugarWire sugar) {
    Reply r = sugar.get("/Accounts/a/b/c/d/e/f");
    assertErrorStartsWith(
        r, 404, "no_method", "Could not find any route that accepted a path like: ");
    assertThat(r.errorMessage()).contains("Accounts/a/b/c/d/e/f");
  }

  // §0: an unknown <module> also gives no_method, because the module must be in $beanList.
  @ParameterizedTest
  @ValueSource(strings = {"/SbctNoSuchModule", "/SbctNoSuchModule/123", "/SbctNoSuchModule/filter"})
  void unknownModuleIsNoMethod(String path, SugarWire sugar) {
    Reply r = sugar.get(path);
    assertErrorStartsWith(
        r, 404, "no_method", "Could not find any route that accepted a path like: ");
    assertThat(r.errorMessage()).contains("SbctNoSuchModule");
  }

  // §11: a trailing slash is routed the same.
  @Test
  void trailingSlashIsRoutedTheSame(SugarWire sugar) {
    assertThat(assertOk(sugar.get("/ping/")).asText()).isEqualTo("pong");
    JsonNode list = assertOk(sugar.call("GET", "/Accounts/?max_num=1").send());
    assertThat(list.has("next_offset")).isTrue();
    assertThat(list.path("records").isArray()).isTrue();
  }

  // §0 Response encoding: a scalar result is JSON-encoded, so /ping is "pong" with the quotes.
  @Test
  void pingIsAJsonString(SugarWire sugar) {
    Reply r = sugar.get("/ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("\"pong\"");
    assertThat(r.mediaType()).isEqualTo("application/json");
  }

  // §0 Response encoding: json_encode with JSON_HEX_APOS|QUOT|TAG|AMP, and "/" as "\/".
  @Test
  void stringsUsePhpStyleEscaping(SugarWire sugar, Scratch scratch) {
    String name = scratch.name("O'Neil & <b>\"Sons\"</b> a/b");
    Reply r = sugar.post("/Accounts", obj("name", name));
    JsonNode rec = assertOk(r);
    scratch.track("Accounts", rec.path("id").asText());
    assertThat(rec.path("name").asText()).isEqualTo(name);
    assertThat(r.body())
        .contains(
            scratch.prefix()
                + "O\\u0027Neil \\u0026 \\u003Cb\\u003E\\u0022Sons\\u0022\\u003C\\/b\\u003E a\\/b");
  }

  // §0 ETag: every GET gets ETag md5(json_encode(body)) and Cache-Control: max-age=0, private.
  @Test
  void getAnswersCarryAnEtagOfTheBody(SugarWire sugar) {
    Reply r = sugar.get("/ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("ETag")).as("ETag of %s", r).hasValue(md5(r.body()));
    assertThat(r.header("Cache-Control")).hasValue("max-age=0, private");
  }

  // §0 ETag: a matching If-None-Match gives 304 with an empty body.
  @Test
  void matchingIfNoneMatchIs304(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("etag")));
    String path = "/Accounts/" + rec.path("id").asText();
    Reply first = sugar.get(path);
    assertThat(first.status()).isEqualTo(200);
    String etag = first.header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + first));
    Reply second = sugar.call("GET", path).header("If-None-Match", etag).send();
    assertThat(second.status()).as("%s", second).isEqualTo(304);
    assertThat(second.body()).isEmpty();
  }

  // §11 / §0: error bodies are JSON even for 404.
  @Test
  void notFoundIsJson(SugarWire sugar) {
    String id = UUID.randomUUID().toString();
    assertError(
        sugar.get("/Accounts/" + id),
        404,
        "not_found",
        "Could not find record: " + id + " in module: Accounts");
  }

  // §0 Argument merge: bad JSON is 422 invalid_parameter with no message.
  @Test
  void malformedJsonBodyIs422WithoutMessage(SugarWire sugar) {
    Reply r = sugar.call("POST", "/Accounts").body("{\"name\": ", "application/json").send();
    assertErrorWithoutMessage(r, 422, "invalid_parameter");
  }

  static String md5(String body) {
    try {
      MessageDigest d = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(d.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
