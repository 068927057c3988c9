package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** PATCH bodies in the shapes identity providers send, applied to a SCIM user's JSON. */
class ScimPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;

  private static ObjectNode user() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"ada",
             "active":true,"name":{"givenName":"Ada","familyName":"Lovelace"},
             "emails":[{"value":"ada@example.com","type":"work","primary":true}]}
            """);
  }

  private static ObjectNode patch(ObjectNode resource, String operations) throws Exception {
    JsonNode body =
        JSON.readTree(
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + operations
                + "}");
    return ScimPatch.apply(resource, ScimPatch.normalise(body, ScimAttributes.USER));
  }

  @Test
  void thePasswordIsNeverAmongTheSugarFields() throws Exception {
    ObjectNode body = user();
    body.put("password", "never-sent-2!");
    ObjectNode fields = ScimUserMapping.toSugar(body);
    assertThat(fields.toString()).doesNotContain("never-sent-2!");
    assertThat(fields.has("user_hash")).isFalse();
  }

  @Test
  void capitalisedOpAndStringBooleans() throws Exception {
    ObjectNode out =
        patch(user(), "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
    assertThat(out.get("active").isBoolean()).isTrue();
    assertThat(out.get("active").asBoolean()).isFalse();
  }

  @Test
  void noPathValueObjectWithDottedAndUrnKeys() throws Exception {
    ObjectNode out =
        patch(
            user(),
            "[{\"op\":\"add\",\"value\":{\"active\":false,\"name.familyName\":\"Byron\",\""
                + ENTERPRISE
                + ":department\":\"Math\",\""
                + ENTERPRISE
                + "\":{\"manager\":\"m1\"}}}]");
    assertThat(out.get("active").asBoolean()).isFalse();
    assertThat(out.at("/name/familyName").asText()).isEqualTo("Byron");
    assertThat(out.get(ENTERPRISE).get("department").asText()).isEqualTo("Math");
    assertThat(out.get(ENTERPRISE).at("/manager/value").asText()).isEqualTo("m1");
  }

  @Test
  void replaceByValueFilterAddsWhenNothingMatches() throws Exception {
    ObjectNode noEmail = user();
    noEmail.remove("emails");
    ObjectNode out =
        patch(
            noEmail,
            "[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"x@y.z\"}]");
    assertThat(out.at("/emails/0/value").asText()).isEqualTo("x@y.z");
    assertThat(out.at("/emails/0/type").asText()).isEqualTo("work");
  }

  @Test
  void malformedBodiesAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> patch(user(), "[]"))
        .isInstanceOf(ScimException.class)
        .hasMessageContaining("Operations");
    assertThatThrownBy(() -> patch(user(), "[{\"op\":\"merge\",\"path\":\"title\",\"value\":1}]"))
        .isInstanceOf(ScimException.class)
        .hasMessageContaining("add, replace or remove");
    assertThatThrownBy(() -> patch(user(), "[{\"op\":\"remove\"}]"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
    assertThatThrownBy(() -> patch(user(), "[{\"op\":\"add\",\"path\":\"title\",\"value\":null}]"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
    assertThatThrownBy(
            () ->
                patch(user(), "[{\"op\":\"add\",\"path\":\"userName.userName\",\"value\":\"x\"}]"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
    assertThatThrownBy(
            () ->
                patch(
                    user(),
                    "[{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:Group:displayName\",\"value\":\"x\"}]"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
    assertThatThrownBy(
            () -> patch(user(), "[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
  }

  @Test
  void entraMemberRemovalWithAValueListRemovesOnlyThoseMembers() throws Exception {
    ObjectNode group =
        (ObjectNode)
            JSON.readTree(
                "{\"schemas\":[\""
                    + ScimSchemas.GROUP
                    + "\"],\"displayName\":\"G\",\"members\":[{\"value\":\"a\"},{\"value\":\"b\"}]}");
    JsonNode body =
        JSON.readTree(
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"a\"}]}]}");
    ObjectNode out = ScimPatch.apply(group, ScimPatch.normalise(body, ScimAttributes.GROUP));
    assertThat(out.get("members")).hasSize(1);
    assertThat(out.at("/members/0/value").asText()).isEqualTo("b");
  }
}
