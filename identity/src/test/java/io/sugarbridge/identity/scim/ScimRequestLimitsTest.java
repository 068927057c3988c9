package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.identity.scim.ScimHttp.Answer;
import io.sugarbridge.identity.scim.ScimRawHttp.Raw;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bridge refuses or must not misread: a filter value that looks like a URN, a filter on an
 * attribute the schema lacks, a body over the size limit, a search's attribute list, a user without
 * a family name, and a token file edited or removed while the bridge runs.
 */
class ScimRequestLimitsTest {
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

  private static Answer filter(String resource, String filter) {
    return scim.get("/" + resource + "?filter=" + ScimHttp.q(filter));
  }

  @Test
  void aQuotedValueThatLooksLikeAUrnIsComparedAsWritten() {
    assertThat(filter("Users", "userName eq \"admin\"").body().get("totalResults").asInt())
        .isEqualTo(1);

    for (String value :
        List.of(
            "urn:ietf:params:scim:schemas:core:2.0:User:admin",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:admin")) {
      Answer a = filter("Users", "userName eq \"" + value + "\"");
      assertThat(a.status()).as(String.valueOf(a.body())).isEqualTo(200);
      assertThat(a.body().get("totalResults").asInt()).as(value).isZero();
    }
    // The same URN on the attribute path is still taken off.
    Answer qualified =
        filter("Users", "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"admin\"");
    assertThat(qualified.body().get("totalResults").asInt()).isEqualTo(1);
    // A quoted value holding "emails eq" is not rewritten into "emails.value eq" either.
    Answer inValue = filter("Users", "userName eq \"emails eq x\"");
    assertThat(inValue.status()).isEqualTo(200);
    assertThat(inValue.body().get("totalResults").asInt()).isZero();
  }

  @Test
  void aFilterOnAnUnknownAttributeIs400InvalidFilter() {
    for (String f :
        List.of(
            "nickNamez eq \"x\"",
            "name.nope eq \"x\"",
            "userName eq \"admin\" or bogus pr",
            "emails[typo eq \"work\"]",
            "not (favouriteColour eq \"red\")",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize eq \"9\"")) {
      Answer a = filter("Users", f);
      assertThat(a.status()).as(f + " " + a.body()).isEqualTo(400);
      assertThat(a.contentType()).startsWith("application/scim+json");
      assertThat(a.body().get("scimType").asText()).isEqualTo("invalidFilter");
      assertThat(a.body().get("detail").asText())
          .containsPattern("not an attribute|has no sub-attribute");
    }
    Answer group = filter("Groups", "userName eq \"x\"");
    assertThat(group.status()).isEqualTo(400);
    assertThat(group.body().get("scimType").asText()).isEqualTo("invalidFilter");

    for (String f :
        List.of(
            "nickName eq \"x\"",
            "emails[type eq \"work\"]",
            "emails.value co \"@\"",
            "meta.resourceType eq \"User\"",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"")) {
      Answer a = filter("Users", f);
      assertThat(a.status()).as(f + " " + a.body()).isEqualTo(200);
    }
    assertThat(filter("Groups", "members.value eq \"x\"").status()).isEqualTo(200);
  }

  @Test
  void aSearchHonoursAttributesAndExcludedAttributes() {
    Answer only =
        scim.post(
            "/Users/.search",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
             "filter":"userName eq \\"admin\\"","attributes":["userName"]}
            """);
    assertThat(only.status()).as(String.valueOf(only.body())).isEqualTo(200);
    JsonNode admin = only.body().at("/Resources/0");
    List<String> names = new ArrayList<>();
    admin.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("schemas", "id", "meta", "userName");

    Answer without =
        scim.post(
            "/Users/.search",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
             "filter":"userName eq \\"admin\\"","excludedAttributes":["emails","name"]}
            """);
    JsonNode rest = without.body().at("/Resources/0");
    assertThat(rest.has("userName")).isTrue();
    assertThat(rest.has("emails")).isFalse();
    assertThat(rest.has("name")).isFalse();
  }

  @Test
  void anOversizedBodyGetsAScimJson413() {
    String big =
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"big\","
            + "\"title\":\""
            + "x".repeat(ScimServer.MAX_BODY_BYTES + 10)
            + "\"}";
    ScimRawHttp raw = new ScimRawHttp(bridge.base(), "Bearer " + bridge.token);

    Raw a = raw.send("POST", "/Users", big);

    assertThat(a.status()).isEqualTo(413);
    assertThat(a.contentType()).startsWith("application/scim+json");
    JsonNode error = a.json();
    assertThat(error.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.ERROR);
    assertThat(error.get("status").asText()).isEqualTo("413");
    assertThat(error.get("detail").asText()).contains(String.valueOf(ScimServer.MAX_BODY_BYTES));
    assertThat(filter("Users", "userName eq \"big\"").body().get("totalResults").asInt()).isZero();
  }

  @Test
  void aUserWithoutAFamilyNameGetsTheUserNameAsLastNameLikeUsersApply() {
    String bare = unique("nofamily");
    Answer created =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + bare
                + "\",\"name\":{\"givenName\":\"Cher\"}}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(bridge.sugar.users().get(id).get("last_name").asText()).isEqualTo(bare);

    String noName = unique("noname");
    Answer second =
        scim.post(
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + noName
                + "\"}");
    String secondId = second.body().get("id").asText();
    assertThat(bridge.sugar.users().get(secondId).get("last_name").asText()).isEqualTo(noName);

    // A replace that leaves the family name out does not blank it either.
    Answer replaced =
        scim.put(
            "/Users/" + id,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + bare
                + "\",\"name\":{\"givenName\":\"Cher\",\"familyName\":\"\"}}");
    assertThat(replaced.status()).as(String.valueOf(replaced.body())).isEqualTo(200);
    assertThat(bridge.sugar.users().get(id).get("last_name").asText()).isEqualTo(bare);
  }

  @Test
  void aBrokenOrDeletedTokenFileRefusesEveryTokenUntilFixed() throws Exception {
    Path file = dir.resolve("revocation-tokens");
    String kept = BearerTokens.mint(file).reveal();
    String revoked = BearerTokens.mint(file).reveal();
    try (ScimServer server =
        ScimServer.start(
            new ScimServer.ScimServerSettings(
                bridge.sugar,
                BearerTokens.load(file),
                bridge.externalIds,
                "127.0.0.1",
                0,
                List.of("CURRENT"),
                null,
                false))) {
      java.net.URI base =
          java.net.URI.create("http://127.0.0.1:" + server.port() + ScimServer.ROOT);
      ScimHttp asKept = new ScimHttp(base, "Bearer " + kept);
      ScimHttp asRevoked = new ScimHttp(base, "Bearer " + revoked);
      assertThat(asKept.get("/ServiceProviderConfig").status()).isEqualTo(200);
      assertThat(asRevoked.get("/ServiceProviderConfig").status()).isEqualTo(200);

      // The revoked token's line is removed, but a hand edit leaves a malformed line behind.
      Files.writeString(file, BearerTokens.hashLine(kept) + "\nsha256:oops\n");
      Answer refused = asRevoked.get("/ServiceProviderConfig");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body().get("detail").asText()).contains("token file is fixed");
      assertThat(asKept.get("/ServiceProviderConfig").status()).isEqualTo(401);

      Files.writeString(file, BearerTokens.hashLine(kept) + "\n");
      assertThat(asKept.get("/ServiceProviderConfig").status()).isEqualTo(200);
      assertThat(asRevoked.get("/ServiceProviderConfig").status()).isEqualTo(401);

      Files.delete(file);
      assertThat(asKept.get("/ServiceProviderConfig").status()).isEqualTo(401);
      assertThat(asRevoked.get("/ServiceProviderConfig").status()).isEqualTo(401);
    }
  }
}
