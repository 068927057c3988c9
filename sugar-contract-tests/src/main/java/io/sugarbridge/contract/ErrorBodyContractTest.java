package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * §2 Error body format: {@code {"error": code, "error_message": text}} as JSON with {@code
 * Cache-Control: no-store}, the message only when non-empty, and documented extra keys merged at
 * the top level ({@code record} on edit_conflict, {@code metadata_hash}/{@code user_hash} on
 * metadata_out_of_date).
 */
@ContractTest
class ErrorBodyContractTest {

  static List<Arguments> errorRequests() {
    List<Arguments> a = new ArrayList<>();
    a.add(
        Arguments.of(
            "404 not_found",
            404,
            "not_found",
            (Function<SugarWire, Reply>) s -> s.get("/Accounts/" + UUID.randomUUID())));
    a.add(
        Arguments.of(
            "404 no_method",
            404,
            "no_method",
            (Function<SugarWire, Reply>) s -> s.get("/SbctNoSuchModule")));
    a.add(
        Arguments.of(
            "401 need_login",
            401,
            "need_login",
            (Function<SugarWire, Reply>) s -> s.call("GET", "/Accounts").anonymous().send()));
    a.add(
        Arguments.of(
            "401 invalid_grant",
            401,
            "invalid_grant",
            (Function<SugarWire, Reply>)
                s -> s.call("GET", "/Accounts").token("sbct-bad-token").send()));
    a.add(
        Arguments.of(
            "301 incorrect_version",
            301,
            "incorrect_version",
            (Function<SugarWire, Reply>) s -> s.callVersion("v99", "GET", "/ping").send()));
    a.add(
        Arguments.of(
            "422 invalid_parameter (filter operand)",
            422,
            "invalid_parameter",
            (Function<SugarWire, Reply>)
                s ->
                    s.post(
                        "/Accounts/filter",
                        obj("filter", List.of(obj("name", obj("$sbct_bogus", "x")))))));
    a.add(
        Arguments.of(
            "400 invalid_request (token endpoint)",
            400,
            "invalid_request",
            (Function<SugarWire, Reply>)
                s ->
                    s.call("POST", "/oauth2/token")
                        .anonymous()
                        .json(obj("client_id", "sugar"))
                        .send()));
    return a;
  }

  // §2.1: every error is a JSON object with a string error, a non-empty message when present, and
  // Cache-Control: no-store.
  @ParameterizedTest(name = "{0}")
  @MethodSource("errorRequests")
  void errorBodiesHaveTheGenericShape(
      String label, int status, String error, Function<SugarWire, Reply> request, SugarWire sugar) {
    Reply r = request.apply(sugar);
    JsonNode body = assertErrorCode(r, status, error);
    assertThat(body.get("error").isTextual()).isTrue();
    if (body.has("error_message")) {
      assertThat(body.get("error_message").isTextual()).as("%s", r).isTrue();
      assertThat(body.get("error_message").asText()).as("%s", r).isNotEmpty();
    }
    assertThat(r.header("Cache-Control")).as("Cache-Control of %s", r).hasValue("no-store");
  }

  // §2.1 / §3.3: edit_conflict merges the current record at the top level under "record".
  @Test
  void editConflictCarriesTheCurrentRecord(SugarWire sugar, Scratch scratch) {
    JsonNode rec = scratch.create("Accounts", obj("name", scratch.name("conflict")));
    String id = rec.path("id").asText();
    Reply r =
        sugar
            .call("PUT", "/Accounts/" + id)
            .header("X-Timestamp", "2000-01-01T00:00:00+00:00")
            .json(obj("description", "should not be saved"))
            .send();
    JsonNode body = assertErrorCode(r, 409, "edit_conflict");
    assertThat(body.path("record").path("id").asText()).isEqualTo(id);
    assertThat(body.path("record").path("name").asText()).isEqualTo(scratch.name("conflict"));
  }

  // §6 Hash headers / §2.1: metadata_out_of_date adds metadata_hash and user_hash.
  @Test
  void staleMetadataHashIs412WithHashes(SugarWire sugar) {
    Reply r =
        sugar
            .call("GET", "/Accounts?max_num=1")
            .header("X-Metadata-Hash", "sbct-stale-hash")
            .send();
    JsonNode body = assertErrorCode(r, 412, "metadata_out_of_date");
    assertThat(body.has("metadata_hash")).as("%s", r).isTrue();
    assertThat(body.has("user_hash")).as("%s", r).isTrue();
  }
}
