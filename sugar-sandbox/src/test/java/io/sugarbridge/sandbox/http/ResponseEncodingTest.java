package io.sugarbridge.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sugarbridge.sandbox.util.Md5;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Section 0 and 2: PHP escaping, scalar bodies, ETags and Sugar's error bodies. */
class ResponseEncodingTest {
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

  @Test
  void escapesLikePhpJsonEncodeWithHexFlags() {
    Harness.Reply r = h.get("/rest/v10/text", "OAuth-Token", token);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"text\":\"it\\u0027s \\u0022\\u003Cb\\u003E\\u0022 \\u0026 a\\/b \\u00e9"
                + " \\ud83d\\ude00 \\t\\n\",\"n\":5}");
  }

  @Test
  void encoderHandlesKeysAndControlCharacters() {
    assertThat(
            PhpJson.encodeToString(
                JsonNodeFactory.instance.objectNode().put("a<b", "\u0001\u007f")))
        .isEqualTo("{\"a\\u003Cb\":\"\\u0001\u007f\"}");
  }

  @Test
  void scalarResultIsJsonEncoded() {
    assertThat(h.get("/rest/v10/ping", "OAuth-Token", token).body()).isEqualTo("\"pong\"");
  }

  @Test
  void getAnswersCarryAnMd5EtagAnd304OnMatch() {
    Harness.Reply r = h.get("/rest/v10/ping", "OAuth-Token", token);
    assertThat(r.header("ETag")).isEqualTo(Md5.hex("\"pong\"".getBytes()));
    assertThat(r.header("Cache-Control")).isEqualTo("max-age=0, private");
    Harness.Reply again =
        h.get("/rest/v10/ping", "OAuth-Token", token, "If-None-Match", r.header("ETag"));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    Harness.Reply changed =
        h.get("/rest/v10/ping", "OAuth-Token", token, "If-None-Match", "\"other\"");
    assertThat(changed.status()).isEqualTo(200);
  }

  @Test
  void applicationSuppliedEtagIsUsed() {
    Harness.Reply r = h.get("/rest/v10/own-etag", "OAuth-Token", token);
    assertThat(r.header("ETag")).isEqualTo("abc123");
    assertThat(
            h.get("/rest/v10/own-etag", "OAuth-Token", token, "If-None-Match", "abc123").status())
        .isEqualTo(304);
  }

  @Test
  void postAnswersHaveNoEtag() {
    Harness.Reply r = h.post("/rest/v10/echo", "{}", "OAuth-Token", token);
    assertThat(r.header("ETag")).isNull();
  }

  @Test
  void errorsAreSugarJsonWithNoStore() {
    Harness.Reply r = h.get("/rest/v10/missing", "OAuth-Token", token);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":\"not_found\",\"error_message\":\"Could not find record: x in module:"
                + " Accounts\"}");
    assertThat(r.header("ETag")).isNull();
  }

  @Test
  void emptyMessageIsOmittedAndExtraIsMergedAtTopLevel() {
    assertThat(h.get("/rest/v10/empty-message", "OAuth-Token", token).body())
        .isEqualTo("{\"error\":\"some_error\"}");
    Harness.Reply conflict = h.send("PUT", "/rest/v10/conflict", "{}", "OAuth-Token", token);
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.body())
        .isEqualTo(
            "{\"error\":\"edit_conflict\",\"error_message\":\"Edit conflict\","
                + "\"record\":{\"id\":\"x\"}}");
  }

  @Test
  void unexpectedExceptionIs500UnknownErrorWithoutInternals() {
    Harness.Reply r = h.get("/rest/v10/boom", "OAuth-Token", token);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("error").asText()).isEqualTo("unknown_error");
    assertThat(r.json().get("error_message").asText())
        .contains("IllegalStateException")
        .doesNotContain("kaboom");
  }
}
