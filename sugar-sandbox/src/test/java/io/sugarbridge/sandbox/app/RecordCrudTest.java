package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordCrudTest {
  private final AppHarness h = new AppHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void createAnswers200WithTheFullFormattedRecord() {
    ApiResponse r =
        h.call(
            h.admin,
            "POST",
            "Accounts",
            "{\"name\":\"Acme\",\"industry\":\"Banking\",\"bogus\":1}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode a = r.body();
    assertThat(a.path("id").asText()).hasSize(36);
    assertThat(a.path("name").asText()).isEqualTo("Acme");
    assertThat(a.path("industry").asText()).isEqualTo("Banking");
    assertThat(a.has("bogus")).isFalse();
    assertThat(a.path("_module").asText()).isEqualTo("Accounts");
    assertThat(a.path("_acl").path("fields").isObject()).isTrue();
    assertThat(a.path("date_entered").asText()).isEqualTo("2024-06-15T12:00:00+00:00");
    assertThat(a.path("date_modified").asText()).isEqualTo("2024-06-15T12:00:00+00:00");
    assertThat(a.path("created_by").asText()).isEqualTo("1");
    assertThat(a.path("modified_user_id").asText()).isEqualTo("1");
    assertThat(a.path("my_favorite").isBoolean()).isTrue();
    assertThat(a.path("following").isBoolean()).isTrue();
    assertThat(a.path("locked_fields").isArray()).isTrue();
    assertThat(a.path("email").isArray()).isTrue();
  }

  @Test
  void createWithAnExistingIdIs422() {
    h.ok(h.admin, "POST", "Contacts", "{\"id\":\"c-1\",\"last_name\":\"Smith\"}");
    assertThatThrownBy(
            () -> h.call(h.admin, "POST", "Contacts", "{\"id\":\"c-1\",\"last_name\":\"X\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.error()).isEqualTo("invalid_parameter");
              assertThat(e.getMessage())
                  .isEqualTo("Record already exists: c-1 in module: Contacts");
            });
  }

  @Test
  void readUpdateDeleteFollowSugarsRules() {
    String id = h.ok(h.admin, "POST", "Contacts", "{\"last_name\":\"Smith\"}").path("id").asText();
    h.clock.advance(Duration.ofSeconds(5));
    JsonNode updated =
        h.ok(h.admin, "PUT", "Contacts/" + id, "{\"first_name\":\"Ann\",\"deleted\":true}");
    assertThat(updated.path("first_name").asText()).isEqualTo("Ann");
    assertThat(updated.path("last_name").asText()).isEqualTo("Smith");
    assertThat(updated.path("full_name").asText()).isEqualTo("Ann Smith");
    assertThat(updated.path("deleted").asBoolean()).isFalse();
    assertThat(updated.path("date_modified").asText()).isEqualTo("2024-06-15T12:00:05+00:00");

    JsonNode read = h.ok(h.admin, "GET", "Contacts/" + id, "{\"fields\":\"first_name\"}");
    assertThat(read.has("first_name")).isTrue();
    assertThat(read.has("last_name")).isFalse();
    assertThat(read.has("date_modified")).isTrue();

    assertThat(h.ok(h.admin, "DELETE", "Contacts/" + id, null).path("id").asText()).isEqualTo(id);
    assertThatThrownBy(() -> h.call(h.admin, "GET", "Contacts/" + id, null))
        .hasMessage("Could not find record: " + id + " in module: Contacts");
    assertThatThrownBy(() -> h.call(h.admin, "DELETE", "Contacts/" + id, null))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void changingTheIdIs422() {
    String id = h.ok(h.admin, "POST", "Accounts", "{\"name\":\"A\"}").path("id").asText();
    assertThatThrownBy(() -> h.call(h.admin, "PUT", "Accounts/" + id, "{\"id\":\"other\"}"))
        .hasMessage("Not allowed to change record id 'other' in the Accounts module");
  }

  @Test
  void staleXTimestampIs409WithTheCurrentRecord() {
    JsonNode a = h.ok(h.admin, "POST", "Accounts", "{\"name\":\"A\"}");
    String id = a.path("id").asText();
    String stamp = a.path("date_modified").asText();
    h.clock.advance(Duration.ofSeconds(3));
    h.ok(h.admin, "PUT", "Accounts/" + id, "{\"name\":\"B\"}");
    assertThatThrownBy(
            () ->
                h.call(
                    h.admin,
                    "PUT",
                    "Accounts/" + id,
                    "{\"name\":\"C\"}",
                    "11.24",
                    Map.of("x-timestamp", stamp)))
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.error()).isEqualTo("edit_conflict");
              assertThat(e.extra().path("record").path("name").asText()).isEqualTo("B");
            });
    String fresh = h.ok(h.admin, "GET", "Accounts/" + id, null).path("date_modified").asText();
    JsonNode ok =
        h.call(
                h.admin,
                "PUT",
                "Accounts/" + id,
                "{\"name\":\"C\"}",
                "11.24",
                Map.of("x-timestamp", fresh))
            .body();
    assertThat(ok.path("name").asText()).isEqualTo("C");
  }

  @Test
  void invalidValuesForTypedFieldsAre422() {
    assertThatThrownBy(
            () ->
                h.call(
                    h.admin, "POST", "Opportunities", "{\"name\":\"x\",\"probability\":\"abc\"}"))
        .hasMessage("Invalid field value: probability in module: Opportunities");
  }

  @Test
  void requiredFieldsAreNotEnforcedByDefaultButCanBe() {
    assertThat(
            h.ok(h.admin, "POST", "Contacts", "{\"first_name\":\"No last\"}").path("id").asText())
        .isNotEmpty();
    try (AppHarness strict = new AppHarness(null, b -> b.enforceRequiredFields(true))) {
      assertThatThrownBy(
              () -> strict.call(strict.admin, "POST", "Contacts", "{\"first_name\":\"No last\"}"))
          .isInstanceOfSatisfying(
              SugarApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.getMessage()).isEqualTo("Missing parameter: last_name");
              });
    }
  }

  @Test
  void enumValuesAreNotValidatedAndEnumRouteServesOptions() {
    JsonNode a = h.ok(h.admin, "POST", "Accounts", "{\"name\":\"A\",\"industry\":\"Space\"}");
    assertThat(a.path("industry").asText()).isEqualTo("Space");
    JsonNode options = h.ok(h.admin, "GET", "Accounts/enum/industry", null);
    assertThat(options.path("Banking").asText()).isEqualTo("Banking");
    assertThatThrownBy(() -> h.call(h.admin, "GET", "Accounts/enum/nope", null))
        .hasMessage("field not found");
  }
}
