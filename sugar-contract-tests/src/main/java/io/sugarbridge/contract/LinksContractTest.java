package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Json;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.contract.support.WritesUsers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * §5 Links and relationships: link, list, count, bulk link, unlink, create-related, their errors,
 * {@code avoid_response}, and the Users-to-roles link named {@code aclroles}.
 */
@ContractTest
class LinksContractTest {

  static String id(JsonNode rec) {
    return rec.path("id").asText();
  }

  // §5: link one, list, count, bulk link, unlink.
  @Test
  void linkListCountBulkLinkUnlink(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("links"))));
    String c1 = id(scratch.create("Contacts", obj("last_name", scratch.name("c1"))));
    String c2 = id(scratch.create("Contacts", obj("last_name", scratch.name("c2"))));
    String c3 = id(scratch.create("Contacts", obj("last_name", scratch.name("c3"))));
    String base = "/Accounts/" + account + "/link/contacts";

    Reply linked = sugar.post(base + "/" + c1, obj());
    JsonNode l = assertOk(linked);
    assertThat(l.path("record").path("id").asText()).isEqualTo(account);
    assertThat(l.path("related_record").path("id").asText()).isEqualTo(c1);
    assertThat(l.path("related_record").path("_module").asText()).isEqualTo("Contacts");

    JsonNode list = assertOk(sugar.get(base));
    assertThat(list.path("next_offset").asInt()).isEqualTo(-1);
    assertThat(Json.ids(list)).containsExactly(c1);
    assertThat(assertOk(sugar.get(base + "/count")).path("record_count").asInt()).isEqualTo(1);

    Reply bulk =
        sugar.post(
            "/Accounts/" + account + "/link",
            obj("link_name", "contacts", "ids", List.of(c2, obj("id", c3))));
    JsonNode b = assertOk(bulk);
    assertThat(b.path("record").path("id").asText()).isEqualTo(account);
    assertThat(b.path("related_records")).hasSize(2);
    assertThat(Json.ids(obj("records", b.path("related_records"))))
        .containsExactlyInAnyOrder(c2, c3);

    assertThat(Json.ids(assertOk(sugar.get(base + "?max_num=100"))))
        .containsExactlyInAnyOrder(c1, c2, c3);
    JsonNode page = assertOk(sugar.get(base + "?max_num=2"));
    assertThat(page.path("records")).hasSize(2);
    assertThat(page.path("next_offset").asInt()).isEqualTo(2);
    assertThat(assertOk(sugar.get(base + "/count")).path("record_count").asInt()).isEqualTo(3);
    JsonNode filtered =
        assertOk(
            sugar.get(base + "/filter?" + SugarWire.q("filter[0][last_name]", scratch.name("c2"))));
    assertThat(Json.ids(filtered)).containsExactly(c2);
    JsonNode one = assertOk(sugar.get(base + "/" + c3));
    assertThat(one.path("id").asText()).isEqualTo(c3);

    Reply unlinked = sugar.delete(base + "/" + c1);
    JsonNode u = assertOk(unlinked);
    assertThat(u.path("record").path("id").asText()).isEqualTo(account);
    assertThat(u.path("related_record").path("id").asText()).isEqualTo(c1);
    assertThat(assertOk(sugar.get(base + "/count")).path("record_count").asInt()).isEqualTo(2);
    // Unlinking removes the relationship, not the record.
    assertOk(sugar.get("/Contacts/" + c1));
  }

  // §5: POST /{m}/{id}/link/{link} with fields creates a related record.
  @Test
  void createRelatedRecord(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("create-rel"))));
    Reply r =
        sugar.post(
            "/Accounts/" + account + "/link/contacts", obj("last_name", scratch.name("new-rel")));
    JsonNode b = assertOk(r);
    String contact = b.path("related_record").path("id").asText();
    scratch.track("Contacts", contact);
    assertThat(b.path("record").path("id").asText()).isEqualTo(account);
    assertThat(b.path("related_record").path("last_name").asText())
        .isEqualTo(scratch.name("new-rel"));
    assertThat(Json.ids(assertOk(sugar.get("/Accounts/" + account + "/link/contacts"))))
        .containsExactly(contact);
  }

  // §5: avoid_response=true makes link, unlink and bulk link answer [].
  @Test
  void avoidResponse(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("avoid"))));
    String c1 = id(scratch.create("Contacts", obj("last_name", scratch.name("avoid-c1"))));
    String c2 = id(scratch.create("Contacts", obj("last_name", scratch.name("avoid-c2"))));
    String base = "/Accounts/" + account + "/link";
    JsonNode link = assertOk(sugar.post(base + "/contacts/" + c1, obj("avoid_response", true)));
    assertThat(link.isArray() && link.isEmpty()).as("link answer %s", link).isTrue();
    JsonNode bulk =
        assertOk(
            sugar.post(
                base, obj("link_name", "contacts", "ids", List.of(c2), "avoid_response", true)));
    assertThat(bulk.isArray() && bulk.isEmpty()).as("bulk link answer %s", bulk).isTrue();
    JsonNode unlink =
        assertOk(sugar.call("DELETE", base + "/contacts/" + c1 + "?avoid_response=true").send());
    assertThat(unlink.isArray() && unlink.isEmpty()).as("unlink answer %s", unlink).isTrue();
  }

  // §5 Errors.
  @Test
  void unknownLinkIs404(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("bad-link"))));
    assertError(
        sugar.get("/Accounts/" + account + "/link/sbct_nope"),
        404,
        "not_found",
        "Could not find a relationship named: sbct_nope");
  }

  @Test
  void missingRemoteRecordIs404(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("no-remote"))));
    assertError(
        sugar.post("/Accounts/" + account + "/link/contacts/" + UUID.randomUUID(), obj()),
        404,
        "not_found",
        "Could not find the related bean");
  }

  @Test
  void bulkLinkIdsMustBeAnArray(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("ids-string"))));
    Reply r =
        sugar.post("/Accounts/" + account + "/link", obj("link_name", "contacts", "ids", "abc"));
    assertErrorMessage(r, 422, "Related record IDs must be array, string given");
  }

  @Test
  void bulkLinkObjectNeedsId(SugarWire sugar, Scratch scratch) {
    String account = id(scratch.create("Accounts", obj("name", scratch.name("ids-noid"))));
    Reply r =
        sugar.post(
            "/Accounts/" + account + "/link",
            obj("link_name", "contacts", "ids", List.of(obj("contact_role", "x"))));
    assertErrorMessage(r, 422, "Related record ID is not specified in array notation");
  }

  // §5 Users <-> Roles: the link on Users is aclroles, not roles.
  @Test
  void usersRolesLinkIsAclroles(SugarWire sugar) {
    String me = sugar.userId();
    JsonNode roles = assertOk(sugar.get("/Users/" + me + "/link/aclroles"));
    assertThat(roles.path("records").isArray()).isTrue();
    assertThat(roles.has("next_offset")).isTrue();
    assertError(
        sugar.get("/Users/" + me + "/link/roles"),
        404,
        "not_found",
        "Could not find a relationship named: roles");
  }

  // §5: POST /Users/{id}/link/aclroles/{role_id}; the reverse link on ACLRoles is users.
  @Test
  @WritesUsers
  void linkRoleToUser(SugarWire sugar, Scratch scratch) {
    assumeTrue(sugar.isAdmin(), "managing users and roles needs an administrator");
    String role =
        id(
            scratch.create(
                "ACLRoles", obj("name", scratch.name("role"), "description", "contract test")));
    String user = id(scratch.create("Users", scratch.userBody("roleuser")));
    JsonNode r = assertOk(sugar.post("/Users/" + user + "/link/aclroles/" + role, obj()));
    assertThat(r.path("record").path("id").asText()).isEqualTo(user);
    assertThat(r.path("related_record").path("id").asText()).isEqualTo(role);
    assertThat(Json.ids(assertOk(sugar.get("/Users/" + user + "/link/aclroles"))))
        .containsExactly(role);
    assertThat(Json.ids(assertOk(sugar.get("/ACLRoles/" + role + "/link/users"))))
        .containsExactly(user);
  }

  // §3.1 Link fields in the create body: add existing ids and create new related records; update
  // also takes delete.
  @Test
  void linkFieldInCreateAndUpdateBody(SugarWire sugar, Scratch scratch) {
    String c1 = id(scratch.create("Contacts", obj("last_name", scratch.name("lf-c1"))));
    JsonNode account =
        scratch.create(
            "Accounts",
            obj(
                "name",
                scratch.name("link-field"),
                "contacts",
                obj(
                    "add",
                    List.of(c1),
                    "create",
                    List.of(obj("last_name", scratch.name("lf-new"))))));
    String a = id(account);
    JsonNode linked = assertOk(sugar.get("/Accounts/" + a + "/link/contacts?max_num=10"));
    List<String> ids = Json.ids(linked);
    ids.stream().filter(x -> !x.equals(c1)).forEach(x -> scratch.track("Contacts", x));
    assertThat(ids).hasSize(2).contains(c1);
    assertThat(Json.values(linked, "last_name"))
        .containsExactlyInAnyOrder(scratch.name("lf-c1"), scratch.name("lf-new"));

    assertOk(sugar.put("/Accounts/" + a, obj("contacts", obj("delete", List.of(c1)))));
    assertThat(Json.ids(assertOk(sugar.get("/Accounts/" + a + "/link/contacts"))))
        .doesNotContain(c1)
        .hasSize(1);
  }

  // §3.5 Related fields: "link_name.field" filters on the related record.
  @Test
  void filterOnRelatedField(SugarWire sugar, Scratch scratch) {
    String accountName = scratch.name("rel-filter");
    String a = id(scratch.create("Accounts", obj("name", accountName)));
    String c1 = id(scratch.create("Contacts", obj("last_name", scratch.name("rel-in"))));
    scratch.create("Contacts", obj("last_name", scratch.name("rel-out")));
    assertOk(sugar.post("/Accounts/" + a + "/link/contacts/" + c1, obj()));
    JsonNode found =
        assertOk(
            sugar.post(
                "/Contacts/filter",
                obj(
                    "filter",
                    List.of(
                        obj("last_name", obj("$starts", scratch.name("rel-"))),
                        obj("accounts.name", accountName)))));
    assertThat(Json.ids(found)).containsExactly(c1);
  }

  // §5 leancount (v11.4+): a count capped by max_num, plus has_more.
  @Test
  void leanCount(SugarWire sugar, Scratch scratch) {
    assumeTrue(sugar.target().atLeast(11, 4), "leancount needs v11_4+");
    String account = id(scratch.create("Accounts", obj("name", scratch.name("lean"))));
    List<Object> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(id(scratch.create("Contacts", obj("last_name", scratch.name("lean-" + i)))));
    }
    assertOk(
        sugar.post("/Accounts/" + account + "/link", obj("link_name", "contacts", "ids", ids)));
    String base = "/Accounts/" + account + "/link/contacts/leancount";
    JsonNode capped = assertOk(sugar.get(base + "?max_num=2"));
    assertThat(capped.path("has_more").asBoolean()).as("%s", capped).isTrue();
    JsonNode all = assertOk(sugar.get(base + "?max_num=10"));
    assertThat(all.path("has_more").asBoolean()).as("%s", all).isFalse();
  }
}
