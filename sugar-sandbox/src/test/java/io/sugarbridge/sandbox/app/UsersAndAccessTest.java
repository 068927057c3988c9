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

class UsersAndAccessTest {
  private final AppHarness h = new AppHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private static void assertSugarError(Runnable call, int status, String error, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SugarApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.error()).isEqualTo(error);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void createUserNeedsLicenseTypeFromV11_6() {
    assertSugarError(
        () -> h.call(h.admin, "POST", "Users", "{\"user_name\":\"bob\"}"),
        422,
        "missing_parameter",
        "Missing parameter: license_type");
    assertSugarError(
        () ->
            h.call(h.admin, "POST", "Users", "{\"user_name\":\"bob\",\"license_type\":[\"NOPE\"]}"),
        422,
        "invalid_parameter",
        "Invalid license_type in module: Users");
    assertSugarError(
        () -> h.call(h.admin, "POST", "Users", "{\"license_type\":[\"SUGAR_SELL\"]}"),
        422,
        "missing_parameter",
        "Missing username");
    // v11_10 is newer than v11_6 although 11.10 < 11.6 as decimals.
    assertSugarError(
        () -> h.call(h.admin, "POST", "Users", "{\"user_name\":\"bob\"}", "11.10", Map.of()),
        422,
        "missing_parameter",
        "Missing parameter: license_type");
    JsonNode old =
        h.call(
                h.admin,
                "POST",
                "Users",
                "{\"user_name\":\"old\",\"last_name\":\"O\"}",
                "11.5",
                Map.of())
            .body();
    assertThat(old.path("user_name").asText()).isEqualTo("old");
    JsonNode bob =
        h.ok(
            h.admin,
            "POST",
            "Users",
            "{\"user_name\":\"bob\",\"last_name\":\"B\",\"license_type\":[\"SUGAR_SELL\"],\"user_hash\":\"s3cret\"}");
    assertThat(bob.path("user_hash").asBoolean()).isTrue();
    assertThat(bob.path("license_type").get(0).asText()).isEqualTo("SUGAR_SELL");
    assertThat(bob.path("status").asText()).isEqualTo("Active");
    assertThat(h.app.users().authenticate("bob", "s3cret", "base")).isPresent();
    assertThat(h.app.users().authenticate("BOB", "wrong", "base")).isEmpty();
  }

  @Test
  void passwordIsStoredHashedAndReadsBackTrueOrNull() {
    JsonNode u =
        h.ok(
            h.admin,
            "POST",
            "Users",
            "{\"user_name\":\"np\",\"last_name\":\"N\",\"license_type\":[\"CURRENT\"]}");
    assertThat(u.path("user_hash").isNull()).isTrue();
    String id = u.path("id").asText();
    h.ok(h.admin, "PUT", "Users/" + id, "{\"user_hash\":\"plain-text-pw\"}");
    assertThat(h.ok(h.admin, "GET", "Users/" + id, null).path("user_hash").asBoolean()).isTrue();
    String stored = h.app.toString();
    assertThat(stored).doesNotContain("plain-text-pw");
    assertThat(h.app.users().authenticate("np", "plain-text-pw", "base")).isPresent();
  }

  @Test
  void duplicateUserNameIs403CaseInsensitive() {
    h.app.createUser("carol", "pw", false, List.of());
    assertSugarError(
        () ->
            h.call(
                h.admin,
                "POST",
                "Users",
                "{\"user_name\":\"CAROL\",\"license_type\":[\"SUGAR_SELL\"]}"),
        403,
        "not_authorized",
        "The user name CAROL already exists. Duplicate user names are not allowed. Change the user name to be unique.");
  }

  @Test
  void nonAdminRulesOnUsers() {
    String daveId = h.app.createUser("dave", "pw-d", false, List.of());
    String eveId = h.app.createUser("eve", "pw-e", false, List.of());
    Caller dave = h.login("dave", "pw-d");
    assertSugarError(
        () -> h.call(dave, "GET", "Users/" + eveId, null),
        404,
        "not_found",
        "Could not find record: " + eveId + " in module: Users");
    JsonNode self = h.ok(dave, "GET", "Users/" + daveId, null);
    assertThat(self.path("user_name").asText()).isEqualTo("dave");
    JsonNode list = h.ok(dave, "GET", "Users", "{\"max_num\":50}");
    JsonNode eve = null;
    for (JsonNode r : list.path("records")) {
      if (r.path("id").asText().equals(eveId)) {
        eve = r;
      }
    }
    assertThat(eve).isNotNull();
    assertThat(eve.has("user_hash")).isFalse();
    assertThat(eve.has("last_login")).isFalse();
    assertThat(eve.has("user_name")).isTrue();
    for (String f :
        List.of("is_admin", "user_name", "status", "reports_to_id", "title", "department")) {
      String value = f.equals("is_admin") ? "true" : "\"x\"";
      assertSugarError(
          () -> h.call(dave, "PUT", "Users/" + daveId, "{\"" + f + "\":" + value + "}"),
          403,
          "not_authorized",
          "Not allowed to edit field " + f + " in module: Users");
    }
    JsonNode ok = h.ok(dave, "PUT", "Users/" + daveId, "{\"phone_work\":\"555\"}");
    assertThat(ok.path("phone_work").asText()).isEqualTo("555");
    assertSugarError(
        () -> h.call(dave, "PUT", "Users/" + eveId, "{\"phone_work\":\"1\"}"),
        404,
        "not_found",
        "Could not find record: " + eveId + " in module: Users");
    assertThatThrownBy(() -> h.call(dave, "DELETE", "Users/" + eveId, null))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isIn(403, 404));
    assertThatThrownBy(
            () ->
                h.call(
                    dave,
                    "POST",
                    "Users",
                    "{\"user_name\":\"x\",\"license_type\":[\"SUGAR_SELL\"]}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  void reportLoopAndLastAdminAre403() {
    String a = h.app.createUser("a", "pw", false, List.of());
    String b = h.app.createUser("b", "pw", false, List.of());
    h.ok(h.admin, "PUT", "Users/" + b, "{\"reports_to_id\":\"" + a + "\"}");
    assertThatThrownBy(
            () -> h.call(h.admin, "PUT", "Users/" + a, "{\"reports_to_id\":\"" + b + "\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(
            () -> h.call(h.admin, "PUT", "Users/" + a, "{\"reports_to_id\":\"" + a + "\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(h.ok(h.admin, "GET", "Users/" + b, null).path("reports_to_name").asText())
        .isEqualTo("a User");

    assertThatThrownBy(() -> h.call(h.admin, "PUT", "Users/1", "{\"status\":\"Inactive\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> h.call(h.admin, "DELETE", "Users/1", null))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    h.app.createUser("admin2", "pw", true, List.of());
    assertThat(h.ok(h.admin, "DELETE", "Users/" + a, null).path("id").asText()).isEqualTo(a);
    h.ok(h.admin, "PUT", "Users/1", "{\"status\":\"Inactive\"}");
    assertThat(h.app.users().authenticate("admin", "admin-pw", "base")).isEmpty();
  }

  @Test
  void theAllowReportingLoopsSwitchAcceptsALoopThatSugarRefuses() {
    try (AppHarness loose = new AppHarness(null, b -> b.allowReportingLoops(true))) {
      String a = loose.app.createUser("a", "pw", false, List.of());
      String b = loose.app.createUser("b", "pw", false, List.of());
      loose.ok(loose.admin, "PUT", "Users/" + b, "{\"reports_to_id\":\"" + a + "\"}");
      loose.ok(loose.admin, "PUT", "Users/" + a, "{\"reports_to_id\":\"" + b + "\"}");
      assertThat(loose.ok(loose.admin, "GET", "Users/" + a, null).path("reports_to_id").asText())
          .isEqualTo(b);
    }
    String a = h.app.createUser("a", "pw", false, List.of());
    String b = h.app.createUser("b", "pw", false, List.of());
    h.ok(h.admin, "PUT", "Users/" + b, "{\"reports_to_id\":\"" + a + "\"}");
    assertSugarError(
        () -> h.call(h.admin, "PUT", "Users/" + a, "{\"reports_to_id\":\"" + b + "\"}"),
        403,
        "not_authorized",
        "The system detected a reporting loop. A user cannot report to themselves, nor can any of"
            + " their managers report to them.");
  }

  @Test
  void deletedAndInactiveUsersCannotAuthenticate() {
    String id = h.app.createUser("gone", "pw", false, List.of());
    assertThat(h.app.users().authenticate("gone", "pw", "base")).isPresent();
    h.ok(h.admin, "PUT", "Users/" + id, "{\"status\":\"Inactive\"}");
    assertThat(h.app.users().authenticate("gone", "pw", "base")).isEmpty();
    assertThat(h.app.users().activeUser(id, "base")).isEmpty();
    h.ok(h.admin, "PUT", "Users/" + id, "{\"status\":\"Active\"}");
    assertThat(h.app.users().activeUser(id, "base")).isPresent();
    h.ok(h.admin, "DELETE", "Users/" + id, null);
    assertThat(h.app.users().authenticate("gone", "pw", "base")).isEmpty();
    assertThat(h.app.users().activeUserByName("gone", "base")).isEmpty();
  }

  @Test
  void readOnlyModuleAccessThroughAnAclRole() {
    h.ok(h.admin, "POST", "Accounts", "{\"id\":\"acc\",\"name\":\"A\"}");
    h.app.createUser("ro", "pw", false, List.of("Accounts"));
    Caller ro = h.login("ro", "pw");
    assertThat(h.ok(ro, "GET", "Accounts/acc", null).path("_acl").path("edit").asText())
        .isEqualTo("no");
    assertThat(h.ok(ro, "GET", "Accounts", null).path("records").size()).isEqualTo(1);
    assertSugarError(
        () -> h.call(ro, "POST", "Accounts", "{\"name\":\"x\"}"),
        403,
        "not_authorized",
        "You are not authorized to create Accounts. Contact your administrator if you need access.");
    assertSugarError(
        () -> h.call(ro, "PUT", "Accounts/acc", "{\"name\":\"x\"}"),
        403,
        "not_authorized",
        "Not allowed to perform action \"edit\" on this record");
    assertSugarError(
        () -> h.call(ro, "DELETE", "Accounts/acc", null),
        403,
        "not_authorized",
        "Not allowed to perform action \"delete\" on this record");
    assertThat(h.ok(ro, "POST", "Contacts", "{\"last_name\":\"ok\"}").path("id").asText())
        .isNotEmpty();
    JsonNode acl = h.ok(ro, "GET", "me", null).path("current_user").path("acl");
    assertThat(acl.path("Accounts").path("create").asText()).isEqualTo("no");
    assertThat(acl.path("Accounts").path("edit").asText()).isEqualTo("no");
    assertThat(acl.path("Accounts").path("delete").asText()).isEqualTo("no");
    assertThat(acl.path("Accounts").has("view")).isFalse();
    assertThat(acl.path("Contacts").has("create")).isFalse();
    assertThat(h.ok(ro, "GET", "me", null).path("current_user").path("roles").size()).isEqualTo(1);
  }

  @Test
  void rolesThroughTheApiAndNoAccessModules() {
    String role =
        h.ok(
                h.admin,
                "POST",
                "ACLRoles",
                "{\"name\":\"No leads\",\"module_access\":{\"Leads\":\"none\",\"Cases\":\"read_only\"}}")
            .path("id")
            .asText();
    String uid = h.app.createUser("nl", "pw", false, List.of());
    h.ok(h.admin, "POST", "Users/" + uid + "/link/aclroles/" + role, null);
    Caller nl = h.login("nl", "pw");
    assertSugarError(
        () -> h.call(nl, "GET", "Leads", null),
        403,
        "not_authorized",
        "No access to view records for module: Leads");
    JsonNode me = h.ok(nl, "GET", "me", null).path("current_user");
    assertThat(me.path("acl").path("Leads").path("view").asText()).isEqualTo("no");
    assertThat(me.path("acl").path("Cases").path("edit").asText()).isEqualTo("no");
    assertThat(me.path("module_list").toString()).doesNotContain("\"Leads\"").contains("\"Cases\"");
    assertThat(
            h.ok(h.admin, "GET", "ACLRoles/" + role + "/link/users", null).path("records").size())
        .isEqualTo(1);
    assertThatThrownBy(() -> h.call(nl, "POST", "ACLRoles", "{\"name\":\"x\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(
            () -> h.call(h.admin, "POST", "ACLRoles", "{\"name\":\"x\",\"module_access\":\"[1\"}"))
        .isInstanceOfSatisfying(
            SugarApiException.class, e -> assertThat(e.status()).isEqualTo(422));
  }

  @Test
  void aRoleWithATypoInItsAccessIsRefusedInsteadOfGrantingFullAccess() {
    assertSugarError(
        () ->
            h.call(
                h.admin,
                "POST",
                "ACLRoles",
                "{\"name\":\"t\",\"module_access\":{\"Accounts\":\"readonlyy\"}}"),
        422,
        "invalid_parameter",
        "Invalid field value: module_access in module: ACLRoles; 'readonlyy' for Accounts is not"
            + " full, read_only or none");
    assertSugarError(
        () ->
            h.call(
                h.admin,
                "POST",
                "ACLRoles",
                "{\"name\":\"t\",\"module_access\":{\"Acounts\":\"none\"}}"),
        422,
        "invalid_parameter",
        "Invalid field value: module_access in module: ACLRoles; unknown module 'Acounts'");
    String role =
        h.ok(
                h.admin,
                "POST",
                "ACLRoles",
                "{\"name\":\"ok\",\"module_access\":{\"Cases\":\"full\"}}")
            .path("id")
            .asText();
    assertSugarError(
        () ->
            h.call(
                h.admin,
                "PUT",
                "ACLRoles/" + role,
                "{\"module_access\":{\"Cases\":\"sometimes\"}}"),
        422,
        "invalid_parameter",
        "Invalid field value: module_access in module: ACLRoles; 'sometimes' for Cases is not"
            + " full, read_only or none");
  }

  @Test
  void meAndPasswordChange() {
    String id = h.app.createUser("pat", "old-pw", false, List.of());
    Caller pat = h.login("pat", "old-pw");
    JsonNode me = h.ok(pat, "GET", "me", null).path("current_user");
    assertThat(me.path("type").asText()).isEqualTo("user");
    assertThat(me.path("id").asText()).isEqualTo(id);
    assertThat(me.path("user_name").asText()).isEqualTo("pat");
    assertThat(me.path("full_name").asText()).isEqualTo("pat User");
    assertThat(me.path("is_manager").asBoolean()).isFalse();
    assertThat(me.path("preferences").path("timezone").asText()).isEqualTo("UTC");
    assertThat(me.path("module_list").size()).isGreaterThan(5);
    assertThat(me.path("licenses").get(0).asText()).isEqualTo("SUGAR_SELL");
    assertThat(h.ok(h.admin, "GET", "me", null).path("current_user").path("type").asText())
        .isEqualTo("admin");
    JsonNode wrong =
        h.ok(pat, "PUT", "me/password", "{\"old_password\":\"nope\",\"new_password\":\"n\"}");
    assertThat(wrong.path("valid").asBoolean()).isFalse();
    JsonNode right =
        h.ok(
            pat, "PUT", "me/password", "{\"old_password\":\"old-pw\",\"new_password\":\"new-pw\"}");
    assertThat(right.path("valid").asBoolean()).isTrue();
    assertThat(right.path("message").asText()).isEqualTo("Password updated.");
    assertThat(h.app.users().authenticate("pat", "new-pw", "base")).isPresent();
    assertThat(h.app.users().authenticate("pat", "old-pw", "base")).isEmpty();
    ApiResponse verify = h.call(pat, "POST", "me/password", "{\"password_to_verify\":\"new-pw\"}");
    assertThat(verify.body().path("valid").asBoolean()).isTrue();
  }

  @Test
  void ensureAdminResetsThePassword() {
    h.app.ensureAdmin("second");
    assertThat(h.app.users().authenticate("admin", "admin-pw", "base")).isEmpty();
    Caller admin = h.app.users().authenticate("admin", "second", "base").orElseThrow();
    assertThat(admin.admin()).isTrue();
    assertThat(admin.userId()).isEqualTo("1");
  }
}
