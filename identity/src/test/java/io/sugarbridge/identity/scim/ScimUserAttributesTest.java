package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The User attributes beyond the first mapping, over real HTTP in front of a sandbox: the work
 * address, preferredLanguage and home/other/fax phones round-trip through Sugar's own fields, and
 * the attributes Sugar has no field for (displayName, nickName, userType, email types, enterprise
 * employeeNumber...) through the bridge's state file, which forgets them when the user is deleted.
 */
class ScimUserAttributesTest {
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

  private static String patchOp(String operations) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
        + operations
        + "}";
  }

  /** A user with every newly mapped attribute, as Okta's full profile push sends it. */
  private static String fullUser(String userName) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"%1$s","displayName":"Dr. Grace H.","nickName":"Amazing Grace",
         "userType":"Employee","preferredLanguage":"de-DE","locale":"de-DE",
         "timezone":"Europe/Berlin",
         "name":{"givenName":"Grace","familyName":"Hopper","honorificPrefix":"Dr.",
                 "honorificSuffix":"PhD","middleName":"Brewster"},
         "emails":[{"value":"%1$s@work.example.com","type":"work","primary":true},
                   {"value":"%1$s@home.example.com","type":"home"}],
         "phoneNumbers":[{"value":"+1 555 0100","type":"work"},
                         {"value":"+1 555 0101","type":"home"},
                         {"value":"+1 555 0102","type":"other"},
                         {"value":"+1 555 0103","type":"fax"}],
         "addresses":[{"type":"work","streetAddress":"1 Navy Way","locality":"Arlington",
                       "region":"VA","postalCode":"22202","country":"US","primary":true},
                      {"type":"home","locality":"New York","country":"US"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
           {"department":"Research","employeeNumber":"E-1906","costCenter":"CC-7",
            "organization":"Navy","division":"Computing"}}
        """
        .formatted(userName);
  }

  private static String create(String body) {
    Answer a = scim.post("/Users", body);
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(201);
    return a.body().get("id").asText();
  }

  @Test
  void addressPhonesAndLanguageAreStoredInSugarsOwnFieldsAndReadBack() {
    String userName = unique("grace");
    String id = create(fullUser(userName));

    ObjectNode u = bridge.sugar.users().get(id);
    assertThat(u.get("address_street").asText()).isEqualTo("1 Navy Way");
    assertThat(u.get("address_city").asText()).isEqualTo("Arlington");
    assertThat(u.get("address_state").asText()).isEqualTo("VA");
    assertThat(u.get("address_postalcode").asText()).isEqualTo("22202");
    assertThat(u.get("address_country").asText()).isEqualTo("US");
    assertThat(u.get("preferred_language").asText()).isEqualTo("de_DE");
    assertThat(u.get("phone_work").asText()).isEqualTo("+1 555 0100");
    assertThat(u.get("phone_home").asText()).isEqualTo("+1 555 0101");
    assertThat(u.get("phone_other").asText()).isEqualTo("+1 555 0102");
    assertThat(u.get("phone_fax").asText()).isEqualTo("+1 555 0103");

    JsonNode got = scim.get("/Users/" + id).body();
    assertThat(got.get("preferredLanguage").asText()).isEqualTo("de-DE");
    assertThat(phone(got, "home")).isEqualTo("+1 555 0101");
    assertThat(phone(got, "fax")).isEqualTo("+1 555 0103");
    JsonNode work = address(got, "work");
    assertThat(work.get("streetAddress").asText()).isEqualTo("1 Navy Way");
    assertThat(work.get("locality").asText()).isEqualTo("Arlington");
    assertThat(work.get("postalCode").asText()).isEqualTo("22202");
    // Sugar has one address: the home one is kept by the bridge.
    assertThat(address(got, "home").get("locality").asText()).isEqualTo("New York");
  }

  @Test
  void attributesSugarHasNoFieldForAreKeptByTheBridgeAndReadBack() {
    String userName = unique("hopper");
    String id = create(fullUser(userName));

    JsonNode got = scim.get("/Users/" + id).body();
    assertThat(got.get("displayName").asText()).isEqualTo("Dr. Grace H.");
    assertThat(got.get("nickName").asText()).isEqualTo("Amazing Grace");
    assertThat(got.get("userType").asText()).isEqualTo("Employee");
    assertThat(got.get("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(got.at("/name/honorificPrefix").asText()).isEqualTo("Dr.");
    assertThat(got.at("/name/honorificSuffix").asText()).isEqualTo("PhD");
    assertThat(got.at("/name/middleName").asText()).isEqualTo("Brewster");
    assertThat(email(got, userName + "@home.example.com").get("type").asText()).isEqualTo("home");
    assertThat(email(got, userName + "@work.example.com").get("type").asText()).isEqualTo("work");
    JsonNode ent = got.get(ENTERPRISE);
    assertThat(ent.get("employeeNumber").asText()).isEqualTo("E-1906");
    assertThat(ent.get("costCenter").asText()).isEqualTo("CC-7");
    assertThat(ent.get("organization").asText()).isEqualTo("Navy");
    assertThat(ent.get("division").asText()).isEqualTo("Computing");
    assertThat(ent.get("department").asText()).isEqualTo("Research");
    // None of them went to Sugar: the state file is where they live.
    assertThat(bridge.sugar.users().get(id).toString()).doesNotContain("E-1906", "Amazing Grace");
    assertThat(bridge.externalIds.attributes(UserRepository.RESOURCE, id)).contains("E-1906");

    // A list reads them too, and filters on them.
    Answer listed =
        scim.get(
            "/Users?filter="
                + ScimHttp.q(
                    ENTERPRISE
                        + ":employeeNumber eq \"E-1906\" and userName eq \""
                        + userName
                        + "\""));
    assertThat(listed.body().get("totalResults").asInt()).isEqualTo(1);
    assertThat(listed.body().at("/Resources/0/nickName").asText()).isEqualTo("Amazing Grace");
  }

  @Test
  void patchWithValueFiltersChangesTheAddressPhonesEmailTypesAndKeptAttributes() {
    String userName = unique("patch");
    String id = create(fullUser(userName));

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp(
                """
                [{"op":"Replace","path":"addresses[type eq \\"work\\"].locality","value":"Norfolk"},
                 {"op":"replace","path":"addresses[type eq \\"work\\"].postalCode","value":"23501"},
                 {"op":"replace","path":"phoneNumbers[type eq \\"fax\\"].value","value":"+1 555 0999"},
                 {"op":"remove","path":"phoneNumbers[type eq \\"other\\"]"},
                 {"op":"replace","path":"emails[type eq \\"home\\"].type","value":"other"},
                 {"op":"replace","path":"preferredLanguage","value":"en-US"},
                 {"op":"replace","path":"userType","value":"Contractor"},
                 {"op":"remove","path":"nickName"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter","value":"CC-9"}]
                """));
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);

    ObjectNode u = bridge.sugar.users().get(id);
    assertThat(u.get("address_city").asText()).isEqualTo("Norfolk");
    assertThat(u.get("address_postalcode").asText()).isEqualTo("23501");
    assertThat(u.get("address_street").asText()).isEqualTo("1 Navy Way");
    assertThat(u.get("phone_fax").asText()).isEqualTo("+1 555 0999");
    assertThat(u.path("phone_other").asText("")).isEmpty();
    assertThat(u.get("preferred_language").asText()).isEqualTo("en_us");

    JsonNode got = scim.get("/Users/" + id).body();
    assertThat(address(got, "work").get("locality").asText()).isEqualTo("Norfolk");
    assertThat(phone(got, "other")).isNull();
    assertThat(got.get("preferredLanguage").asText()).isEqualTo("en-US");
    assertThat(email(got, userName + "@home.example.com").get("type").asText()).isEqualTo("other");
    assertThat(got.get("userType").asText()).isEqualTo("Contractor");
    assertThat(got.get("nickName")).isNull();
    assertThat(got.get(ENTERPRISE).get("costCenter").asText()).isEqualTo("CC-9");
    assertThat(got.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("E-1906");
  }

  @Test
  void aFilteredReplaceWithAListOfOneValueReplacesThatValue() {
    String userName = unique("list");
    String id = create(fullUser(userName));

    Answer a =
        scim.patch(
            "/Users/" + id,
            patchOp(
                """
                [{"op":"replace","path":"emails[type eq \\"home\\"]",
                  "value":[{"value":"%s@new.example.com","type":"home","primary":true}]}]
                """
                    .formatted(userName)));
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(204);

    JsonNode got = scim.get("/Users/" + id).body();
    assertThat(got.get("emails")).hasSize(2);
    assertThat(email(got, userName + "@new.example.com").get("primary").asBoolean()).isTrue();
    assertThat(email(got, userName + "@new.example.com").get("type").asText()).isEqualTo("home");
    assertThat(email(got, userName + "@work.example.com").get("type").asText()).isEqualTo("work");
    assertThat(bridge.sugar.users().get(id).at("/email/0/email_address").asText())
        .isEqualTo(userName + "@new.example.com");
  }

  @Test
  void putClearsWhatTheBodyLeavesOutInSugarAndInTheBridge() {
    String userName = unique("put");
    String id = create(fullUser(userName));

    Answer a =
        scim.put(
            "/Users/" + id,
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
             "phoneNumbers":[{"value":"+1 555 0200","type":"home"}]}
            """
                .formatted(userName));
    assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);

    ObjectNode u = bridge.sugar.users().get(id);
    assertThat(u.get("phone_home").asText()).isEqualTo("+1 555 0200");
    assertThat(u.path("phone_work").asText("")).isEmpty();
    assertThat(u.path("address_city").asText("")).isEmpty();
    assertThat(u.path("preferred_language").asText("")).isEmpty();
    JsonNode got = a.body();
    assertThat(got.get("addresses")).isNull();
    assertThat(got.get("nickName")).isNull();
    assertThat(got.get("userType")).isNull();
    assertThat(got.path(ENTERPRISE).get("employeeNumber")).isNull();
    // With no displayName of its own, the user's displayName is Sugar's full name again.
    assertThat(got.path("displayName").asText("")).isNotEqualTo("Dr. Grace H.");
  }

  @Test
  void deletingAUserRemovesWhatTheBridgeKeptForIt() {
    String id = create(fullUser(unique("gone")));
    assertThat(bridge.externalIds.attributes(UserRepository.RESOURCE, id)).isNotNull();

    assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);

    assertThat(bridge.externalIds.attributes(UserRepository.RESOURCE, id)).isNull();
    assertThat(bridge.externalIds.allAttributes(UserRepository.RESOURCE)).doesNotContainKey(id);
  }

  @Test
  void wrongTypesAndTooLongValuesAre400NamingTheAttribute() {
    String id = create(fullUser(unique("bad")));

    Answer notString =
        scim.patch(
            "/Users/" + id, patchOp("[{\"op\":\"replace\",\"path\":\"userType\",\"value\":true}]"));
    assertThat(notString.status()).isEqualTo(400);
    assertThat(notString.body().get("scimType").asText()).isEqualTo("invalidValue");
    assertThat(notString.body().get("detail").asText()).contains("userType");

    Answer tooLong =
        scim.patch(
            "/Users/" + id,
            patchOp(
                "[{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"].postalCode\","
                    + "\"value\":\""
                    + "9".repeat(21)
                    + "\"}]"));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().get("detail").asText()).contains("postalCode", "20");
    assertThat(bridge.sugar.users().get(id).get("address_postalcode").asText()).isEqualTo("22202");
  }

  @Test
  void usersWrittenOutsideTheBridgeStillReadTheirPrimaryEmailAsWork() {
    // existing1 was made directly in Sugar by the fixture, so the bridge kept nothing for it.
    Answer listed = scim.get("/Users?filter=" + ScimHttp.q("userName eq \"existing1\""));
    JsonNode user = listed.body().at("/Resources/0");
    assertThat(user.at("/emails/0/type").asText()).isEqualTo("work");
    assertThat(user.get("nickName")).isNull();
  }

  @Test
  void theUserSchemaAdvertisesTheNewAttributesAndSaysWhichTheBridgeKeeps() {
    JsonNode user = scim.get("/Schemas/" + ScimSchemas.USER).body();
    List<String> names = new ArrayList<>();
    user.get("attributes").forEach(a -> names.add(a.get("name").asText()));
    assertThat(names)
        .contains("addresses", "preferredLanguage", "nickName", "userType", "displayName");
    for (JsonNode a : user.get("attributes")) {
      if (a.get("name").asText().equals("nickName")) {
        assertThat(a.get("description").asText()).contains("not in Sugar");
      }
      if (a.get("name").asText().equals("phoneNumbers")) {
        assertThat(a.toString()).contains("home", "other", "fax");
      }
    }
    JsonNode enterprise = scim.get("/Schemas/" + ENTERPRISE).body();
    assertThat(enterprise.get("attributes").toString())
        .contains("employeeNumber", "costCenter", "organization", "division");
  }

  private static String phone(JsonNode user, String type) {
    for (JsonNode p : user.path("phoneNumbers")) {
      if (p.path("type").asText().equals(type)) {
        return p.get("value").asText();
      }
    }
    return null;
  }

  private static JsonNode address(JsonNode user, String type) {
    for (JsonNode a : user.path("addresses")) {
      if (a.path("type").asText().equals(type)) {
        return a;
      }
    }
    throw new AssertionError("no " + type + " address in " + user);
  }

  private static JsonNode email(JsonNode user, String value) {
    for (JsonNode e : user.path("emails")) {
      if (e.path("value").asText().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new AssertionError("no email " + value + " in " + user);
  }
}
