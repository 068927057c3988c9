package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.sandbox.FaultSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's own admin endpoints under /rest/_sandbox. */
class AdminEndpointsTest {
  private Harness h;
  private String admin;

  @BeforeEach
  void start() {
    h = new Harness();
    admin = h.adminToken();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void refusesAnonymousAndNonAdminCallersInSugarsFormat() {
    Harness.Reply anon = h.get("/rest/_sandbox/faults");
    assertThat(anon.status()).isEqualTo(401);
    assertThat(anon.json().get("error").asText()).isEqualTo("need_login");
    Harness.Reply bad = h.get("/rest/_sandbox/faults", "OAuth-Token", "nope");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid_grant");
    String jim = h.jimToken();
    for (String[] call :
        new String[][] {
          {"GET", "faults"},
          {"PUT", "faults"},
          {"POST", "tokens/expire"},
          {"GET", "requests"},
          {"DELETE", "requests"}
        }) {
      Harness.Reply r = h.send(call[0], "/rest/_sandbox/" + call[1], "{}", "OAuth-Token", jim);
      assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(403);
      assertThat(r.json().get("error").asText()).isEqualTo("not_authorized");
    }
    assertThat(h.server.faults().current()).isEqualTo(FaultSettings.none());
  }

  @Test
  void readsAndChangesFaults() {
    Harness.Reply r = h.get("/rest/_sandbox/faults", "OAuth-Token", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"latency\":\"PT0S\",\"share429\":0.0,\"retryAfterSeconds\":-1,\"htmlErrors\":false,"
                + "\"share500\":0.0,\"share503\":0.0,\"shareDropped\":0.0,\"requestsPerSecond\":0,"
                + "\"echoRequest\":false,\"faultPath\":null,\"hugeResponseBytes\":0,"
                + "\"hugeResponseBytesPerSecond\":0}");
    Harness.Reply put =
        h.send(
            "PUT",
            "/rest/_sandbox/faults",
            "{\"latency\":50,\"share503\":0.25,\"htmlErrors\":true,\"retryAfterSeconds\":4}",
            "OAuth-Token",
            admin);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    FaultSettings now = h.server.faults().current();
    assertThat(now.latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(now.share503()).isEqualTo(0.25);
    assertThat(now.htmlErrors()).isTrue();
    assertThat(now.retryAfterSeconds()).isEqualTo(4);
    assertThat(put.json().get("latency").asText()).isEqualTo("PT0.05S");
    h.send("PUT", "/rest/_sandbox/faults", "{\"latency\":\"PT0.01S\"}", "OAuth-Token", admin);
    assertThat(h.server.faults().current().latency()).isEqualTo(Duration.ofMillis(10));
    assertThat(h.server.faults().current().share503()).isEqualTo(0.25);
  }

  @Test
  void invalidFaultSettingsAre422NamingTheField() {
    Harness.Reply r =
        h.send("PUT", "/rest/_sandbox/faults", "{\"share429\":3}", "OAuth-Token", admin);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error_message").asText()).contains("share429");
    Harness.Reply unknown =
        h.send("PUT", "/rest/_sandbox/faults", "{\"share404\":1}", "OAuth-Token", admin);
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("error_message").asText()).contains("share404");
  }

  @Test
  void faultsDoNotApplyToAdminEndpoints() {
    h.server.faults().set(FaultSettings.none().with503(1.0));
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", admin).status()).isEqualTo(503);
    Harness.Reply r =
        h.send("PUT", "/rest/_sandbox/faults", "{\"share503\":0}", "OAuth-Token", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", admin).status()).isEqualTo(200);
  }

  @Test
  void expiresTokensOverHttp() {
    String jim = h.jimToken();
    assertThat(h.post("/rest/_sandbox/tokens/expire", "", "OAuth-Token", admin).body())
        .isEqualTo("{\"success\":true}");
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", jim).json().get("error_message").asText())
        .isEqualTo("The access token provided has expired.");
  }

  @Test
  void readsAndClearsTheRequestLog() {
    String fresh = h.adminToken();
    h.get("/rest/v10/ping", "OAuth-Token", fresh);
    Harness.Reply log = h.get("/rest/_sandbox/requests", "Authorization", "Bearer " + fresh);
    assertThat(log.status()).isEqualTo(200);
    var requests = log.json().get("requests");
    var last = requests.get(requests.size() - 1);
    assertThat(last.get("method").asText()).isEqualTo("GET");
    assertThat(last.get("path").asText()).isEqualTo("/rest/v10/ping");
    assertThat(last.get("status").asInt()).isEqualTo(200);
    assertThat(last.get("duration").asText()).startsWith("PT");
    assertThat(last.get("fault").isNull()).isTrue();
    assertThat(h.send("DELETE", "/rest/_sandbox/requests/", null, "OAuth-Token", fresh).status())
        .isEqualTo(200);
    assertThat(h.get("/rest/_sandbox/requests", "OAuth-Token", fresh).json().get("requests").size())
        .isZero();
  }

  @Test
  void unknownAdminPathIs404() {
    Harness.Reply r = h.get("/rest/_sandbox/nothing", "OAuth-Token", admin);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("no_method");
  }
}
