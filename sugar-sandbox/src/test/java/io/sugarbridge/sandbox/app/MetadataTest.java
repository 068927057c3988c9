package io.sugarbridge.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.ApiResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetadataTest {
  private final AppHarness h = new AppHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void pingAndTime() {
    assertThat(h.ok(h.admin, "GET", "ping", null).asText()).isEqualTo("pong");
    assertThat(h.ok(h.admin, "GET", "ping/whattimeisit", null).asText())
        .isEqualTo("2024-06-15T12:00:00+00:00");
  }

  @Test
  void vardefsAreServed() {
    JsonNode md =
        h.ok(
            h.admin,
            "GET",
            "metadata",
            "{\"type_filter\":\"modules\",\"module_filter\":\"Contacts,Accounts\"}");
    assertThat(md.path("modules").size()).isEqualTo(2);
    JsonNode contacts = md.path("modules").path("Contacts").path("fields");
    assertThat(contacts.path("last_name").path("required").asBoolean()).isTrue();
    assertThat(contacts.path("last_name").path("len").asInt()).isEqualTo(100);
    assertThat(contacts.path("lead_source").path("options").asText()).isEqualTo("lead_source_dom");
    assertThat(contacts.path("accounts").path("relationship").asText())
        .isEqualTo("accounts_contacts");
    assertThat(contacts.path("email").path("type").asText()).isEqualTo("email");
    assertThat(contacts.path("assigned_user_id").isObject()).isTrue();
    for (String f :
        List.of(
            "first_name",
            "title",
            "department",
            "phone_work",
            "phone_mobile",
            "account_name",
            "primary_address_street",
            "primary_address_city",
            "description",
            "email1",
            "email2",
            "email_opt_out",
            "invalid_email",
            "sync_key",
            "date_entered",
            "date_modified",
            "created_by",
            "modified_user_id",
            "deleted")) {
      assertThat(contacts.has(f)).as(f).isTrue();
    }
    JsonNode opp =
        h.ok(h.admin, "GET", "metadata", "{\"type_filter\":\"modules\"}")
            .path("modules")
            .path("Opportunities")
            .path("fields");
    assertThat(opp.path("sales_stage").path("required").asBoolean()).isTrue();
    JsonNode users =
        h.ok(h.admin, "GET", "metadata", "{\"type_filter\":\"modules\"}")
            .path("modules")
            .path("Users")
            .path("fields");
    assertThat(users.path("user_hash").path("type").asText()).isEqualTo("password");
    assertThat(users.path("status").path("options").asText()).isEqualTo("user_status_dom");
    assertThat(users.path("aclroles").path("relationship").asText()).isEqualTo("acl_roles_users");
  }

  @Test
  void serverInfoModuleListAndHash() {
    JsonNode md =
        h.ok(h.admin, "POST", "metadata", "{\"type_filter\":\"server_info,full_module_list\"}");
    JsonNode si = md.path("server_info");
    assertThat(si.path("flavor").asText()).isEqualTo("ENT");
    assertThat(si.path("version").asText()).isEqualTo("14.0.0");
    assertThat(si.path("build").asText()).isNotEmpty();
    assertThat(si.path("product_name").asText()).isEqualTo("SugarCRM");
    assertThat(si.path("sugarbridge_sandbox").asBoolean()).isTrue();
    assertThat(md.path("full_module_list").has("Contacts")).isTrue();
    assertThat(md.has("modules")).isFalse();
    String hash = md.path("_hash").asText();
    assertThat(hash).hasSize(32);
    assertThat(h.ok(h.admin, "GET", "metadata/_hash", null).path("_hash").asText()).isEqualTo(hash);
    assertThat(h.ok(h.admin, "GET", "metadata", "{\"only_hash\":\"true\"}").path("_hash").asText())
        .isEqualTo(hash);
    ApiResponse same = h.call(h.admin, "GET", "metadata", "{\"_hash\":\"" + hash + "\"}");
    assertThat(same.status()).isEqualTo(304);
    JsonNode pub = h.ok(null, "GET", "metadata/public", null);
    assertThat(pub.path("server_info").path("flavor").asText()).isEqualTo("ENT");
    assertThat(pub.has("config")).isTrue();
    assertThat(pub.has("modules")).isFalse();
  }

  @Test
  void languageListsTheDropdowns() {
    JsonNode lang = h.ok(h.admin, "GET", "lang/en_us", null);
    assertThat(lang.path("app_list_strings").path("sales_stage_dom").has("Closed Won")).isTrue();
    assertThat(lang.path("app_list_strings").path("case_status_dom").has("New")).isTrue();
  }
}
