package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Json;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.Secret;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.contract.support.WritesUsers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * §7 Users: {@code license_type} rules on create (v11_6+), {@code user_name} required and unique
 * (403), {@code user_hash} reading back as {@code true}, 404 for a non-admin reading another user,
 * admin-only fields (403), and inactive users refused at login (§1.2) and at token check (§1.4).
 */
@ContractTest
@WritesUsers
class UsersContractTest {
  private static final String PASSWORD_PREFIX = "Sbct-pw-";

  @BeforeEach
  void needsAdminAndVersion(SugarWire sugar) {
    assumeTrue(sugar.isAdmin(), "creating Users needs an administrator");
    assumeTrue(sugar.target().atLeast(11, 6), "POST /Users with license_type needs v11_6+");
  }

  static Secret password() {
    return Secret.of(PASSWORD_PREFIX + UUID.randomUUID());
  }

  // §7 Create: license_type is required (v11_6+), must be valid, user_name is required.
  @Test
  void licenseTypeAndUserNameRules(SugarWire sugar, Scratch scratch) {
    ObjectNode noLicense = scratch.userBody("nolic");
    noLicense.remove("license_type");
    Reply r1 = sugar.post("/Users", noLicense);
    scratch.trackIfCreated("Users", r1);
    assertError(r1, 422, "missing_parameter", "Missing parameter: license_type");

    ObjectNode badLicense = scratch.userBody("badlic");
    badLicense.set("license_type", Json.arr("SBCT_NOT_A_LICENSE"));
    Reply r2 = sugar.post("/Users", badLicense);
    scratch.trackIfCreated("Users", r2);
    assertErrorMessage(r2, 422, "Invalid license_type in module: Users");

    ObjectNode noName = scratch.userBody("noname");
    noName.remove("user_name");
    Reply r3 = sugar.post("/Users", noName);
    scratch.trackIfCreated("Users", r3);
    assertError(r3, 422, "missing_parameter", "Missing username");
  }

  // §7: below v11_6 the generic create is used, so license_type is not required.
  @Test
  void licenseTypeNotRequiredBelowV11_6(SugarWire sugar, Scratch scratch) {
    ObjectNode body = scratch.userBody("v115");
    body.remove("license_type");
    Reply r = sugar.callVersion("v11_5", "POST", "/Users").json(body).send();
    JsonNode rec = assertOk(r);
    scratch.track("Users", rec.path("id").asText());
    assertThat(rec.path("user_name").asText()).isEqualTo(scratch.name("v115"));
  }

  // §7 Password: user_hash reads back true when set, null otherwise; the user can log in.
  @Test
  void createWithPasswordAndLogIn(SugarWire sugar, Scratch scratch) {
    Secret pw = password();
    ObjectNode body = scratch.userBody("pw");
    body.put("user_hash", pw.reveal());
    JsonNode rec = scratch.create("Users", body);
    assertThat(rec.path("_module").asText()).isEqualTo("Users");
    assertThat(rec.path("user_hash").isBoolean() && rec.path("user_hash").asBoolean())
        .as("user_hash reads back true")
        .isTrue();
    JsonNode read = assertOk(sugar.get("/Users/" + rec.path("id").asText()));
    assertThat(read.path("user_hash").asBoolean()).isTrue();

    JsonNode noPw = scratch.create("Users", scratch.userBody("nopw"));
    assertThat(noPw.has("user_hash")).isTrue();
    assertThat(noPw.get("user_hash").isNull()).as("user_hash without password").isTrue();

    SugarWire.Grant g = sugar.login(scratch.name("pw"), pw, sugar.target().platform());
    JsonNode me = assertOk(sugar.call("GET", "/me").token(g.accessToken()).send());
    assertThat(me.path("current_user").path("user_name").asText()).isEqualTo(scratch.name("pw"));
    assertThat(me.path("current_user").path("type").asText()).isEqualTo("user");
  }

  // §7: duplicate user_name is 403 not_authorized with the documented message.
  @Test
  void duplicateUserNameIs403(SugarWire sugar, Scratch scratch) {
    scratch.create("Users", scratch.userBody("dup"));
    Reply r = sugar.post("/Users", scratch.userBody("dup"));
    scratch.trackIfCreated("Users", r);
    assertError(
        r,
        403,
        "not_authorized",
        "The user name "
            + scratch.name("dup")
            + " already exists. Duplicate user names are not allowed. Change the user name to be"
            + " unique.");
  }

  // §7: a non-admin reading another user gets 404 (not 403); reading self works; is_admin is
  // admin-only (403); deleting users is admin-only (403).
  @Test
  void nonAdminLimits(SugarWire sugar, Scratch scratch) {
    Secret pw = password();
    ObjectNode body = scratch.userBody("plain");
    body.put("user_hash", pw.reveal());
    String self = scratch.create("Users", body).path("id").asText();
    String other = scratch.create("Users", scratch.userBody("other")).path("id").asText();
    String token = sugar.login(scratch.name("plain"), pw, sugar.target().platform()).accessToken();

    assertErrorCode(sugar.call("GET", "/Users/" + other).token(token).send(), 404, "not_found");
    assertThat(
            assertOk(sugar.call("GET", "/Users/" + self).token(token).send()).path("id").asText())
        .isEqualTo(self);

    Reply promote =
        sugar.call("PUT", "/Users/" + self).token(token).json(obj("is_admin", true)).send();
    assertError(
        promote, 403, "not_authorized", "Not allowed to edit field is_admin in module: Users");
    assertThat(assertOk(sugar.get("/Users/" + self)).path("is_admin").asBoolean()).isFalse();

    assertErrorCode(
        sugar.call("DELETE", "/Users/" + other).token(token).send(), 403, "not_authorized");

    // Non-admins may list users, but not see other users' no_access_fields.
    JsonNode list =
        assertOk(
            sugar.call("GET", "/Users?" + SugarWire.q("filter[0][id]", other)).token(token).send());
    assertThat(list.path("records")).hasSize(1);
    assertThat(list.path("records").get(0).has("user_hash")).isFalse();
  }

  // §7 / §1.2 / §1.4: an inactive user cannot log in, and their open session stops working.
  @Test
  void inactiveUserCannotLogIn(SugarWire sugar, Scratch scratch) {
    Secret pw = password();
    ObjectNode body = scratch.userBody("inactive");
    body.put("user_hash", pw.reveal());
    String id = scratch.create("Users", body).path("id").asText();
    String token =
        sugar.login(scratch.name("inactive"), pw, sugar.target().platform()).accessToken();

    assertOk(sugar.put("/Users/" + id, obj("status", "Inactive")));
    Reply login =
        sugar.token(sugar.passwordGrant(scratch.name("inactive"), pw, sugar.target().platform()));
    assertError(login, 401, "need_login", "You must specify a valid username and password.");
    assertError(
        sugar.call("GET", "/me").token(token).send(),
        401,
        "invalid_grant",
        "Your authentication token is invalid.");
  }

  // §7: a reports_to_id that closes a reporting loop (or points at the user) is 403
  // (ERR_REPORT_LOOP); the stored manager is unchanged.
  @Test
  void reportingLoopIs403(SugarWire sugar, Scratch scratch) {
    String boss = scratch.create("Users", scratch.userBody("loopboss")).path("id").asText();
    String report = scratch.create("Users", scratch.userBody("loopreport")).path("id").asText();
    assertOk(sugar.put("/Users/" + report, obj("reports_to_id", boss)));

    assertErrorCode(
        sugar.put("/Users/" + boss, obj("reports_to_id", report)), 403, "not_authorized");
    assertErrorCode(sugar.put("/Users/" + boss, obj("reports_to_id", boss)), 403, "not_authorized");
    assertThat(assertOk(sugar.get("/Users/" + boss)).path("reports_to_id").asText(""))
        .as("the refused manager is not stored")
        .isEmpty();
  }

  // §7 Delete: admin only, answers {"id": ...}.
  @Test
  void adminDeletesUser(SugarWire sugar, Scratch scratch) {
    Reply created = sugar.post("/Users", scratch.userBody("del"));
    String id = assertOk(created).path("id").asText();
    scratch.track("Users", id);
    JsonNode del = assertOk(sugar.delete("/Users/" + id));
    assertThat(del.path("id").asText()).isEqualTo(id);
    assertErrorCode(sugar.get("/Users/" + id), 404, "not_found");
  }

  // §7: non-admins may not edit user_name or status (even their own), but may edit their own
  // record's other fields.
  @Test
  void nonAdminFieldAcl(SugarWire sugar, Scratch scratch) {
    Secret pw = password();
    ObjectNode body = scratch.userBody("fieldacl");
    body.put("user_hash", pw.reveal());
    String self = scratch.create("Users", body).path("id").asText();
    String token =
        sugar.login(scratch.name("fieldacl"), pw, sugar.target().platform()).accessToken();
    for (String field : List.of("user_name", "status")) {
      Reply r =
          sugar
              .call("PUT", "/Users/" + self)
              .token(token)
              .json(obj(field, field.equals("status") ? "Inactive" : scratch.name("renamed")))
              .send();
      assertError(
          r, 403, "not_authorized", "Not allowed to edit field " + field + " in module: Users");
    }
    JsonNode own =
        assertOk(
            sugar
                .call("PUT", "/Users/" + self)
                .token(token)
                .json(obj("phone_work", "555-0100"))
                .send());
    assertThat(own.path("phone_work").asText()).isEqualTo("555-0100");
    JsonNode read = assertOk(sugar.get("/Users/" + self));
    assertThat(read.path("status").asText()).isEqualTo("Active");
    assertThat(read.path("user_name").asText()).isEqualTo(scratch.name("fieldacl"));
  }

  // §6 PUT /me/password: {"old_password","new_password"} -> {"valid":true,"message":"Password
  // updated."}; the new password then logs in.
  @Test
  void changeOwnPassword(SugarWire sugar, Scratch scratch) {
    Secret pw = password();
    Secret next = password();
    ObjectNode body = scratch.userBody("chpw");
    body.put("user_hash", pw.reveal());
    scratch.create("Users", body);
    String token = sugar.login(scratch.name("chpw"), pw, sugar.target().platform()).accessToken();
    Reply r =
        sugar
            .call("PUT", "/me/password")
            .token(token)
            .json(obj("old_password", pw.reveal(), "new_password", next.reveal()))
            .send();
    JsonNode b = assertOk(r);
    assertThat(b.path("valid").asBoolean()).as("valid").isTrue();
    assertThat(b.path("message").asText()).isEqualTo("Password updated.");
    sugar.login(scratch.name("chpw"), next, sugar.target().platform());
    assertError(
        sugar.token(sugar.passwordGrant(scratch.name("chpw"), pw, sugar.target().platform())),
        401,
        "need_login",
        "You must specify a valid username and password.");
  }
}
