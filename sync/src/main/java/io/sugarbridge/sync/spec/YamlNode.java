package io.sugarbridge.sync.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it was written on, so every validation problem of a sync file can name
 * its line. Jackson's tree model drops locations; this keeps them at the cost of a small recursive
 * reader over the streaming parser.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  int line();

  /** A scalar; {@code text} is null for YAML null. */
  record Scalar(String text, int line) implements YamlNode {}

  /** A mapping; keys in file order, each with the line of the key. */
  record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line)
      implements YamlNode {}

  record Sequence(List<YamlNode> items, int line) implements YamlNode {}

  static YamlNode parse(String text, String source) {
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Mapping(new LinkedHashMap<>(), new LinkedHashMap<>(), 1);
      }
      return read(p);
    } catch (IOException e) {
      int line = -1;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          && j.getLocation() != null) {
        line = j.getLocation().getLineNr();
      }
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "sync file",
                  "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""),
                  line > 0 ? source + ":" + line : source)));
    }
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
