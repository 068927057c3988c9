package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Both directions of the user mapping give what the hand-written mapping gave before the attribute
 * table drove it: a full SCIM user, a bare one and a Sugar user not written by the bridge, each
 * through toSugar, bridgeOnly, changes and toScim. The expected JSON was captured from the
 * hand-written version; values are compared as JSON (member order inside an object aside).
 */
class ScimUserMappingGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOLDEN = "/scim/user-mapping-before-attribute-table.json";
  private static final String BASE = "https://scim.example.com/scim/v2";

  private static final String FULL_SCIM =
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "externalId":"ext-1","userName":" ada ","password":"never-1",
       "name":{"givenName":"Ada","familyName":"Lovelace","formatted":"Lady Ada",
               "middleName":"A.","honorificPrefix":"Lady","honorificSuffix":"FRS"},
       "displayName":"Ada L.","nickName":"ada","userType":"Employee",
       "profileUrl":"https://example.com/ada","locale":"en-GB","timezone":"Europe/London",
       "title":"Analyst","preferredLanguage":"de-de","active":"False",
       "emails":[{"value":"a@x.com","type":"home"},{"value":"A2@x.com","type":"work",
                  "primary":true},{"value":"a@x.com"}],
       "phoneNumbers":[{"value":"1","type":"work"},{"value":"2","type":"Mobile"},
                       {"value":"3","type":"pager"},{"value":"4","type":"fax"}],
       "addresses":[{"type":"home","locality":"Marylebone"},
                    {"type":"work","streetAddress":"1 St","locality":"London","region":"LDN",
                     "postalCode":"W1","country":"UK","formatted":"ignored"}],
       "ims":[{"value":"ada-im"}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{
         "employeeNumber":"E1","costCenter":"C1","organization":"O1","division":"D1",
         "department":"Math","manager":{"value":"m1"}}}
      """;

  private static final String BARE_SCIM =
      """
      {"userName":"bob","emails":[],"phoneNumbers":[{"value":"555"}],
       "addresses":[{"streetAddress":"Lone St"}],"preferredLanguage":"en-US",
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"m2"}}
      """;

  private static final String SUGAR_USER =
      """
      {"id":"u1","user_name":"carol","first_name":"Carol","last_name":"King","full_name":"Carol King",
       "title":"CTO","department":"R&D","phone_work":"10","phone_mobile":"","phone_home":"12",
       "phone_other":null,"phone_fax":"14","address_street":"2 Rd","address_city":"Paris",
       "address_state":"","address_postalcode":"75","address_country":"FR",
       "preferred_language":"en_us","status":"Inactive","reports_to_id":"m3",
       "reports_to_name":"Max","date_entered":"2024-01-01T00:00:00+00:00",
       "date_modified":"2024-02-01T00:00:00+00:00",
       "email":[{"email_address":"c2@x.com","primary_address":false},
                {"email_address":"c1@x.com","primary_address":true},{"email_address":""}]}
      """;

  private static ObjectNode read(String json) throws IOException {
    return (ObjectNode) JSON.readTree(json);
  }

  private static ObjectNode outcomes() throws IOException {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode sugar = read(SUGAR_USER);
    for (var e : java.util.Map.of("full", FULL_SCIM, "bare", BARE_SCIM).entrySet()) {
      ObjectNode scim = read(e.getValue());
      ObjectNode o = out.putObject(e.getKey());
      ObjectNode fields = ScimUserMapping.toSugar(scim);
      o.set("toSugar", fields);
      ObjectNode computed = ScimUserMapping.toScim(sugar, null, BASE);
      JsonNode kept = ScimUserMapping.bridgeOnly(scim, computed);
      o.set("bridgeOnly", kept);
      o.set("changes", ScimUserMapping.changes(sugar, fields));
      o.set("toScimWithKept", ScimUserMapping.toScim(sugar, "ext-9", kept, BASE));
    }
    out.set("sugarUser", ScimUserMapping.toScim(sugar, null, BASE));
    ObjectNode minimal = read("{\"id\":\"u2\",\"user_name\":\"dan\",\"status\":\"Active\"}");
    out.set("minimalSugarUser", ScimUserMapping.toScim(minimal, null, null, BASE));
    return out;
  }

  @Test
  void theMappingGivesWhatTheHandWrittenMappingGave() throws IOException {
    ObjectNode actual = outcomes();
    if (Boolean.getBoolean("sugarbridge.golden.write")) {
      Files.writeString(
          Path.of("src/test/resources" + GOLDEN),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n",
          StandardCharsets.UTF_8);
    }
    JsonNode expected;
    try (InputStream in = ScimUserMappingGoldenTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("the captured mapping %s", GOLDEN).isNotNull();
      expected = JSON.readTree(in);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
