package io.sugarbridge.sandbox.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON as Sugar's PHP server reads and writes it. Output matches PHP {@code json_encode(body,
 * JSON_HEX_APOS|JSON_HEX_QUOT|JSON_HEX_TAG|JSON_HEX_AMP)} byte for byte for the values the sandbox
 * produces: {@code '"<>&} become upper-case {@code \u0027}-style escapes, {@code /} becomes {@code
 * \/}, and every non-ASCII character is escaped with lower-case hex as PHP does without {@code
 * JSON_UNESCAPED_UNICODE}. Input is decoded with PHP's nesting limit of 32.
 */
public final class PhpJson {
  /** PHP {@code json_decode}'s default depth, which Sugar's REST layer uses. */
  static final int MAX_DEPTH = 32;

  private static final ObjectMapper WRITER = buildWriter();
  private static final ObjectMapper READER = buildReader();

  private PhpJson() {}

  /** A mapper for building trees (node factories); its output is not PHP-escaped. */
  public static ObjectMapper mapper() {
    return READER;
  }

  /** The body PHP would send for this value. */
  public static byte[] encode(JsonNode value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a JSON tree: " + e.getOriginalMessage(), e);
    }
  }

  /** As {@link #encode}, as a string. */
  public static String encodeToString(JsonNode value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }

  /**
   * Decodes a request body or JSON-valued parameter.
   *
   * @throws IOException when the text is not JSON or nests deeper than PHP allows
   */
  public static JsonNode decode(String text) throws IOException {
    return READER.readTree(text);
  }

  private static ObjectMapper buildWriter() {
    JsonFactory factory =
        new JsonFactoryBuilder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            // PHP writes \u00e9 (lower case) for non-ASCII but \u003C for its JSON_HEX_* escapes.
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .characterEscapes(new PhpEscapes())
            .build();
    return JsonMapper.builder(factory).build();
  }

  private static ObjectMapper buildReader() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    return JsonMapper.builder(factory).build();
  }

  /** The JSON_HEX_* escapes and PHP's default escaping of the slash. */
  private static final class PhpEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table;

    PhpEscapes() {
      table = standardAsciiEscapesForJSON();
      for (char c : new char[] {'\'', '"', '<', '>', '&', '/'}) {
        table[c] = ESCAPE_CUSTOM;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      switch (ch) {
        case '\'':
          return new SerializedString("\\u0027");
        case '"':
          return new SerializedString("\\u0022");
        case '<':
          return new SerializedString("\\u003C");
        case '>':
          return new SerializedString("\\u003E");
        case '&':
          return new SerializedString("\\u0026");
        case '/':
          return new SerializedString("\\/");
        default:
          return null;
      }
    }
  }
}
