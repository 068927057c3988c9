package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.Faults;
import io.sugarbridge.sandbox.RequestLogEntry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's injected faults (§8 and the issue): 429 with {@code Retry-After}, 429 with an edge
 * proxy's HTML body, 500, 503, dropped connections, the requests-per-second cap and forced token
 * expiry, plus the request log. Each fault is switched on for one test and off again.
 */
@ContractTest
@SandboxOnly("fault injection and the request log exist only in the sandbox")
class SandboxFaultsContractTest {

  private static Faults faults(SugarWire sugar) {
    return sugar.target().sandbox().faults();
  }

  private static FaultSettings faults(
      double share429,
      int retryAfter,
      boolean html,
      double share500,
      double share503,
      double dropped,
      int rps) {
    return new FaultSettings(
        Duration.ZERO, share429, retryAfter, html, share500, share503, dropped, rps);
  }

  @AfterEach
  void switchFaultsOff(SugarWire sugar) {
    faults(sugar).set(FaultSettings.none());
    sugar.forgetSession();
  }

  @Test
  void settingsReadBack(SugarWire sugar) {
    FaultSettings s = faults(0.25, 3, true, 0.1, 0.1, 0, 0);
    faults(sugar).set(s);
    assertThat(faults(sugar).current()).isEqualTo(s);
  }

  // §8: 429 with Retry-After; {"error":"too_many_requests"} is the sandbox's invented body.
  @Test
  void injected429WithRetryAfter(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(1.0, 7, false, 0, 0, 0, 0));
    Reply r = sugar.call("GET", "/ping").token(token).send();
    assertErrorCode(r, 429, "too_many_requests");
    assertThat(r.header("Retry-After")).hasValue("7");
  }

  // An edge proxy answers 429 with HTML; clients must survive a non-JSON error body.
  @Test
  void injected429AsHtml(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(1.0, 2, true, 0, 0, 0, 0));
    Reply r = sugar.call("GET", "/ping").token(token).send();
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.mediaType()).isEqualTo("text/html");
    assertThat(r.body()).containsIgnoringCase("<html");
    assertThat(r.header("Retry-After")).hasValue("2");
  }

  // §2.2 / §11: 500 fatal_error with a JSON body.
  @Test
  void injected500(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(0, -1, false, 1.0, 0, 0, 0));
    Reply r = sugar.call("GET", "/ping").token(token).send();
    assertErrorCode(r, 500, "fatal_error");
  }

  // Issue 9: faultPath limits the share faults to matching paths, e.g. only metadata reads.
  @Test
  void faultPathLimitsFaultsToMatchingPaths(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(FaultSettings.none().with500(1.0).withFaultPath("/metadata$"));
    assertErrorCode(
        sugar.call("GET", "/metadata?type_filter=server_info").token(token).send(),
        500,
        "fatal_error");
    assertOk(sugar.call("GET", "/ping").token(token).send());
  }

  // Issue 9: echoRequest appends the request, token and body included, to error messages, as a
  // debugging proxy does; for checking that clients never show what a server echoes.
  @Test
  void echoRequestPutsTheRequestIntoErrorMessages(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(FaultSettings.none().withEchoRequest(true));
    Reply r =
        sugar
            .call("POST", "/Accounts/filter")
            .token(token)
            .json(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("filter", "not-an-array"))
            .send();
    assertThat(r.status()).isGreaterThanOrEqualTo(400);
    assertThat(r.errorMessage())
        .contains("[request: POST")
        .contains(token)
        .contains("not-an-array");
  }

  // Issue 9: hugeResponseBytes answers 200 with a JSON body of exactly that size.
  @Test
  void hugeResponseHasTheAskedSize(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(FaultSettings.none().withHugeResponse(3_000_000, 0).withFaultPath("/ping$"));
    Reply r = sugar.call("GET", "/ping").token(token).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(3_000_000).startsWith("{\"padding\":\"xxx").endsWith("xx\"}");
  }

  // §2.2: 503 service_unavailable, with Retry-After when configured.
  @Test
  void injected503(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(0, 5, false, 0, 1.0, 0, 0));
    Reply r = sugar.call("GET", "/ping").token(token).send();
    assertErrorCode(r, 503, "service_unavailable");
    assertThat(r.header("Retry-After")).hasValue("5");
  }

  @Test
  void droppedConnection(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(0, -1, false, 0, 0, 1.0, 0));
    assertThatThrownBy(() -> sugar.call("GET", "/ping").token(token).send())
        .isInstanceOf(UncheckedIOException.class);
    faults(sugar).set(FaultSettings.none());
    assertOk(sugar.call("GET", "/ping").token(token).send());
  }

  // SugarCloud-style edge cap: a burst well above the cap meets 429s, and nothing else fails.
  @Test
  void requestsPerSecondCap(SugarWire sugar) {
    String token = sugar.sessionToken();
    faults(sugar).set(faults(0, -1, false, 0, 0, 0, 2));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      statuses.add(sugar.call("GET", "/ping").token(token).send().status());
    }
    assertThat(statuses).contains(429);
    assertThat(statuses).contains(200);
    assertThat(statuses).containsOnly(200, 429);
  }

  // §1.4: a token made to expire is refused with 401 invalid_grant; a new login works.
  @Test
  void forcedTokenExpiry(SugarWire sugar) {
    String token = sugar.sessionToken();
    assertOk(sugar.call("GET", "/me").token(token).send());
    faults(sugar).expireAllTokens();
    Reply r = sugar.call("GET", "/me").token(token).send();
    assertErrorCode(r, 401, "invalid_grant");
    assertThat(r.errorMessage())
        .isIn("The access token provided has expired.", "The access token provided is invalid.");
    sugar.forgetSession();
    assertOk(sugar.get("/me"));
  }

  @Test
  void requestLogRecordsMethodPathStatusDuration(SugarWire sugar) {
    String id = UUID.randomUUID().toString();
    Reply r = sugar.get("/Accounts/" + id);
    assertThat(r.status()).isEqualTo(404);
    List<RequestLogEntry> log = sugar.target().sandbox().requestLog();
    RequestLogEntry e =
        log.stream()
            .filter(x -> x.path().contains(id))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no log entry for " + id));
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.duration()).isNotNull();
    assertThat(e.duration().isNegative()).isFalse();
    assertThat(e.at()).isNotNull();
  }

  // The issue: faults are switchable at run time through an admin-only HTTP endpoint too.
  @Test
  void faultsOverHttpAdminEndpoint(SugarWire sugar) {
    String token = sugar.sessionToken();
    Reply put =
        sugar
            .raw("PUT", "/rest/_sandbox/faults")
            .token(token)
            .json(obj("share503", 1.0, "retryAfterSeconds", 4))
            .send();
    JsonNode settings = assertOk(put);
    assertThat(settings.path("share503").asDouble()).isEqualTo(1.0);
    assertThat(faults(sugar).current().share503()).isEqualTo(1.0);
    Reply faulted = sugar.call("GET", "/ping").token(token).send();
    assertErrorCode(faulted, 503, "service_unavailable");
    assertThat(faulted.header("Retry-After")).hasValue("4");
    // The admin endpoint itself is never faulted, so faults can always be switched off.
    JsonNode read = assertOk(sugar.raw("GET", "/rest/_sandbox/faults").token(token).send());
    assertThat(read.path("retryAfterSeconds").asInt()).isEqualTo(4);
    assertOk(
        sugar
            .raw("PUT", "/rest/_sandbox/faults")
            .token(token)
            .json(obj("share503", 0, "retryAfterSeconds", -1))
            .send());
    assertOk(sugar.call("GET", "/ping").token(token).send());

    assertErrorCode(sugar.raw("GET", "/rest/_sandbox/faults").send(), 401, "need_login");
    JsonNode log = assertOk(sugar.raw("GET", "/rest/_sandbox/requests").token(token).send());
    assertThat(log.path("requests").isArray()).isTrue();
    assertThat(log.path("requests")).isNotEmpty();
  }

  @Test
  void expireTokensOverHttp(SugarWire sugar) {
    String token = sugar.sessionToken();
    assertOk(sugar.raw("POST", "/rest/_sandbox/tokens/expire").token(token).send());
    assertErrorCode(sugar.call("GET", "/me").token(token).send(), 401, "invalid_grant");
  }
}
