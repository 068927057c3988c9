package io.sugarbridge.common.config;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reading of one file's mappings against {@link Section}s: it holds the file's name, the
 * interpolator and the problems found so far, and adds to them every problem of every value.
 */
final class SectionReader {
  private final String source;
  private final Interpolator env;
  private final List<ConfigProblem> problems;

  SectionReader(String source, Interpolator env, List<ConfigProblem> problems) {
    this.source = source;
    this.env = env;
    this.problems = problems;
  }

  /**
   * Reads a mapping named {@code setting}, its settings named {@code prefix + key}, as the values
   * of line {@code line}: the plain section, or the alternative the mapping's keys choose.
   */
  Values mapping(
      Section section, YamlNode.Mapping mapping, String setting, String prefix, int line) {
    if (section.alternatives().isEmpty()) {
      return keys(section, mapping, prefix, line);
    }
    for (Section a : section.alternatives()) {
      if (mapping.entries().containsKey(a.settings().get(0).key())) {
        return keys(a, mapping, prefix, line);
      }
    }
    List<String> written = List.copyOf(mapping.entries().keySet());
    List<String> tags =
        section.alternatives().stream().map(a -> a.settings().get(0).key()).toList();
    String hint =
        written.stream()
            .map(k -> Suggestions.didYouMean(k, tags))
            .filter(h -> !h.isEmpty())
            .findFirst()
            .orElse("");
    problems.add(
        new ConfigProblem(
            setting,
            (written.isEmpty() ? "is empty" : "has keys " + String.join(", ", written) + hint)
                + "; write "
                + section.shapes(),
            at(line)));
    return new Values(source, line);
  }

  /**
   * The problem of a key the section does not declare. The key is echoed only up to a colon: {@code
   * password:hunter2} (no space after the colon) reads as one key, and a flow mapping's bare item
   * ({@code {name: web, wk_live_abc}}) as a key with no value, so the text may be a value, and a
   * secret one; in a section that has a secret, such a bare key is not echoed unless it is close to
   * a setting's name.
   */
  private ConfigProblem unknown(
      Section section, String key, YamlNode value, String prefix, int line) {
    int colon = key.indexOf(':');
    int cut = colon < 0 ? key.length() : colon;
    String name = key.substring(0, cut).strip();
    if (colon >= 0 && section.setting(name) != null) {
      return new ConfigProblem(
          prefix + name,
          "needs a space after its colon; write " + name + ": followed by the value",
          at(line));
    }
    // A bare key close to a setting's name is a misspelt setting, not a value: it gets its hint.
    boolean bare =
        YamlNode.isNull(value)
            && section.settings().stream().anyMatch(Setting::secret)
            && Suggestions.closest(key, section.keys()).isEmpty();
    if (cut < key.length() || bare) {
      String shown = bare || name.isEmpty() ? "(an entry)" : name + "…";
      return new ConfigProblem(
          prefix + shown,
          "is not a setting (its text is not shown: it may hold a value); write each setting as"
              + " name: value, with a space after the colon; known settings are "
              + String.join(", ", section.keys()),
          at(line));
    }
    return new ConfigProblem(prefix + key, section.unknownKey(key), at(line));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Values keys(Section section, YamlNode.Mapping mapping, String prefix, int mappingLine) {
    Values out = new Values(source, mappingLine);
    Set<String> given = new HashSet<>();
    for (Map.Entry<String, YamlNode> e : mapping.entries().entrySet()) {
      String key = e.getKey();
      int line = mapping.keyLines().get(key);
      Setting<?> s = section.setting(key);
      if (s == null) {
        problems.add(unknown(section, key, e.getValue(), prefix, line));
        continue;
      }
      out.line(key, line);
      if (YamlNode.isNull(e.getValue())) {
        continue;
      }
      given.add(key);
      Object v = value(s, e.getValue(), prefix + key, line);
      // A single value's check ran on it at its own line; a list's, map's or section's runs here.
      String refused = v == null || s.kind() == Setting.Kind.VALUE ? null : ((Setting) s).check(v);
      if (refused != null) {
        problems.add(new ConfigProblem(prefix + key, refused, at(line)));
      } else if (v != null) {
        out.put(key, v);
      }
    }
    for (Setting<?> s : section.settings()) {
      // A value that was given but refused has its problem already; "missing" would be wrong.
      if (s.required() && !given.contains(s.key())) {
        Integer line = out.line(s.key());
        problems.add(
            new ConfigProblem(
                prefix + s.key(), s.missing(), at(line == null ? mappingLine : line)));
      }
    }
    return out;
  }

  /** The value of one entry, or null after adding its problems. */
  private Object value(Setting<?> s, YamlNode node, String setting, int line) {
    return switch (s.kind()) {
      case VALUE -> {
        if (!(node instanceof YamlNode.Scalar scalar)) {
          problems.add(
              new ConfigProblem(
                  setting, shape(s, "must be a single value, not a list or mapping"), at(line)));
          yield null;
        }
        yield scalar(s, s.type(), scalar, setting);
      }
      case LIST -> {
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        if (node instanceof YamlNode.Mapping) {
          problems.add(new ConfigProblem(setting, shape(s, "must be a list"), at(line)));
          yield null;
        }
        List<Object> values = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : items) {
          if (!(item instanceof YamlNode.Scalar sc) || sc.text() == null) {
            problems.add(
                new ConfigProblem(
                    setting,
                    YamlNode.isNull(item)
                        ? "has an empty item (~ or nothing after -); remove it or write a value"
                        : "each item must be a single value",
                    at(item.line())));
            ok = false;
            continue;
          }
          Object v = scalar(s, s.type(), sc, setting);
          ok &= v != null;
          values.add(v);
        }
        yield ok ? List.copyOf(values) : null;
      }
      case MAP -> {
        if (!(node instanceof YamlNode.Mapping m)) {
          problems.add(
              new ConfigProblem(
                  setting, shape(s, "must be a mapping of names to values"), at(line)));
          yield null;
        }
        yield map(s, m, setting);
      }
      case SECTION -> {
        if (!(node instanceof YamlNode.Mapping m)) {
          String shapes =
              s.section().alternatives().isEmpty()
                  ? "a mapping of " + String.join(", ", s.section().keys())
                  : s.section().shapes();
          problems.add(new ConfigProblem(setting, shape(s, "must be " + shapes), at(line)));
          yield null;
        }
        yield mapping(s.section(), m, setting, setting + ".", m.line());
      }
      case SECTION_MAP -> {
        if (!(node instanceof YamlNode.Mapping m)) {
          problems.add(
              new ConfigProblem(
                  setting,
                  shape(
                      s,
                      "must be a mapping of " + s.keyType().name() + " to " + s.section().shapes()),
                  at(line)));
          yield null;
        }
        yield entries(s, m, setting);
      }
      case SECTIONS -> {
        if (!(node instanceof YamlNode.Sequence seq)) {
          problems.add(new ConfigProblem(setting, shape(s, "must be a list"), at(line)));
          yield null;
        }
        List<Values> values = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
          values.add(item(s.section(), seq.items().get(i), setting + "[" + (i + 1) + "]"));
        }
        yield List.copyOf(values);
      }
    };
  }

  /** The values of a map in file order, each named {@code setting.name}; null after problems. */
  private Map<String, Object> map(Setting<?> s, YamlNode.Mapping m, String setting) {
    Map<String, Object> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
      String name = setting + "." + e.getKey();
      if (!(e.getValue() instanceof YamlNode.Scalar sc)) {
        problems.add(
            new ConfigProblem(
                name,
                "must be a single value, not a list or mapping",
                at(m.keyLines().get(e.getKey()))));
        ok = false;
        continue;
      }
      // "name:" alone is the empty text, so the type's check says what to write there.
      YamlNode.Scalar text = sc.text() == null ? new YamlNode.Scalar("", sc.line()) : sc;
      Object v = scalar(s, s.type(), text, name);
      ok &= v != null;
      values.put(e.getKey(), v);
    }
    return ok ? Collections.unmodifiableMap(values) : null;
  }

  private static String shape(Setting<?> s, String standard) {
    return s.shape() != null ? s.shape() : standard;
  }

  /** The entries of a map of sections, each read against the setting's section. */
  private Map<String, Values> entries(Setting<?> s, YamlNode.Mapping m, String setting) {
    Map<String, Values> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
      String name = e.getKey();
      int line = m.keyLines().get(name);
      String parsed;
      try {
        parsed = s.keyType().parse(name);
      } catch (IllegalArgumentException ex) {
        problems.add(
            new ConfigProblem(
                setting + "." + name, "'" + name + "' " + s.keyType().invalid(), at(line)));
        continue;
      }
      out.put(parsed, entry(s.section(), e.getValue(), setting + "." + name, line));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * One entry of a mapping of names, its values at the line of its name: a mapping, a single value
   * for the shorthand, or nothing (the shorthand without a value, else an empty mapping).
   */
  private Values entry(Section section, YamlNode node, String setting, int line) {
    Setting<?> shorthand = section.shorthand();
    if (YamlNode.isNull(node) && shorthand != null && shorthand.required()) {
      problems.add(new ConfigProblem(setting, shorthand.missing(), at(line)));
      return new Values(source, line);
    }
    if (YamlNode.isNull(node)) {
      node = new YamlNode.Mapping(Map.of(), Map.of(), line);
    }
    if (node instanceof YamlNode.Mapping m) {
      return mapping(section, m, setting, setting + ".", line);
    }
    Values v = new Values(source, line);
    if (shorthand != null && node instanceof YamlNode.Scalar sc) {
      v.line(shorthand.key(), line);
      Object value = scalar(shorthand, shorthand.type(), sc, setting);
      if (value != null) {
        v.put(shorthand.key(), value);
      }
    } else {
      problems.add(new ConfigProblem(setting, "must be " + section.shapes(), at(line)));
    }
    return v;
  }

  private Values item(Section section, YamlNode node, String setting) {
    if (node instanceof YamlNode.Mapping m) {
      return mapping(section, m, setting, setting + ".", m.line());
    }
    Values v = new Values(source, node.line());
    Setting<?> shorthand = section.shorthand();
    if (shorthand != null && node instanceof YamlNode.Scalar sc && sc.text() != null) {
      v.line(shorthand.key(), node.line());
      Object value = scalar(shorthand, shorthand.type(), sc, setting);
      if (value != null) {
        v.put(shorthand.key(), value);
      }
    } else {
      problems.add(new ConfigProblem(setting, "must be " + section.shapes(), at(node.line())));
    }
    return v;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object scalar(Setting<?> s, SettingType<?> type, YamlNode.Scalar node, String setting) {
    String where = at(node.line());
    int before = problems.size();
    String text = env.apply(node.text(), setting, where, problems);
    if (problems.size() > before) {
      return null;
    }
    Object value;
    try {
      value = type.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(setting, s.invalidMessage(text), where));
      return null;
    }
    String refused = ((SettingType) type).check(value);
    if (refused == null && s.kind() == Setting.Kind.VALUE) {
      refused = ((Setting) s).check(value);
    }
    if (refused != null) {
      problems.add(new ConfigProblem(setting, refused, where));
      return null;
    }
    return value;
  }

  private String at(Integer line) {
    return Section.at(source, line);
  }
}
