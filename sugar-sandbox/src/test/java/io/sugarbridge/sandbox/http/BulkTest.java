package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Section 4: POST /bulk. */
class BulkTest {
  private Harness h;
  private String token;

  @BeforeEach
  void start() {
    h = new Harness();
    token = h.adminToken();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Harness.Reply bulk(String body) {
    return h.post("/rest/v11_4/bulk", body, "OAuth-Token", token);
  }

  @Test
  void mixedResultsComeBackInOrderAndAFailureDoesNotStopTheRest() {
    Harness.Reply r =
        bulk(
            "{\"requests\":["
                + "{\"url\":\"/v11_4/Accounts\",\"method\":\"POST\",\"data\":\"{\\\"name\\\":\\\"A&B\\\"}\"},"
                + "{\"url\":\"/v11_4/missing\"},"
                + "{\"url\":\"/v10/Contacts?max_num=5&filter[0][name]=x\",\"method\":\"GET\"},"
                + "{\"url\":\"/v11_4/Accounts\",\"method\":\"post\",\"data\":{\"name\":\"obj\"}},"
                + "{\"url\":\"/v99/ping\"},"
                + "{\"url\":\"/v11_4/nowhere\",\"method\":\"DELETE\"}"
                + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode items = r.json();
    assertThat(items.isArray()).isTrue();
    assertThat(items).hasSize(6);

    JsonNode created = items.get(0);
    assertThat(created.fieldNames())
        .toIterable()
        .containsExactly("contents", "headers", "status", "status_text");
    assertThat(created.get("status").asInt()).isEqualTo(200);
    assertThat(created.get("status_text").asText()).isEqualTo("OK");
    assertThat(created.get("contents").get("name").asText()).isEqualTo("A&B");
    assertThat(created.get("contents").get("_module").asText()).isEqualTo("Accounts");

    JsonNode missing = items.get(1);
    assertThat(missing.get("status").asInt()).isEqualTo(404);
    assertThat(missing.get("status_text").asText()).isEqualTo("Not Found");
    assertThat(missing.get("contents").get("error").asText()).isEqualTo("not_found");
    assertThat(missing.get("headers").get("Cache-Control").asText()).isEqualTo("no-store");

    JsonNode list = items.get(2);
    assertThat(list.get("status").asInt()).isEqualTo(200);
    assertThat(list.get("contents").get("args").get("max_num").asText()).isEqualTo("5");
    assertThat(list.get("contents").get("args").get("filter").toString())
        .isEqualTo("[{\"name\":\"x\"}]");
    assertThat(list.get("contents").get("user").asText()).isEqualTo("admin");
    assertThat(list.get("headers").get("ETag").asText()).hasSize(32);

    assertThat(items.get(3).get("contents").get("name").asText()).isEqualTo("obj");
    assertThat(items.get(4).get("status").asInt()).isEqualTo(301);
    assertThat(items.get(4).get("contents").get("error").asText()).isEqualTo("incorrect_version");
    assertThat(items.get(5).get("status").asInt()).isEqualTo(404);
    assertThat(items.get(5).get("contents").get("error").asText()).isEqualTo("no_method");
    assertThat(h.app.creates.get()).isEqualTo(2);
  }

  @Test
  void missingUrlFailsTheWholeCallBeforeAnythingRuns() {
    Harness.Reply r =
        bulk(
            "{\"requests\":[{\"url\":\"/v10/Accounts\",\"method\":\"POST\",\"data\":\"{}\"},"
                + "{\"method\":\"GET\"}]}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"missing_parameter\",\"error_message\":\"Invalid request - URL is"
                + " missing\"}");
    assertThat(h.app.creates.get()).isZero();
  }

  @Test
  void objectInGivesObjectOut() {
    Harness.Reply r =
        bulk(
            "{\"requests\":{\"first\":{\"url\":\"/v10/ping\"},\"second\":{\"url\":\"/v10/missing\"}}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().isObject()).isTrue();
    assertThat(r.json().get("first").get("contents").asText()).isEqualTo("pong");
    assertThat(r.json().get("second").get("status").asInt()).isEqualTo(404);
  }

  @Test
  void subRequestHeadersAreSeen() {
    String etag = h.get("/rest/v10/ping", "OAuth-Token", token).header("ETag");
    Harness.Reply r =
        bulk(
            "{\"requests\":[{\"url\":\"/v10/ping\",\"headers\":{\"If-None-Match\":\""
                + etag
                + "\"}},{\"url\":\"/v10/echo\",\"method\":\"PUT\",\"data\":\"{bad\"}]}");
    assertThat(r.json().get(0).get("status").asInt()).isEqualTo(304);
    assertThat(r.json().get(0).get("contents").isNull()).isTrue();
    assertThat(r.json().get(1).get("status").asInt()).isEqualTo(422);
  }

  @Test
  void bulkNeedsALoginAndRunsAsTheCaller() {
    Harness.Reply anon = h.post("/rest/v10/bulk", "{\"requests\":[{\"url\":\"/v10/ping\"}]}");
    assertThat(anon.status()).isEqualTo(401);
    Harness.Reply expired;
    h.server.faults().expireAllTokens();
    expired = bulk("{\"requests\":[{\"url\":\"/v10/ping\"}]}");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().get("error").asText()).isEqualTo("invalid_grant");

    String jim = h.jimToken();
    Harness.Reply asJim =
        h.post(
            "/rest/v10/bulk",
            "{\"requests\":[{\"url\":\"/v10/echo\",\"headers\":{\"OAuth-Token\":\"ignored\"}}]}",
            "OAuth-Token",
            jim);
    assertThat(asJim.json().get(0).get("contents").get("user").asText()).isEqualTo("jim");
  }

  @Test
  void emptyOrAbsentRequests() {
    assertThat(bulk("{\"requests\":[]}").body()).isEqualTo("[]");
    Harness.Reply none = bulk("{}");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.json().get("error").asText()).isEqualTo("missing_parameter");
  }
}
