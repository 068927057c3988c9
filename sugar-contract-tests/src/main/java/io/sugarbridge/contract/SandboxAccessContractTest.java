package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorStartsWith;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.Secret;
import io.sugarbridge.contract.support.SugarWire;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access for a non-admin user with read-only access to Accounts (§3.1 create ACL 403, §1.6 sudo
 * admin-only, §7 Users deletion admin-only): reads work, writes in the read-only module are 403
 * {@code not_authorized}, other modules stay writable.
 */
@ContractTest
@SandboxOnly("needs a non-admin user with read-only module access, made by the sandbox")
class SandboxAccessContractTest {
  static String userName;
  static Secret password;
  static String token;

  @BeforeAll
  static void createReadOnlyUser(SugarWire sugar, Scratch scratch) {
    userName = scratch.name("readonly");
    password = Secret.of("Sbct-" + UUID.randomUUID());
    String id =
        sugar
            .target()
            .sandbox()
            .createUser(userName, password.reveal(), false, List.of("Accounts"));
    scratch.track("Users", id);
  }

  private static String token(SugarWire sugar) {
    if (token == null) {
      token = sugar.login(userName, password, sugar.target().platform()).accessToken();
    }
    return token;
  }

  @Test
  void readOnlyModuleRefusesWrites(SugarWire sugar, Scratch scratch) {
    JsonNode account = scratch.create("Accounts", obj("name", scratch.name("ro-target")));
    String id = account.path("id").asText();
    String t = token(sugar);

    assertOk(sugar.call("GET", "/Accounts/" + id).token(t).send());
    assertOk(sugar.call("GET", "/Accounts?max_num=1").token(t).send());

    Reply create =
        sugar.call("POST", "/Accounts").token(t).json(obj("name", scratch.name("ro-new"))).send();
    scratch.trackIfCreated("Accounts", create);
    assertErrorStartsWith(
        create, 403, "not_authorized", "You are not authorized to create Accounts.");

    Reply edit =
        sugar.call("PUT", "/Accounts/" + id).token(t).json(obj("description", "nope")).send();
    assertErrorCode(edit, 403, "not_authorized");
    Reply delete = sugar.call("DELETE", "/Accounts/" + id).token(t).send();
    assertErrorCode(delete, 403, "not_authorized");
    JsonNode after = assertOk(sugar.get("/Accounts/" + id));
    assertThat(after.path("description").asText()).isNotEqualTo("nope");

    Reply contact =
        sugar.call("POST", "/Contacts").token(t).json(obj("last_name", scratch.name("rw"))).send();
    JsonNode c = assertOk(contact);
    scratch.track("Contacts", c.path("id").asText());
  }

  // §1.6 sudo is admin only: 403 not_authorized otherwise.
  @Test
  void sudoIsAdminOnly(SugarWire sugar) {
    Reply r =
        sugar
            .call("POST", "/oauth2/sudo/" + sugar.target().username())
            .token(token(sugar))
            .json(obj("client_id", "sugar", "platform", sugar.target().platform()))
            .send();
    assertErrorCode(r, 403, "not_authorized");
  }

  // §7 /me of a non-admin says type user.
  @Test
  void meSaysUser(SugarWire sugar) {
    JsonNode me = assertOk(sugar.call("GET", "/me").token(token(sugar)).send());
    assertThat(me.path("current_user").path("type").asText()).isEqualTo("user");
    assertThat(me.path("current_user").path("user_name").asText()).isEqualTo(userName);
  }

  // The sandbox's fault switchboard is admin-only.
  @Test
  void faultEndpointIsAdminOnly(SugarWire sugar) {
    Reply r = sugar.raw("GET", "/rest/_sandbox/faults").token(token(sugar)).send();
    assertErrorCode(r, 403, "not_authorized");
  }
}
