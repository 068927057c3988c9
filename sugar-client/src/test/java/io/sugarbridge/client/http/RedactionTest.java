package io.sugarbridge.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void secretHeadersAndFieldsAreMaskedAtAnyDepth() throws Exception {
    assertThat(Redaction.header("OAuth-Token", "abc")).doesNotContain("abc");
    assertThat(Redaction.header("authorization", "Bearer abc")).doesNotContain("abc");
    assertThat(Redaction.header("X-Timestamp", "2024")).isEqualTo("2024");
    JsonNode body =
        new ObjectMapper()
            .readTree(
                "{\"grant_type\":\"password\",\"password\":\"pw1\",\"client_secret\":\"cs1\","
                    + "\"requests\":[{\"data\":{\"user_hash\":\"uh1\",\"name\":\"Acme\"}}],"
                    + "\"refresh_token\":\"rt1\"}");
    String out = Redaction.json(body).toString();
    assertThat(out)
        .doesNotContain("pw1")
        .doesNotContain("cs1")
        .doesNotContain("uh1")
        .doesNotContain("rt1")
        .contains("Acme")
        .contains("password");
    assertThat(body.toString()).contains("pw1");
  }

  @Test
  void secretsInsideABulkItemsJsonStringDataAreMasked() throws Exception {
    // Bulk sends each item's data as a JSON-encoded string, the documented form.
    JsonNode body =
        new ObjectMapper()
            .readTree(
                "{\"requests\":[{\"url\":\"/v11_24/Users\",\"method\":\"POST\",\"data\":"
                    + "\"{\\\"user_name\\\":\\\"ann\\\",\\\"user_hash\\\":\\\"uh-secret-2\\\"}\"}]}");
    assertThat(body.toString()).contains("uh-secret-2");
    String out = Redaction.json(body).toString();
    assertThat(out).doesNotContain("uh-secret-2").contains("ann");
  }
}
