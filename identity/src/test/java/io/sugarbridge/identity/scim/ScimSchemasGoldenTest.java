package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The /Schemas answer is byte for byte what it was before the attribute table replaced the
 * hand-written schemas: identity providers read it to decide what to map, so generating it from the
 * table must not change it. The expected JSON was captured from the hand-written version.
 */
class ScimSchemasGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOLDEN = "/scim/schemas-before-attribute-table.json";
  private static final String BASE = "https://scim.example.com/scim/v2";

  @Test
  void schemasAreWhatTheHandWrittenVersionServed() throws IOException {
    ArrayNode now = JSON.createArrayNode();
    ScimDiscovery.schemas(BASE).forEach(now::add);
    String actual = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(now) + "\n";
    if (Boolean.getBoolean("sugarbridge.golden.write")) {
      Files.writeString(Path.of("src/test/resources" + GOLDEN), actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = ScimSchemasGoldenTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("the captured /Schemas answer %s", GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Compared as text, so the order of attributes and of their properties counts too.
    assertThat(actual).isEqualTo(expected);
  }
}
