package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.identity.scim.ScimHttp.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge over real HTTP in front of a sandbox, driven with the request bodies Okta and Entra ID
 * document for provisioning, and checked on the Sugar side through the client.
 */
class ScimBridgeTest {
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;

  @TempDir static Path dir;
  private static ScimBridgeFixture bridge;
  private static ScimHttp scim;

  @BeforeAll
  static void start() throws Exception {
    bridge = new ScimBridgeFixture(dir);
    scim = new ScimHttp(bridge.base(), "Bearer " + bridge.token);
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a user the way Okta's "Create User" does and returns its SCIM id. */
  private static String createUser(String userName, String externalId) {
    Answer a =
        scim.post(
            "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
             "userName":"%s","externalId":"%s",
             "name":{"givenName":"Ada","familyName":"Lovelace"},
             "emails":[{"primary":true,"value":"%s@example.com","type":"work"}],
             "phoneNumbers":[{"value":"+1 555 0100","type":"work"},{"value":"+1 555 0199","type":"mobile"}],
             "title":"Analyst","active":true,"password":"never-sent-1!",
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research"}}
            """
                .formatted(userName, externalId, userName));
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
    return a.body().get("id").asText();
  }

  private static ObjectNode sugarUser(String id) {
    return bridge.sugar.users().get(id);
  }

  private static String patchOp(String operations) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
        + operations
        + "}";
  }

  @Test
  void createMapsEveryAttributeOntoSugarAndNeverSendsThePassword() {
    String userName = unique("ada");
    String id = createUser(userName, "okta-00u1");

    ObjectNode u = sugarUser(id);
    assertThat(u.get("user_name").asText()).isEqualTo(userName);
    assertThat(u.get("first_name").asText()).isEqualTo("Ada");
    assertThat(u.get("last_name").asText()).isEqualTo("Lovelace");
    assertThat(u.get("title").asText()).isEqualTo("Analyst");
    assertThat(u.get("department").asText()).isEqualTo("Research");
    assertThat(u.get("phone_work").asText()).isEqualTo("+1 555 0100");
    assertThat(u.get("phone_mobile").asText()).isEqualTo("+1 555 0199");
    assertThat(u.get("status").asText()).isEqualTo("Active");
    assertThat(u.at("/email/0/email_address").asText()).isEqualTo(userName + "@example.com");
    assertThat(u.at("/email/0/primary_address").asBoolean()).isTrue();
    // user_hash reads back true when a password was set; the bridge never sets one.
    assertThat(u.path("user_hash").asBoolean(false)).isFalse();
    assertThat(u.toString()).doesNotContain("never-sent-1!");

    Answer got = scim.get("/Users/" + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.contentType()).startsWith("application/scim+json");
    assertThat(got.body().get("externalId").asText()).isEqualTo("okta-00u1");
    assertThat(got.body().get("password")).isNull();
    assertThat(got.body().at("/meta/location").asText()).endsWith("/Users/" + id);
    assertThat(got.body().at("/meta/created").asText()).isNotEmpty();
  }

  @Test
  void entraDeactivatesWithCapitalisedReplaceAndAStringFalse() {
    String id = createUser(unique("entra"), "aad-1");

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    assertThat(scim.get("/Users/" + id).body().get("active").asBoolean()).isFalse();
    assertThat(sugarUser(id).get("status").asText()).isEqualTo("Inactive");

    scim.patch(
        "/Users/" + id, patchOp("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
    assertThat(sugarUser(id).get("status").asText()).isEqualTo("Active");
  }

  @Test
  void oktaDeactivatesWithAValueObjectAndNoPath() {
    String id = createUser(unique("okta"), "okta-2");

    Answer a =
        scim.patch("/Users/" + id, patchOp("[{\"op\":\"replace\",\"value\":{\"active\":false}}]"));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    assertThat(sugarUser(id).get("status").asText()).isEqualTo("Inactive");

    // Asking for attributes gets 200 and the resource instead of 204 (RFC 7644 3.5.2).
    Answer withBody =
        scim.patch(
            "/Users/" + id + "?attributes=active,userName",
            patchOp("[{\"op\":\"replace\",\"value\":{\"active\":true}}]"));
    assertThat(withBody.status()).isEqualTo(200);
    assertThat(withBody.body().get("active").asBoolean()).isTrue();
    assertThat(withBody.body().get("title")).isNull();
    assertThat(withBody.body().get("id").asText()).isEqualTo(id);
  }

  @Test
  void entraReplacesTheWorkEmailThroughAValueFilterAndSetsAttributesByUrnPath() {
    String manager = createUser(unique("boss"), "aad-boss");
    String id = createUser(unique("mail"), "aad-3");

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp(
                """
                [{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new.address@example.com"},
                 {"op":"Replace","path":"name.familyName","value":"Byron"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"},
                 {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Finance"}]
                """
                    .formatted(manager)));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    ObjectNode u = sugarUser(id);
    assertThat(u.at("/email/0/email_address").asText()).isEqualTo("new.address@example.com");
    assertThat(u.get("email")).hasSize(1);
    assertThat(u.get("last_name").asText()).isEqualTo("Byron");
    assertThat(u.get("reports_to_id").asText()).isEqualTo(manager);
    assertThat(u.get("department").asText()).isEqualTo("Finance");
    assertThat(scim.get("/Users/" + id).body().get(ENTERPRISE).at("/manager/value").asText())
        .isEqualTo(manager);
  }

  @Test
  void entraSetsAWorkEmailOnAUserThatHasNone() {
    Answer created =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + unique("nomail")
                + "\"}");
    String id = created.body().get("id").asText();

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp(
                "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\","
                    + "\"value\":\"first@example.com\"}]"));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    assertThat(sugarUser(id).at("/email/0/email_address").asText()).isEqualTo("first@example.com");
  }

  @Test
  void noPathValueObjectsWithDottedAndUrnKeysAreApplied() {
    String id = createUser(unique("dotted"), "aad-4");

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp(
                """
                [{"op":"Add","value":{"name.givenName":"Augusta","title":"Countess",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Math"}}]
                """));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    ObjectNode u = sugarUser(id);
    assertThat(u.get("first_name").asText()).isEqualTo("Augusta");
    assertThat(u.get("title").asText()).isEqualTo("Countess");
    assertThat(u.get("department").asText()).isEqualTo("Math");
  }

  @Test
  void removeClearsAnAttribute() {
    String id = createUser(unique("rm"), "okta-5");

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp("[{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"]\"}]"));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);
    ObjectNode u = sugarUser(id);
    assertThat(u.path("phone_mobile").asText("")).isEmpty();
    assertThat(u.get("phone_work").asText()).isEqualTo("+1 555 0100");
  }

  @Test
  void putReplacesTheUserAndActiveFalseDeactivates() {
    String userName = unique("put");
    String id = createUser(userName, "okta-6");

    Answer a =
        scim.put(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s",
             "userName":"%s","name":{"givenName":"Grace","familyName":"Hopper"},"active":false}
            """
                .formatted(id, userName));

    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
    ObjectNode u = sugarUser(id);
    assertThat(u.get("first_name").asText()).isEqualTo("Grace");
    assertThat(u.get("status").asText()).isEqualTo("Inactive");
    assertThat(u.path("title").asText("")).isEmpty();
    assertThat(a.body().get("externalId")).isNull();
  }

  @Test
  void deleteDeactivatesAndSoftDeletes() {
    String id = createUser(unique("del"), "okta-7");

    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);

    assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
    List<ObjectNode> deleted =
        bridge
            .sugar
            .users()
            .list(
                RecordQuery.where(io.sugarbridge.client.records.Filter.field("id").equalTo(id))
                    .includingDeleted())
            .records();
    assertThat(deleted).hasSize(1);
    assertThat(deleted.get(0).get("status").asText()).isEqualTo("Inactive");
  }

  @Test
  void duplicateUserNameIsA409Uniqueness() {
    String userName = unique("dup");
    createUser(userName, "x");

    Answer a =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + userName.toUpperCase(java.util.Locale.ROOT)
                + "\"}");

    assertThat(a.status()).isEqualTo(409);
    assertThat(a.contentType()).startsWith("application/scim+json");
    assertThat(a.body().get("scimType").asText()).isEqualTo("uniqueness");
    assertThat(a.body().get("status").asText()).isEqualTo("409");
    assertThat(a.body().get("schemas").get(0).asText()).isEqualTo(ScimSchemas.ERROR);
  }

  @Test
  void filtersOnUserNameExternalIdEmailsActiveAndNameWithPaging() {
    String tag = unique("flt");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createUser(tag + "-" + i, tag + "-ext-" + i));
    }
    scim.patch(
        "/Users/" + ids.get(4), patchOp("[{\"op\":\"replace\",\"value\":{\"active\":false}}]"));

    assertThat(total("userName eq \"" + tag.toUpperCase(java.util.Locale.ROOT) + "-1\""))
        .isEqualTo(1);
    assertThat(total("externalId eq \"" + tag + "-ext-3\"")).isEqualTo(1);
    assertThat(total("userName sw \"" + tag + "\"")).isEqualTo(5);
    assertThat(total("userName sw \"" + tag + "\" and active eq true")).isEqualTo(4);
    assertThat(total("emails co \"" + tag + "-2@\"")).isEqualTo(1);
    assertThat(total("emails[type eq \"work\" and value co \"" + tag + "-0\"]")).isEqualTo(1);
    assertThat(total("userName eq \"" + tag + "-0\" or userName eq \"" + tag + "-1\""))
        .isEqualTo(2);
    assertThat(total("userName sw \"" + tag + "\" and name.familyName eq \"Lovelace\""))
        .isEqualTo(5);
    assertThat(total("userName sw \"" + tag + "\" and title pr")).isEqualTo(5);

    Answer page =
        scim.get(
            "/Users?filter=" + ScimHttp.q("userName sw \"" + tag + "\"") + "&startIndex=2&count=2");
    assertThat(page.body().get("totalResults").asInt()).isEqualTo(5);
    assertThat(page.body().get("startIndex").asInt()).isEqualTo(2);
    assertThat(page.body().get("itemsPerPage").asInt()).isEqualTo(2);
    List<String> got = new ArrayList<>();
    page.body().get("Resources").forEach(r -> got.add(r.get("id").asText()));
    Answer all = scim.get("/Users?filter=" + ScimHttp.q("userName sw \"" + tag + "\""));
    List<String> order = new ArrayList<>();
    all.body().get("Resources").forEach(r -> order.add(r.get("id").asText()));
    assertThat(order).containsExactlyInAnyOrderElementsOf(ids);
    // The order is Sugar's (date_entered, then id) and the same on every read.
    assertThat(got).containsExactly(order.get(1), order.get(2));
  }

  private static int total(String filter) {
    Answer a = scim.get("/Users?filter=" + ScimHttp.q(filter));
    assertThat(a.status()).as(filter + " -> " + a.body()).isEqualTo(200);
    return a.body().get("totalResults").asInt();
  }

  @Test
  void badFilterAndBadPatchAreSpecificSCIMErrors() {
    Answer filter = scim.get("/Users?filter=" + ScimHttp.q("userName eq"));
    assertThat(filter.status()).isEqualTo(400);
    assertThat(filter.body().get("scimType").asText()).isEqualTo("invalidFilter");

    String id = createUser(unique("bad"), "b");
    Answer op = scim.patch("/Users/" + id, patchOp("[{\"op\":\"frobnicate\",\"path\":\"title\"}]"));
    assertThat(op.status()).isEqualTo(400);
    assertThat(op.body().get("scimType").asText()).isEqualTo("invalidSyntax");

    Answer value =
        scim.patch(
            "/Users/" + id,
            patchOp("[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]"));
    assertThat(value.status()).isEqualTo(400);
    assertThat(value.body().get("scimType").asText()).isEqualTo("invalidValue");
    assertThat(value.body().get("detail").asText()).contains("active");

    Answer json = scim.post("/Users", "{not json");
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.body().get("scimType").asText()).isEqualTo("invalidSyntax");

    assertThat(scim.get("/Users/no-such-id").status()).isEqualTo(404);
    assertThat(scim.get("/Users/no-such-id").body().get("detail").asText()).contains("no-such-id");
  }

  @Test
  void requestsWithoutAnAcceptedTokenAre401() {
    Answer none = new ScimHttp(bridge.base(), null).get("/Users");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.contentType()).startsWith("application/scim+json");
    Answer wrong = new ScimHttp(bridge.base(), "Bearer sbscim_wrong").get("/Users");
    assertThat(wrong.status()).isEqualTo(401);
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(
                ("okta:" + bridge.token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(new ScimHttp(bridge.base(), "Basic " + basic).get("/Users").status()).isEqualTo(200);
  }

  @Test
  void oktaGroupPushCreatesARoleAndAddsAndRemovesMembers() {
    String alice = createUser(unique("alice"), "g1");
    String bob = createUser(unique("bob"), "g2");
    String name = unique("Sales Team");

    Answer created =
        scim.post(
            "/Groups",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s",
             "externalId":"okta-grp-1","members":[{"value":"%s","display":"alice"}]}
            """
                .formatted(name, alice));
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String group = created.body().get("id").asText();
    assertThat(roleMembers(group)).containsExactly(alice);

    // Okta: add members
    Answer add =
        scim.patch(
            "/Groups/" + group,
            patchOp(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + bob
                    + "\",\"display\":\"bob\"}]}]"));
    assertThat(add.status()).as(String.valueOf(add.body())).isEqualTo(204);
    assertThat(roleMembers(group)).containsExactlyInAnyOrder(alice, bob);

    // Okta: remove a member with a value filter
    Answer remove =
        scim.patch(
            "/Groups/" + group,
            patchOp("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + alice + "\\\"]\"}]"));
    assertThat(remove.status()).as(String.valueOf(remove.body())).isEqualTo(204);
    assertThat(roleMembers(group)).containsExactly(bob);

    // Entra: remove members with path "members" and a value list, and rename
    Answer entra =
        scim.patch(
            "/Groups/" + group,
            patchOp(
                "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + bob
                    + "\"}]},{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\""
                    + name
                    + " EMEA\"}]"));
    assertThat(entra.status()).as(String.valueOf(entra.body())).isEqualTo(204);
    assertThat(roleMembers(group)).isEmpty();
    assertThat(bridge.sugar.records().get("ACLRoles", group).get("name").asText())
        .isEqualTo(name + " EMEA");

    Answer user = scim.get("/Users/" + bob);
    assertThat(user.body().get("groups")).isEmpty();

    assertThat(total("/Groups", "displayName eq \"" + name + " EMEA\"")).isEqualTo(1);
    assertThat(total("/Groups", "externalId eq \"okta-grp-1\"")).isEqualTo(1);

    assertThat(scim.delete("/Groups/" + group).status()).isEqualTo(204);
    assertThat(scim.get("/Groups/" + group).status()).isEqualTo(404);
  }

  @Test
  void unknownMembersAndDuplicateGroupNamesAreRefused() {
    String name = unique("Ops");
    assertThat(
            scim.post(
                    "/Groups",
                    "{\"schemas\":[\""
                        + ScimSchemas.GROUP
                        + "\"],\"displayName\":\""
                        + name
                        + "\"}")
                .status())
        .isEqualTo(201);
    Answer dup =
        scim.post(
            "/Groups",
            "{\"schemas\":[\"" + ScimSchemas.GROUP + "\"],\"displayName\":\"" + name + "\"}");
    assertThat(dup.status()).isEqualTo(409);
    Answer ghost =
        scim.post(
            "/Groups",
            "{\"schemas\":[\""
                + ScimSchemas.GROUP
                + "\"],\"displayName\":\""
                + unique("x")
                + "\",\"members\":[{\"value\":\"ghost-id\"}]}");
    assertThat(ghost.status()).isEqualTo(400);
    assertThat(ghost.body().get("detail").asText()).contains("ghost-id");
  }

  private static int total(String endpoint, String filter) {
    Answer a = scim.get(endpoint + "?filter=" + ScimHttp.q(filter));
    assertThat(a.status()).as(filter + " -> " + a.body()).isEqualTo(200);
    return a.body().get("totalResults").asInt();
  }

  private static List<String> roleMembers(String roleId) {
    List<String> ids = new ArrayList<>();
    bridge
        .sugar
        .records()
        .related("ACLRoles", roleId, "users", RecordQuery.all().withPageSize(100))
        .records()
        .forEach(u -> ids.add(u.get("id").asText()));
    return ids;
  }

  @Test
  void discoveryEndpointsDescribeTheBridge() {
    Answer spc = scim.get("/ServiceProviderConfig");
    assertThat(spc.status()).isEqualTo(200);
    assertThat(spc.body().at("/patch/supported").asBoolean()).isTrue();
    assertThat(spc.body().at("/etag/supported").asBoolean()).isFalse();
    assertThat(spc.body().at("/bulk/supported").asBoolean()).isFalse();

    Answer types = scim.get("/ResourceTypes");
    List<String> names = new ArrayList<>();
    types.body().get("Resources").forEach(t -> names.add(t.get("name").asText()));
    assertThat(names).containsExactly("User", "Group");

    Answer schemas = scim.get("/Schemas");
    List<String> ids = new ArrayList<>();
    schemas.body().get("Resources").forEach(s -> ids.add(s.get("id").asText()));
    assertThat(ids).contains(ScimSchemas.USER, ScimSchemas.GROUP, ScimSchemas.ENTERPRISE_USER);
    JsonNode user = scim.get("/Schemas/" + ScimSchemas.USER).body();
    assertThat(user.get("attributes").toString()).contains("userName", "emails", "active");
  }
}
