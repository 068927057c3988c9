package io.sugarbridge.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML value with the line it was written on, so every problem of a configuration file can name
 * its line. Jackson's tree model drops locations; this keeps them with a small recursive reader
 * over the streaming parser.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  int line();

  /** A scalar; {@code text} is null for YAML null. */
  record Scalar(String text, int line) implements YamlNode {}

  /** A mapping; keys in file order, each with the line of the key. */
  record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line)
      implements YamlNode {}

  record Sequence(List<YamlNode> items, int line) implements YamlNode {}

  /** True for YAML null (an absent value, {@code key:} or {@code key: ~}). */
  static boolean isNull(YamlNode n) {
    return n instanceof Scalar s && s.text() == null;
  }

  /**
   * Parses a document; an empty one is an empty mapping at line 1.
   *
   * @param setting names the file in the problem for invalid YAML, e.g. {@code sync file}
   * @throws ConfigurationException for invalid YAML, naming {@code source:line}
   */
  static YamlNode parse(String text, String source, String setting) {
    YamlNode n = parseOrNull(text, source, setting);
    return n == null ? new Mapping(new LinkedHashMap<>(), new LinkedHashMap<>(), 1) : n;
  }

  /** As {@link #parse}, but null for a document with no value (empty, or only comments). */
  static YamlNode parseOrNull(String text, String source, String setting) {
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      return t == null ? null : read(p);
    } catch (IOException e) {
      int line = errorLine(e);
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  setting,
                  "is not valid YAML: "
                      + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                  line > 0 ? source + ":" + line : source)));
    }
  }

  /**
   * The line of a parse error: the problem mark the YAML parser puts last in its message ("in
   * 'reader', line N, column M"), since the location Jackson gives can be the last good token's (a
   * tab that starts line 2 is reported at line 1); else Jackson's location; else -1.
   */
  private static int errorLine(IOException e) {
    Matcher m =
        Pattern.compile(" in '[^']*', line (\\d+), column \\d+:")
            .matcher(String.valueOf(e.getMessage()));
    int line = -1;
    while (m.find()) {
      line = Integer.parseInt(m.group(1));
    }
    if (line < 0 && e instanceof JsonProcessingException j && j.getLocation() != null) {
      line = j.getLocation().getLineNr();
    }
    return line;
  }

  private static YamlNode read(JsonParser p) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      Map<String, Integer> keyLines = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int keyLine = p.currentTokenLocation().getLineNr();
        p.nextToken();
        entries.put(key, read(p));
        keyLines.put(key, keyLine);
      }
      return new Mapping(entries, keyLines, line);
    }
    if (t == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(p));
      }
      return new Sequence(items, line);
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Scalar(null, line);
    }
    return new Scalar(p.getText(), line);
  }
}
