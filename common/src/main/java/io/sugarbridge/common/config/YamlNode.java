package io.sugarbridge.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
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
      if (t == null) {
        return null;
      }
      List<ConfigProblem> problems = new ArrayList<>();
      YamlNode root = read(p, source, "", problems);
      if (p.nextToken() != null) {
        problems.add(
            new ConfigProblem(
                setting,
                "holds a second YAML document (after ---); a file holds one: remove the ---"
                    + " line and what follows, or merge it into the first",
                source + ":" + p.currentTokenLocation().getLineNr()));
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return root;
    } catch (IOException e) {
      int line = errorLine(e);
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  setting,
                  "is not valid YAML: " + explanation(e.getMessage()),
                  line > 0 ? source + ":" + line : source)));
    }
  }

  /**
   * What the YAML parser says is wrong, without its excerpts of the file (an excerpt may show a
   * secret written on that line) or its locations (the problem names the line): e.g. "while
   * scanning for the next token; found character '\t(TAB)' that cannot start any token. (Do not use
   * \t(TAB) for indentation)".
   */
  private static String explanation(String message) {
    List<String> kept = new ArrayList<>();
    boolean excerpt = false;
    for (String l : String.valueOf(message).lines().toList()) {
      if (l.startsWith(" in '") || l.startsWith(" at [Source")) {
        excerpt = true;
      } else if (excerpt && (l.isBlank() || Character.isWhitespace(l.charAt(0)))) {
        // the excerpt of the file and its caret line
      } else if (!l.isBlank()) {
        excerpt = false;
        kept.add(l.strip());
      }
    }
    return String.join("; ", kept);
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

  /** The node at the parser's current token; {@code path} names it in problems (e.g. a.b[2]). */
  private static YamlNode read(
      JsonParser p, String source, String path, List<ConfigProblem> problems) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      // An alias would read as its anchor's name: refused rather than misread.
      problems.add(
          new ConfigProblem(
              path.isEmpty() ? "*" + p.getText() : path,
              "is a YAML alias (*"
                  + p.getText()
                  + "), which configuration files do not use; write the value out again",
              source + ":" + line));
      return new Scalar(null, line);
    }
    if (t == JsonToken.START_OBJECT) {
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      Map<String, Integer> keyLines = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int keyLine = p.currentTokenLocation().getLineNr();
        p.nextToken();
        String named = path.isEmpty() ? key : path + "." + key;
        YamlNode value = read(p, source, named, problems);
        if (entries.containsKey(key)) {
          problems.add(
              new ConfigProblem(
                  named,
                  "is given twice in the same mapping (first at line "
                      + keyLines.get(key)
                      + "); keep one",
                  source + ":" + keyLine));
          continue;
        }
        entries.put(key, value);
        keyLines.put(key, keyLine);
      }
      return new Mapping(entries, keyLines, line);
    }
    if (t == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(p, source, path + "[" + (items.size() + 1) + "]", problems));
      }
      return new Sequence(items, line);
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Scalar(null, line);
    }
    return new Scalar(p.getText(), line);
  }
}
