package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Json;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * §4 Bulk API: sub-requests run in order and answer per item ({@code contents}, {@code headers},
 * {@code status}, {@code status_text}), a failing item does not stop the others, a missing {@code
 * url} fails the whole call before anything runs, {@code data} may be a JSON string or an object,
 * and urls start with the version segment.
 */
@ContractTest
class BulkContractTest {

  static ObjectNode request(String url, String method, Object data) {
    ObjectNode r = obj("url", url);
    if (method != null) {
      r.put("method", method);
    }
    if (data != null) {
      r.set("data", Json.MAPPER.valueToTree(data));
    }
    return r;
  }

  static JsonNode trackCreated(Scratch scratch, JsonNode item) {
    String id = item.path("contents").path("id").asText();
    if (!id.isEmpty()) {
      scratch.track(item.path("contents").path("_module").asText("Accounts"), id);
    }
    return item;
  }

  // §4: order kept, per-item status, failure does not stop the others, data string or object.
  @Test
  void itemsRunInOrderAndFailuresDoNotStopOthers(SugarWire sugar, Scratch scratch) {
    String v = "/v" + sugar.target().version();
    String missing = UUID.randomUUID().toString();
    String nameA = scratch.name("bulk-a");
    String nameB = scratch.name("bulk-b");
    Reply r =
        sugar.post(
            "/bulk",
            obj(
                "requests",
                List.of(
                    request(v + "/Accounts", "POST", Json.write(obj("name", nameA))),
                    request(v + "/Accounts/" + missing, "GET", null),
                    request(v + "/Accounts", "POST", obj("name", nameB)),
                    request(v + "/Accounts?max_num=1&fields=name", "GET", null))));
    JsonNode items = assertOk(r);
    assertThat(items.isArray()).as("%s", r).isTrue();
    assertThat(items).hasSize(4);
    items.forEach(i -> trackCreated(scratch, i));

    JsonNode a = items.get(0);
    assertThat(a.path("status").asInt()).isEqualTo(200);
    assertThat(a.path("status_text").asText()).isEqualTo("OK");
    assertThat(a.has("headers")).isTrue();
    assertThat(a.path("contents").path("name").asText()).isEqualTo(nameA);
    assertThat(a.path("contents").path("_module").asText()).isEqualTo("Accounts");

    JsonNode notFound = items.get(1);
    assertThat(notFound.path("status").asInt()).isEqualTo(404);
    assertThat(notFound.path("status_text").asText()).isEqualTo("Not Found");
    assertThat(notFound.path("contents").path("error").asText()).isEqualTo("not_found");
    assertThat(notFound.path("contents").path("error_message").asText())
        .isEqualTo("Could not find record: " + missing + " in module: Accounts");

    JsonNode b = items.get(2);
    assertThat(b.path("status").asInt()).as("item after a failure still runs").isEqualTo(200);
    assertThat(b.path("contents").path("name").asText()).isEqualTo(nameB);

    JsonNode list = items.get(3);
    assertThat(list.path("status").asInt()).isEqualTo(200);
    assertThat(list.path("contents").path("records")).hasSizeLessThanOrEqualTo(1);
    assertThat(list.path("contents").has("next_offset")).isTrue();

    assertThat(
            assertOk(sugar.get("/Accounts/" + a.path("contents").path("id").asText()))
                .path("name")
                .asText())
        .isEqualTo(nameA);
  }

  // §4: sequential under the caller: a later item sees an earlier item's write.
  @Test
  void itemsAreSequential(SugarWire sugar, Scratch scratch) {
    String v = "/v" + sugar.target().version();
    String id = UUID.randomUUID().toString();
    String name = scratch.name("bulk-seq");
    JsonNode items =
        assertOk(
            sugar.post(
                "/bulk",
                obj(
                    "requests",
                    List.of(
                        request(v + "/Accounts", "POST", obj("id", id, "name", name)),
                        request(v + "/Accounts/" + id, "PUT", obj("description", "second")),
                        request(v + "/Accounts/" + id, null, null)))));
    scratch.track("Accounts", id);
    assertThat(items.get(0).path("status").asInt()).isEqualTo(200);
    assertThat(items.get(1).path("status").asInt()).isEqualTo(200);
    // method defaults to GET.
    assertThat(items.get(2).path("status").asInt()).isEqualTo(200);
    assertThat(items.get(2).path("contents").path("description").asText()).isEqualTo("second");
  }

  // §4: any request without url fails the whole call with 422 before anything runs.
  @Test
  void missingUrlFailsTheWholeCall(SugarWire sugar, Scratch scratch) {
    String v = "/v" + sugar.target().version();
    String name = scratch.name("bulk-never");
    Reply r =
        sugar.post(
            "/bulk",
            obj(
                "requests",
                List.of(
                    request(v + "/Accounts", "POST", obj("name", name)), obj("method", "GET"))));
    assertError(r, 422, "missing_parameter", "Invalid request - URL is missing");
    JsonNode found =
        assertOk(sugar.post("/Accounts/filter", obj("filter", List.of(obj("name", name)))));
    Json.ids(found).forEach(id -> scratch.track("Accounts", id));
    assertThat(found.path("records")).as("nothing ran").isEmpty();
  }

  // §4 / §11: urls start with the version segment; any served version may be used per item.
  @Test
  void subRequestsCarryTheirOwnVersion(SugarWire sugar) {
    JsonNode items =
        assertOk(
            sugar.post(
                "/bulk",
                obj(
                    "requests",
                    List.of(
                        request("/v10/ping", "GET", null),
                        request("/v11_5/ping", "GET", null),
                        request("/v" + sugar.target().version() + "/ping", "GET", null)))));
    assertThat(items).hasSize(3);
    for (JsonNode i : items) {
      assertThat(i.path("status").asInt()).isEqualTo(200);
      assertThat(i.path("contents").asText()).isEqualTo("pong");
    }
  }

  // §4: headers map is applied per item (X-Timestamp gives edit_conflict inside bulk).
  @Test
  void subRequestHeaders(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("bulk-hdr")));
    ObjectNode put =
        request(
            "/v" + sugar.target().version() + "/Accounts/" + rec.path("id").asText(),
            "PUT",
            obj("description", "x"));
    put.set("headers", obj("X-Timestamp", "2000-01-01T00:00:00+00:00"));
    JsonNode items = assertOk(sugar.post("/bulk", obj("requests", List.of(put))));
    assertThat(items.get(0).path("status").asInt()).isEqualTo(409);
    assertThat(items.get(0).path("contents").path("error").asText()).isEqualTo("edit_conflict");
  }

  // §1.4: /bulk needs login like any route.
  @Test
  void bulkNeedsLogin(SugarWire sugar) {
    Reply r =
        sugar
            .call("POST", "/bulk")
            .anonymous()
            .json(obj("requests", List.of(request("/v10/ping", "GET", null))))
            .send();
    assertError(r, 401, "need_login", "No valid authentication for user.");
  }
}
