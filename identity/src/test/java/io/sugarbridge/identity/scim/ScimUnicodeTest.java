package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.scim.ScimRawHttp.Raw;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names in several scripts through create, get, list, filter, PATCH and an error, checked on the
 * raw bytes of each answer over real HTTP (UTF-8, and a Content-Type that says so) and on what the
 * sandbox stored.
 */
class ScimUnicodeTest {
  /**
   * Given name to family name, one pair per script (Latin with accents, Han, Greek, Cyrillic...).
   */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("José", "Núñez");
    NAMES.put("小龙", "李");
    NAMES.put("Ελένη", "Παπαδοπούλου");
    NAMES.put("Дмитрий", "Иванов");
    NAMES.put("مريم", "العلي");
    NAMES.put("अनन्या", "शर्मा");
    NAMES.put("Zoë 🚀", "O’Brien 👩‍💻");
  }

  @TempDir static Path dir;
  private static ScimBridgeFixture bridge;
  private static ScimRawHttp scim;

  @BeforeAll
  static void start() throws Exception {
    bridge = new ScimBridgeFixture(dir);
    scim = new ScimRawHttp(bridge.base(), "Bearer " + bridge.token);
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  private static void assertUtf8(Raw r, String... texts) {
    assertThat(r.contentType().toLowerCase(java.util.Locale.ROOT).replace(" ", ""))
        .isEqualTo("application/scim+json;charset=utf-8");
    for (String t : texts) {
      assertThat(r.holdsUtf8(t))
          .as(
              "the body holds '%s' as UTF-8: %s",
              t, new String(r.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .isTrue();
    }
  }

  private static String q(String text) {
    return ScimHttp.q(text);
  }

  @Test
  void namesInEveryScriptGoOutAsUtf8AndAreStoredAsSent() {
    String tag = "uni" + UUID.randomUUID().toString().substring(0, 6);
    List<String> ids = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> n : NAMES.entrySet()) {
      String given = n.getKey();
      String family = n.getValue();
      Raw created =
          scim.send(
              "POST",
              "/Users",
              """
              {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
               "userName":"%s-%d","name":{"givenName":"%s","familyName":"%s"},
               "title":"%s","emails":[{"value":"%s-%d@example.com","primary":true}]}
              """
                  .formatted(tag, i, given, family, given + " " + family, tag, i));
      assertThat(created.status())
          .as(new String(created.bytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(201);
      assertUtf8(created, given, family);
      String id = created.json().get("id").asText();
      ids.add(id);

      ObjectNode stored = bridge.sugar.users().get(id);
      assertThat(stored.get("first_name").asText()).isEqualTo(given);
      assertThat(stored.get("last_name").asText()).isEqualTo(family);

      Raw got = scim.send("GET", "/Users/" + id, null);
      assertThat(got.status()).isEqualTo(200);
      assertUtf8(got, given, family);
      assertThat(got.json().at("/name/familyName").asText()).isEqualTo(family);

      Raw filtered =
          scim.send(
              "GET",
              "/Users?filter="
                  + q("name.familyName eq \"" + family + "\" and userName sw \"" + tag + "\""),
              null);
      assertThat(filtered.status()).isEqualTo(200);
      assertUtf8(filtered, given, family);
      assertThat(filtered.json().get("totalResults").asInt()).isEqualTo(1);
      assertThat(filtered.json().at("/Resources/0/id").asText()).isEqualTo(id);
      i++;
    }

    Raw list = scim.send("GET", "/Users?filter=" + q("userName sw \"" + tag + "\""), null);
    assertThat(list.status()).isEqualTo(200);
    assertUtf8(list, NAMES.keySet().toArray(String[]::new));
    assertUtf8(list, NAMES.values().toArray(String[]::new));
    assertThat(list.json().get("totalResults").asInt()).isEqualTo(NAMES.size());

    Raw search =
        scim.send(
            "POST",
            "/Users/.search",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"name.givenName eq \\\"Ελένη\\\" and userName sw \\\""
                + tag
                + "\\\"\"}");
    assertThat(search.status()).isEqualTo(200);
    assertUtf8(search, "Ελένη", "Παπαδοπούλου");
    assertThat(search.json().get("totalResults").asInt()).isEqualTo(1);

    String newTitle = "Инженер · 工程师 · Μηχανικός 🛠️";
    Raw patched =
        scim.send(
            "PATCH",
            "/Users/" + ids.get(0) + "?attributes=title",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\""
                + newTitle
                + "\"}]}");
    assertThat(patched.status()).isEqualTo(200);
    assertUtf8(patched, newTitle);
    assertThat(bridge.sugar.users().get(ids.get(0)).get("title").asText()).isEqualTo(newTitle);
    Raw afterPatch = scim.send("GET", "/Users/" + ids.get(0), null);
    assertUtf8(afterPatch, newTitle, "José", "Núñez");
  }

  @Test
  void errorsAreUtf8Too() {
    Raw bad = scim.send("GET", "/Users?filter=" + q("userName eq \"Łódź 李"), null);

    assertThat(bad.status()).isEqualTo(400);
    assertUtf8(bad, "Łódź 李");
    JsonNode error = bad.json();
    assertThat(error.get("scimType").asText()).isEqualTo("invalidFilter");
  }
}
