package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Json;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * §11 What a real server tolerates, because well-known clients depend on it: token bodies as form
 * data or as JSON with no or the wrong {@code Content-Type}, {@code /oauth2/token/}, a missing
 * {@code platform} meaning {@code base}, GET and DELETE with a {@code {}} body, pinned minor
 * versions such as {@code v11_5}, and repeated slashes in a path (merged by the web server in front
 * of Sugar).
 */
@ContractTest
class ToleranceContractTest {

  @AfterEach
  void forgetReplacedSession(SugarWire sugar) {
    sugar.forgetSession();
  }

  private static void assertGrant(Reply r) {
    JsonNode b = assertOk(r);
    assertThat(b.path("access_token").asText()).as("access_token in %s", r).isNotBlank();
    assertThat(b.path("token_type").asText()).isEqualTo("bearer");
  }

  private static String tokenPath(SugarWire sugar, String suffix) {
    return "/rest/v" + sugar.target().version() + "/oauth2/token" + suffix;
  }

  @Test
  void tokenAsFormData(SugarWire sugar) {
    ObjectNode grant = sugar.passwordGrant(sugar.target().platform());
    Map<String, String> form = new LinkedHashMap<>();
    grant.fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().asText()));
    assertGrant(sugar.raw("POST", tokenPath(sugar, "")).form(form).send());
  }

  @Test
  void tokenAsJsonWithWrongContentType(SugarWire sugar) {
    String json = Json.write(sugar.passwordGrant(sugar.target().platform()));
    assertGrant(sugar.raw("POST", tokenPath(sugar, "")).body(json, "text/plain").send());
  }

  @Test
  void tokenAsJsonWithoutContentType(SugarWire sugar) {
    String json = Json.write(sugar.passwordGrant(sugar.target().platform()));
    assertGrant(sugar.raw("POST", tokenPath(sugar, "")).body(json, null).send());
  }

  @Test
  void tokenWithTrailingSlash(SugarWire sugar) {
    assertGrant(
        sugar
            .raw("POST", tokenPath(sugar, "/"))
            .json(sugar.passwordGrant(sugar.target().platform()))
            .send());
  }

  // A missing platform means base: the base session is then replaced by an explicit base login.
  @Test
  @SandboxOnly("a login on platform base ends the user's Sugar web UI session")
  void missingPlatformMeansBase(SugarWire sugar) {
    Reply implicit = sugar.token(sugar.passwordGrant(null));
    assertGrant(implicit);
    String implicitToken = implicit.json().path("access_token").asText();
    assertOk(sugar.call("GET", "/me").token(implicitToken).send());
    assertGrant(sugar.token(sugar.passwordGrant("base")));
    assertErrorCode(sugar.call("GET", "/me").token(implicitToken).send(), 401, "invalid_grant");
  }

  @Test
  void getAndDeleteWithEmptyJsonBody(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("body-on-get")));
    String path = "/Accounts/" + rec.path("id").asText();
    Reply get = sugar.call("GET", path).json(obj()).send();
    assertThat(assertOk(get).path("id").asText()).isEqualTo(rec.path("id").asText());
    Reply list = sugar.call("GET", "/Accounts?max_num=1").json(obj()).send();
    assertThat(assertOk(list).path("records").isArray()).isTrue();
    Reply del = sugar.call("DELETE", path).json(obj()).send();
    assertThat(assertOk(del).path("id").asText()).isEqualTo(rec.path("id").asText());
  }

  @Test
  void pinnedMinorVersion(SugarWire sugar, Scratch scratch) {
    assertThat(assertOk(sugar.callVersion("v11_5", "GET", "/ping").send()).asText())
        .isEqualTo("pong");
    Reply created =
        sugar
            .callVersion("v11_5", "POST", "/Accounts")
            .json(obj("name", scratch.name("v11_5")))
            .send();
    JsonNode rec = assertOk(created);
    scratch.track("Accounts", rec.path("id").asText());
    JsonNode list =
        assertOk(
            sugar
                .callVersion(
                    "v11_5",
                    "GET",
                    "/Accounts?" + SugarWire.q("filter[0][id]", rec.path("id").asText()))
                .send());
    assertThat(Json.ids(list)).containsExactly(rec.path("id").asText());
  }

  // §0 Argument merge: form-encoded $_POST is accepted like a JSON body.
  @Test
  void formEncodedCreate(SugarWire sugar, Scratch scratch) {
    Reply r =
        sugar
            .call("POST", "/Accounts")
            .form(Map.of("name", scratch.name("form"), "industry", "Energy"))
            .send();
    JsonNode rec = assertOk(r);
    scratch.track("Accounts", rec.path("id").asText());
    assertThat(rec.path("name").asText()).isEqualTo(scratch.name("form"));
    assertThat(rec.path("industry").asText()).isEqualTo("Energy");
  }

  // §11: Apache httpd and nginx merge repeated slashes before Sugar sees the path.
  @Test
  void repeatedSlashesAreOneSlash(SugarWire sugar, Scratch scratch) {
    String v = "v" + sugar.target().version();
    assertThat(
            assertOk(sugar.raw("GET", "/rest//" + v + "/ping").withSessionToken().send()).asText())
        .isEqualTo("pong");
    JsonNode rec =
        assertOk(
            sugar
                .raw("POST", "/rest/" + v + "//Accounts")
                .withSessionToken()
                .json(obj("name", scratch.name("double-slash")))
                .send());
    String id = rec.path("id").asText();
    scratch.track("Accounts", id);
    JsonNode got =
        assertOk(sugar.raw("GET", "/rest/" + v + "/Accounts//" + id).withSessionToken().send());
    assertThat(got.path("id").asText()).isEqualTo(id);
    JsonNode items =
        assertOk(
            sugar
                .raw("POST", "/rest/" + v + "//bulk")
                .withSessionToken()
                .json(
                    obj(
                        "requests",
                        java.util.List.of(
                            obj("url", "/" + v + "//Accounts/" + id, "method", "GET"))))
                .send());
    assertThat(items.get(0).path("status").asInt()).as("%s", items).isEqualTo(200);
    assertThat(items.get(0).path("contents").path("id").asText()).isEqualTo(id);
  }
}
