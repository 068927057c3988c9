package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Section 0 and 11: body, form and query arguments merged as Sugar does. */
class ArgumentsTest {
  private static Harness h;
  private static String token;

  @BeforeAll
  static void start() {
    h = new Harness();
    token = h.adminToken();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private JsonNode args(Harness.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("args");
  }

  @Test
  void bracketNotationBuildsNestedFilters() {
    JsonNode a =
        args(
            h.get(
                "/rest/v10/echo?filter[0][last_name][$starts]=Sm&filter[1][$or][0][status]=New"
                    + "&filter[1][$or][1][status]=Assigned&fields=id,name",
                "OAuth-Token",
                token));
    assertThat(a.get("filter").toString())
        .isEqualTo(
            "[{\"last_name\":{\"$starts\":\"Sm\"}},{\"$or\":[{\"status\":\"New\"},"
                + "{\"status\":\"Assigned\"}]}]");
    assertThat(a.get("fields").asText()).isEqualTo("id,name");
  }

  @Test
  void percentEncodedBracketsAndAppendSyntax() {
    JsonNode a =
        args(
            h.get(
                "/rest/v10/echo?filter%5B0%5D%5Bname%5D%5B%24in%5D%5B%5D=A&filter%5B0%5D%5Bname%5D%5B%24in%5D%5B%5D=B+C",
                "OAuth-Token", token));
    assertThat(a.get("filter").toString()).isEqualTo("[{\"name\":{\"$in\":[\"A\",\"B C\"]}}]");
  }

  @Test
  void filterQueryValueInJsonIsDecoded() {
    JsonNode a =
        args(
            h.get(
                "/rest/v10/echo?filter=%5B%7B%22name%22%3A%7B%22%24starts%22%3A%22A%22%7D%7D%5D",
                "OAuth-Token", token));
    assertThat(a.get("filter").toString()).isEqualTo("[{\"name\":{\"$starts\":\"A\"}}]");
  }

  @Test
  void badJsonFilterQueryIs422NamingTheParameter() {
    Harness.Reply r = h.get("/rest/v10/echo?filter=%5Bnope", "OAuth-Token", token);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error_message").asText()).contains("filter");
  }

  @Test
  void jsonBodyOnGetAndDeleteIsMerged() {
    assertThat(
            args(h.send("GET", "/rest/v10/echo", "{\"a\":1}", "OAuth-Token", token))
                .get("a")
                .asInt())
        .isEqualTo(1);
    assertThat(args(h.send("DELETE", "/rest/v10/echo", "{}", "OAuth-Token", token)).size())
        .isZero();
  }

  @Test
  void jsonWithoutOrWithWrongContentTypeIsStillJson() {
    assertThat(
            args(h.send("POST", "/rest/v10/echo", "{\"a\":\"x\"}", "OAuth-Token", token))
                .get("a")
                .asText())
        .isEqualTo("x");
    JsonNode a =
        args(
            h.send(
                "POST",
                "/rest/v10/echo",
                "{\"a\":\"y\"}",
                "OAuth-Token",
                token,
                "Content-Type",
                "application/x-www-form-urlencoded"));
    assertThat(a.get("a").asText()).isEqualTo("y");
    assertThat(
            args(h.send(
                    "PUT",
                    "/rest/v10/echo",
                    "{\"a\":\"z\"}",
                    "OAuth-Token",
                    token,
                    "Content-Type",
                    "text/plain"))
                .get("a")
                .asText())
        .isEqualTo("z");
  }

  @Test
  void formBodiesAreParsedLikePost() {
    JsonNode a =
        args(
            h.send(
                "POST",
                "/rest/v10/echo",
                "name=Acme+Inc&tags[]=a&tags[]=b",
                "OAuth-Token",
                token,
                "Content-Type",
                "application/x-www-form-urlencoded; charset=UTF-8"));
    assertThat(a.get("name").asText()).isEqualTo("Acme Inc");
    assertThat(a.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void badJsonIs422InvalidParameterWithoutMessage() {
    Harness.Reply r = h.post("/rest/v10/echo", "{\"a\":", "OAuth-Token", token);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body()).isEqualTo("{\"error\":\"invalid_parameter\"}");
    assertThat(h.post("/rest/v10/echo", "not json", "OAuth-Token", token).status()).isEqualTo(422);
  }

  @Test
  void jsonDeeperThanPhpAllowsIs422() {
    String deep = "[".repeat(40) + "]".repeat(40);
    assertThat(h.post("/rest/v10/echo", "{\"a\":" + deep + "}", "OAuth-Token", token).status())
        .isEqualTo(422);
  }

  @Test
  void precedenceIsBodyThenQueryThenPathVariables() {
    JsonNode a =
        args(
            h.send(
                "GET",
                "/rest/v10/Contacts/from-path?a=query&record=query&module=query",
                "{\"a\":\"body\",\"b\":\"body\",\"record\":\"body\"}",
                "OAuth-Token",
                token));
    assertThat(a.get("a").asText()).isEqualTo("query");
    assertThat(a.get("b").asText()).isEqualTo("body");
    assertThat(a.get("record").asText()).isEqualTo("from-path");
    assertThat(a.get("module").asText()).isEqualTo("Contacts");
  }

  @Test
  void queryParserFollowsPhp() {
    assertThat(PhpQueryString.parse("a.b=1&c d=2&e").toString())
        .isEqualTo("{\"a_b\":\"1\",\"c_d\":\"2\",\"e\":\"\"}");
    assertThat(PhpQueryString.parse("x[1]=a&x[0]=b").toString())
        .isEqualTo("{\"x\":{\"1\":\"a\",\"0\":\"b\"}}");
    assertThat(PhpQueryString.parse("x[]=a&x[5]=b&x[]=c").toString())
        .isEqualTo("{\"x\":{\"0\":\"a\",\"5\":\"b\",\"6\":\"c\"}}");
    assertThat(PhpQueryString.parse("x=1&x[a]=2").toString()).isEqualTo("{\"x\":{\"a\":\"2\"}}");
    assertThat(PhpQueryString.parse("x=1&x=2").toString()).isEqualTo("{\"x\":\"2\"}");
    assertThat(PhpQueryString.parse("a%5Bb=1").toString()).isEqualTo("{\"a_b\":\"1\"}");
  }
}
