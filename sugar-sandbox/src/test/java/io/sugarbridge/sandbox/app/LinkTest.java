package io.sugarbridge.sandbox.app;

import static io.sugarbridge.sandbox.app.AppHarness.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkTest {
  private final AppHarness h = new AppHarness();

  @BeforeEach
  void data() {
    h.ok(h.admin, "POST", "Accounts", "{\"id\":\"acc\",\"name\":\"Acme\"}");
    h.ok(h.admin, "POST", "Contacts", "{\"id\":\"c1\",\"last_name\":\"One\"}");
    h.ok(h.admin, "POST", "Contacts", "{\"id\":\"c2\",\"last_name\":\"Two\"}");
    h.ok(h.admin, "POST", "Cases", "{\"id\":\"case1\",\"name\":\"Broken\"}");
  }

  @AfterEach
  void close() {
    h.close();
  }

  private static void assertError(Runnable call, int status, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void linkListCountAndUnlinkManyToMany() {
    JsonNode linked = h.ok(h.admin, "POST", "Accounts/acc/link/contacts/c1", null);
    assertThat(linked.path("record").path("id").asText()).isEqualTo("acc");
    assertThat(linked.path("related_record").path("id").asText()).isEqualTo("c1");
    assertThat(linked.path("related_record").path("account_name").asText()).isEqualTo("Acme");
    assertThat(ids(h.ok(h.admin, "GET", "Accounts/acc/link/contacts", null))).containsExactly("c1");
    assertThat(ids(h.ok(h.admin, "GET", "Contacts/c1/link/accounts", null))).containsExactly("acc");
    assertThat(
            h.ok(h.admin, "GET", "Accounts/acc/link/contacts/count", null)
                .path("record_count")
                .asInt())
        .isEqualTo(1);
    assertThat(h.ok(h.admin, "GET", "Accounts/acc/link/contacts/c1", null).path("id").asText())
        .isEqualTo("c1");
    JsonNode unlinked = h.ok(h.admin, "DELETE", "Accounts/acc/link/contacts/c1", null);
    assertThat(unlinked.path("related_record").path("id").asText()).isEqualTo("c1");
    assertThat(ids(h.ok(h.admin, "GET", "Accounts/acc/link/contacts", null))).isEmpty();
    assertError(
        () -> h.call(h.admin, "GET", "Accounts/acc/link/contacts/c1", null),
        404,
        "Could not find the related bean");
  }

  @Test
  void oneToManyLinksWriteTheKeyField() {
    h.ok(h.admin, "POST", "Accounts/acc/link/cases/case1", null);
    JsonNode c = h.ok(h.admin, "GET", "Cases/case1", null);
    assertThat(c.path("account_id").asText()).isEqualTo("acc");
    assertThat(c.path("account_name").asText()).isEqualTo("Acme");
    assertThat(ids(h.ok(h.admin, "GET", "Cases/case1/link/accounts", null))).containsExactly("acc");
    JsonNode note = h.ok(h.admin, "POST", "Accounts/acc/link/notes", "{\"name\":\"Call back\"}");
    String noteId = note.path("related_record").path("id").asText();
    JsonNode stored = h.ok(h.admin, "GET", "Notes/" + noteId, null);
    assertThat(stored.path("parent_type").asText()).isEqualTo("Accounts");
    assertThat(stored.path("parent_id").asText()).isEqualTo("acc");
    assertThat(stored.path("parent_name").asText()).isEqualTo("Acme");
    h.ok(h.admin, "DELETE", "Accounts/acc/link/cases/case1", null);
    assertThat(h.ok(h.admin, "GET", "Cases/case1", null).path("account_id").asText()).isEmpty();
  }

  @Test
  void relateIdInTheBodyLinksAndFiltersWork() {
    h.ok(
        h.admin,
        "POST",
        "Contacts",
        "{\"id\":\"c3\",\"last_name\":\"Three\",\"account_id\":\"acc\"}");
    assertThat(h.ok(h.admin, "GET", "Contacts/c3", null).path("account_name").asText())
        .isEqualTo("Acme");
    assertThat(
            ids(
                h.ok(
                    h.admin,
                    "POST",
                    "Accounts/filter",
                    "{\"filter\":[{\"contacts.last_name\":\"Three\"}]}")))
        .containsExactly("acc");
    h.ok(h.admin, "POST", "Accounts", "{\"id\":\"acc2\",\"name\":\"Other\"}");
    h.ok(h.admin, "PUT", "Contacts/c3", "{\"account_id\":\"acc2\"}");
    assertThat(h.ok(h.admin, "GET", "Contacts/c3", null).path("account_name").asText())
        .isEqualTo("Other");
    assertThat(ids(h.ok(h.admin, "GET", "Accounts/acc/link/contacts", null))).isEmpty();
    JsonNode viaLinkField =
        h.ok(
            h.admin,
            "POST",
            "Accounts",
            "{\"name\":\"Linked\",\"contacts\":{\"add\":[\"c1\"],\"create\":[{\"last_name\":\"New\"}]}}");
    assertThat(
            h.ok(
                    h.admin,
                    "GET",
                    "Accounts/" + viaLinkField.path("id").asText() + "/link/contacts/count",
                    null)
                .path("record_count")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void bulkLinkWithRolesAndErrors() {
    h.ok(h.admin, "POST", "Opportunities", "{\"id\":\"opp\",\"name\":\"Deal\"}");
    JsonNode out =
        h.ok(
            h.admin,
            "POST",
            "Opportunities/opp/link",
            "{\"link_name\":\"contacts\",\"ids\":[\"c1\",{\"id\":\"c2\",\"contact_role\":\"Influencer\"}]}");
    assertThat(out.path("record").path("id").asText()).isEqualTo("opp");
    assertThat(out.path("related_records").size()).isEqualTo(2);
    assertThat(out.path("related_records").get(1).path("contact_role").asText())
        .isEqualTo("Influencer");
    assertThat(
            h.ok(
                    h.admin,
                    "GET",
                    "Opportunities/opp/link/contacts",
                    "{\"order_by\":\"last_name:DESC\"}")
                .path("records")
                .get(0)
                .path("contact_role")
                .asText())
        .isEqualTo("Influencer");
    assertThat(
            h.ok(
                    h.admin,
                    "POST",
                    "Opportunities/opp/link",
                    "{\"link_name\":\"contacts\",\"ids\":[\"c1\"],\"avoid_response\":true}")
                .isArray())
        .isTrue();
    assertError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Opportunities/opp/link",
                "{\"link_name\":\"nope\",\"ids\":[\"c1\"]}"),
        404,
        "Could not find a relationship named: nope");
    assertError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Opportunities/opp/link",
                "{\"link_name\":\"contacts\",\"ids\":\"c1\"}"),
        422,
        "Related record IDs must be array, string given");
    assertError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Opportunities/opp/link",
                "{\"link_name\":\"contacts\",\"ids\":[{\"contact_role\":\"x\"}]}"),
        422,
        "Related record ID is not specified in array notation");
    assertError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Opportunities/opp/link",
                "{\"link_name\":\"contacts\",\"ids\":[\"missing\"]}"),
        404,
        "Could not find the related bean");
    assertError(
        () -> h.call(h.admin, "POST", "Opportunities/opp/link", "{\"ids\":[\"c1\"]}"),
        422,
        "Missing parameter: link_name");
    assertError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Opportunities/nope/link",
                "{\"link_name\":\"contacts\",\"ids\":[\"c1\"]}"),
        404,
        "Could not find record: nope in module: Opportunities");
  }

  @Test
  void usersAndRolesAndReportsTo() {
    String role = h.ok(h.admin, "POST", "ACLRoles", "{\"name\":\"Sales\"}").path("id").asText();
    String u = h.app.createUser("sam", "pw", false, java.util.List.of());
    JsonNode linked = h.ok(h.admin, "POST", "Users/" + u + "/link/aclroles/" + role, null);
    assertThat(linked.path("related_record").path("name").asText()).isEqualTo("Sales");
    assertThat(ids(h.ok(h.admin, "GET", "Users/" + u + "/link/aclroles", null)))
        .containsExactly(role);
    assertThat(ids(h.ok(h.admin, "GET", "ACLRoles/" + role + "/link/users", null)))
        .containsExactly(u);
    h.ok(h.admin, "PUT", "Users/" + u, "{\"reports_to_id\":\"1\"}");
    assertThat(ids(h.ok(h.admin, "GET", "Users/1/link/reportees", null))).containsExactly(u);
    assertThat(ids(h.ok(h.admin, "GET", "Users/" + u + "/link/reports_to_link", null)))
        .containsExactly("1");
    assertThat(h.ok(h.admin, "GET", "me", null).path("current_user").path("is_manager").asBoolean())
        .isTrue();
  }
}
