package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.ApiResponse;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntegrateTest {
  private final AppHarness h = new AppHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void upsertCreatesWith201ThenUpdatesWith200() {
    ApiResponse created =
        h.call(h.admin, "PATCH", "integrate/Contacts/sync_key/ext-1", "{\"last_name\":\"Smith\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("record").asText();
    assertThat(id).isNotEmpty();
    ApiResponse updated =
        h.call(h.admin, "PUT", "integrate/Contacts/sync_key/ext-1", "{\"first_name\":\"Jo\"}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("record").asText()).isEqualTo(id);
    JsonNode read = h.ok(h.admin, "GET", "integrate/Contacts/sync_key/ext-1", null);
    assertThat(read.path("first_name").asText()).isEqualTo("Jo");
    assertThat(read.path("last_name").asText()).isEqualTo("Smith");
    assertThat(read.path("sync_key").asText()).isEqualTo("ext-1");
    assertThat(h.ok(h.admin, "GET", "Contacts/sync_key/ext-1", null).path("id").asText())
        .isEqualTo(id);
    assertThat(
            h.call(h.admin, "PATCH", "Contacts/sync_key/ext-2", "{\"last_name\":\"B\"}").status())
        .isEqualTo(201);
    assertThat(
            h.ok(h.admin, "DELETE", "integrate/Contacts/sync_key/ext-1", null).path("id").asText())
        .isEqualTo(id);
    assertThatThrownBy(() -> h.call(h.admin, "GET", "integrate/Contacts/sync_key/ext-1", null))
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.getMessage())
                  .isEqualTo("Could not find record with sync_key:ext-1 in module: Contacts");
            });
  }

  @Test
  void setSyncKeyOnAnExistingRecord() {
    String id = h.ok(h.admin, "POST", "Accounts", "{\"name\":\"A\"}").path("id").asText();
    JsonNode out = h.ok(h.admin, "PATCH", "integrate/Accounts/" + id + "/sync_key/k-9", null);
    assertThat(out.path("success").asBoolean()).isTrue();
    assertThat(h.ok(h.admin, "GET", "Accounts/sync_key/k-9", null).path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void onlyFromV11_10AndAdminOnlyWhenConfigured() {
    assertThatThrownBy(
            () -> h.call(h.admin, "PATCH", "integrate/Contacts/sync_key/x", "{}", "11.9", Map.of()))
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.error()).isEqualTo("no_method");
            });
    assertThat(
            h.call(h.admin, "PATCH", "integrate/Contacts/sync_key/x", "{}", "11.10", Map.of())
                .status())
        .isEqualTo(201);
    h.app.createUser("plain", "pw", false, List.of());
    Caller plain = h.login("plain", "pw");
    assertThat(h.call(plain, "PATCH", "integrate/Contacts/sync_key/y", "{}").status())
        .isEqualTo(201);
    try (AppHarness strict = new AppHarness(null, b -> b.integrateAdminOnly(true))) {
      strict.app.createUser("plain", "pw", false, List.of());
      Caller p = strict.login("plain", "pw");
      assertThatThrownBy(() -> strict.call(p, "PATCH", "integrate/Contacts/sync_key/y", "{}"))
          .isInstanceOfSatisfying(
              SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
      assertThat(strict.call(strict.admin, "PATCH", "integrate/Contacts/sync_key/y", "{}").status())
          .isEqualTo(201);
    }
  }

  @Test
  void unknownKeyFieldIs422() {
    assertThatThrownBy(() -> h.call(h.admin, "PATCH", "integrate/Contacts/nope/x", "{}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(422));
  }
}
