package io.sugarbridge.common.config;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The settings of one mapping of a configuration file (a file's top level, or a nested section),
 * declared as a list of {@link Setting}s, and the reader that checks a mapping against them: every
 * problem is collected (unknown key with "did you mean", a list or mapping where a value belongs,
 * an unset variable, text that does not parse, a value its check refuses, a required setting
 * missing), each naming the setting, its {@code file:line} and what to write instead. A setting's
 * own {@link Setting#shape()} message replaces the reader's words for a value of the wrong shape.
 */
public final class Section {
  private final List<Setting<?>> settings;
  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final BiFunction<String, List<String>, String> unknownKey;
  private final Setting<?> shorthand;

  private Section(
      List<Setting<?>> settings,
      BiFunction<String, List<String>, String> unknownKey,
      Setting<?> shorthand) {
    this.settings = List.copyOf(settings);
    for (Setting<?> s : this.settings) {
      if (byKey.put(s.key(), s) != null) {
        throw new IllegalArgumentException("setting " + s.key() + " is declared twice");
      }
    }
    this.unknownKey = unknownKey;
    this.shorthand = shorthand;
  }

  /** A section of these settings, in the order the docs list them. */
  public static Section of(Setting<?>... settings) {
    return new Section(List.of(settings), Section::unknownSetting, null);
  }

  /**
   * The same section with its own message for an unknown key: {@code message} gets the key and the
   * known keys in declaration order.
   */
  public Section withUnknownKeyMessage(BiFunction<String, List<String>, String> message) {
    return new Section(settings, Objects.requireNonNull(message, "message"), shorthand);
  }

  /**
   * The same section where an item of a list of sections may be a single value: it is the value of
   * {@code setting} (as {@code write_keys: [KEY]} for {@code write_keys: [{key: KEY}]}).
   */
  public Section withShorthand(Setting<?> setting) {
    if (!byKey.containsKey(setting.key()) || setting.kind() != Setting.Kind.VALUE) {
      throw new IllegalArgumentException(setting.key() + " is not a single value of this section");
    }
    return new Section(settings, unknownKey, setting);
  }

  public List<Setting<?>> settings() {
    return settings;
  }

  /** The keys in declaration order. */
  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /**
   * Reads {@code mapping} against the declarations, adding every problem to {@code problems}.
   * Settings are named {@code prefix + key} (e.g. {@code sugar.} + {@code password}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Values read(
      YamlNode.Mapping mapping,
      String prefix,
      String source,
      Interpolator env,
      List<ConfigProblem> problems) {
    Values out = new Values(source, mapping.line());
    Set<String> given = new HashSet<>();
    for (Map.Entry<String, YamlNode> e : mapping.entries().entrySet()) {
      String key = e.getKey();
      int line = mapping.keyLines().get(key);
      Setting<?> s = byKey.get(key);
      if (s == null) {
        problems.add(
            new ConfigProblem(prefix + key, unknownKey.apply(key, keys()), at(source, line)));
        continue;
      }
      out.line(key, line);
      if (YamlNode.isNull(e.getValue())) {
        continue;
      }
      given.add(key);
      Object v = value(s, e.getValue(), prefix + key, source, line, env, problems);
      // A single value's check ran on it at its own line; a list's, map's or section's runs here.
      String refused = v == null || s.kind() == Setting.Kind.VALUE ? null : ((Setting) s).check(v);
      if (refused != null) {
        problems.add(new ConfigProblem(prefix + key, refused, at(source, line)));
      } else if (v != null) {
        out.put(key, v);
      }
    }
    for (Setting<?> s : settings) {
      // A value that was given but refused has its problem already; "missing" would be wrong.
      if (s.required() && !given.contains(s.key())) {
        Integer line = out.line(s.key());
        problems.add(
            new ConfigProblem(
                prefix + s.key(), s.missing(), at(source, line == null ? mapping.line() : line)));
      }
    }
    return out;
  }

  /** The value of one entry, or null after adding its problems. */
  private Object value(
      Setting<?> s,
      YamlNode node,
      String setting,
      String source,
      int line,
      Interpolator env,
      List<ConfigProblem> problems) {
    return switch (s.kind()) {
      case VALUE -> {
        if (!(node instanceof YamlNode.Scalar scalar)) {
          problems.add(
              new ConfigProblem(
                  setting,
                  shape(s, "must be a single value, not a list or mapping"),
                  at(source, line)));
          yield null;
        }
        yield scalar(s, s.type(), scalar, setting, source, env, problems);
      }
      case LIST -> {
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        if (node instanceof YamlNode.Mapping) {
          problems.add(new ConfigProblem(setting, shape(s, "must be a list"), at(source, line)));
          yield null;
        }
        List<Object> values = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : items) {
          if (!(item instanceof YamlNode.Scalar sc) || sc.text() == null) {
            problems.add(
                new ConfigProblem(
                    setting, "each item must be a single value", at(source, item.line())));
            ok = false;
            continue;
          }
          Object v = scalar(s, s.type(), sc, setting, source, env, problems);
          ok &= v != null;
          values.add(v);
        }
        yield ok ? List.copyOf(values) : null;
      }
      case MAP -> {
        if (!(node instanceof YamlNode.Mapping m)) {
          problems.add(
              new ConfigProblem(
                  setting, shape(s, "must be a mapping of names to values"), at(source, line)));
          yield null;
        }
        yield map(s, m, setting, source, env, problems);
      }
      case SECTION -> {
        if (!(node instanceof YamlNode.Mapping m)) {
          problems.add(
              new ConfigProblem(
                  setting,
                  shape(s, "must be a mapping of " + String.join(", ", s.section().keys())),
                  at(source, line)));
          yield null;
        }
        yield s.section().read(m, setting + ".", source, env, problems);
      }
      case SECTIONS -> {
        if (!(node instanceof YamlNode.Sequence seq)) {
          problems.add(new ConfigProblem(setting, shape(s, "must be a list"), at(source, line)));
          yield null;
        }
        List<Values> values = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
          values.add(
              s.section()
                  .item(seq.items().get(i), setting + "[" + (i + 1) + "]", source, env, problems));
        }
        yield List.copyOf(values);
      }
    };
  }

  /** The values of a map in file order, each named {@code setting.name}; null after problems. */
  private static Map<String, Object> map(
      Setting<?> s,
      YamlNode.Mapping m,
      String setting,
      String source,
      Interpolator env,
      List<ConfigProblem> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
      String name = setting + "." + e.getKey();
      if (!(e.getValue() instanceof YamlNode.Scalar sc)) {
        problems.add(
            new ConfigProblem(
                name,
                "must be a single value, not a list or mapping",
                at(source, m.keyLines().get(e.getKey()))));
        ok = false;
        continue;
      }
      // "name:" alone is the empty text, so the type's check says what to write there.
      YamlNode.Scalar text = sc.text() == null ? new YamlNode.Scalar("", sc.line()) : sc;
      Object v = scalar(s, s.type(), text, name, source, env, problems);
      ok &= v != null;
      values.put(e.getKey(), v);
    }
    return ok ? Collections.unmodifiableMap(values) : null;
  }

  private static String shape(Setting<?> s, String standard) {
    return s.shape() != null ? s.shape() : standard;
  }

  private Values item(
      YamlNode node,
      String setting,
      String source,
      Interpolator env,
      List<ConfigProblem> problems) {
    if (node instanceof YamlNode.Mapping m) {
      return read(m, setting + ".", source, env, problems);
    }
    Values v = new Values(source, node.line());
    if (shorthand != null && node instanceof YamlNode.Scalar sc && sc.text() != null) {
      v.line(shorthand.key(), node.line());
      Object value = scalar(shorthand, shorthand.type(), sc, setting, source, env, problems);
      if (value != null) {
        v.put(shorthand.key(), value);
      }
    } else {
      problems.add(
          new ConfigProblem(
              setting,
              "must be a mapping of "
                  + String.join(", ", keys())
                  + (shorthand == null ? "" : ", or a single " + shorthand.key()),
              at(source, node.line())));
    }
    return v;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object scalar(
      Setting<?> s,
      SettingType<?> type,
      YamlNode.Scalar node,
      String setting,
      String source,
      Interpolator env,
      List<ConfigProblem> problems) {
    String where = at(source, node.line());
    int before = problems.size();
    String text = env.apply(node.text(), setting, where, problems);
    if (problems.size() > before) {
      return null;
    }
    Object value;
    try {
      value = type.parse(text);
    } catch (IllegalArgumentException e) {
      String shown = s.secret() ? "(the secret)" : "'" + text + "'";
      problems.add(new ConfigProblem(setting, shown + " " + s.invalid(), where));
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

  /** {@code source:line}, or {@code source} when the line is not known. */
  public static String at(String source, Integer line) {
    return line == null || line <= 0 ? source : source + ":" + line;
  }

  private static String unknownSetting(String key, List<String> known) {
    return "unknown setting"
        + Suggestions.didYouMean(key, known)
        + "; known settings are "
        + String.join(", ", known);
  }
}
