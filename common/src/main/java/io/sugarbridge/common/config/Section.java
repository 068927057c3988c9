package io.sugarbridge.common.config;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The settings of one mapping of a configuration file (a file's top level, or a nested section),
 * declared as a list of {@link Setting}s, and the reader that checks a mapping against them: every
 * problem is collected (unknown key with "did you mean", a list or mapping where a value belongs,
 * an unset variable, text that does not parse, a value its check refuses, a required setting
 * missing), each naming the setting, its {@code file:line} and what to write instead. A setting's
 * own {@link Setting#shape()} message replaces the reader's words for a value of the wrong shape. A
 * section may be {@link #oneOf} several shapes, told apart by the key a mapping holds.
 */
public final class Section {
  private final List<Setting<?>> settings;
  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final BiFunction<String, List<String>, String> unknownKey;
  private final Setting<?> shorthand;
  private final List<Section> alternatives;

  private Section(
      List<Setting<?>> settings,
      BiFunction<String, List<String>, String> unknownKey,
      Setting<?> shorthand,
      List<Section> alternatives) {
    this.settings = List.copyOf(settings);
    for (Setting<?> s : this.settings) {
      if (byKey.put(s.key(), s) != null) {
        throw new IllegalArgumentException("setting " + s.key() + " is declared twice");
      }
    }
    this.unknownKey = unknownKey;
    this.shorthand = shorthand;
    this.alternatives = List.copyOf(alternatives);
  }

  /** A section of these settings, in the order the docs list them. */
  public static Section of(Setting<?>... settings) {
    return new Section(List.of(settings), Section::unknownSetting, null, List.of());
  }

  /**
   * A section that is one of several shapes, as a field's mapping is {@code {column: c, transform:
   * t}}, {@code {const: v}} or {@code {email: e, opt_out: o}}: a mapping is read against the first
   * alternative whose first key it holds, so its other keys must be that alternative's; a mapping
   * with none of those keys is a problem that lists the shapes. Its settings (for the docs) are
   * those of every alternative, in order; one setting may belong to several.
   */
  public static Section oneOf(Section... alternatives) {
    List<Setting<?>> all = new ArrayList<>();
    for (Section a : alternatives) {
      if (a.settings.isEmpty() || !a.alternatives.isEmpty()) {
        throw new IllegalArgumentException("an alternative needs settings of its own");
      }
      for (Setting<?> s : a.settings) {
        if (all.stream().noneMatch(x -> x == s)) {
          all.add(s);
        }
      }
    }
    if (alternatives.length < 2) {
      throw new IllegalArgumentException("oneOf needs at least two alternatives");
    }
    return new Section(all, Section::unknownSetting, null, List.of(alternatives));
  }

  /**
   * The same section with its own message for an unknown key: {@code message} gets the key and the
   * known keys in declaration order.
   */
  public Section withUnknownKeyMessage(BiFunction<String, List<String>, String> message) {
    Objects.requireNonNull(message, "message");
    return new Section(
        settings,
        message,
        shorthand,
        alternatives.stream().map(a -> a.withUnknownKeyMessage(message)).toList());
  }

  /**
   * The same section where an item of a list of sections may be a single value: it is the value of
   * {@code setting} (as {@code write_keys: [KEY]} for {@code write_keys: [{key: KEY}]}). The same
   * holds for an entry of a {@link Setting#sectionMap}, where an empty entry is the shorthand
   * without a value (a problem when it is required).
   */
  public Section withShorthand(Setting<?> setting) {
    if (!byKey.containsKey(setting.key()) || setting.kind() != Setting.Kind.VALUE) {
      throw new IllegalArgumentException(setting.key() + " is not a single value of this section");
    }
    return new Section(settings, unknownKey, setting, alternatives);
  }

  public List<Setting<?>> settings() {
    return settings;
  }

  /** The keys in declaration order. */
  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /** The setting a single value stands for (see {@link #withShorthand}), or null. */
  public Setting<?> shorthand() {
    return shorthand;
  }

  /** The shapes of a {@link #oneOf} section; empty for a plain one. */
  public List<Section> alternatives() {
    return alternatives;
  }

  /**
   * What a value of this section may be, as problems say it: {@code a mapping of a, b} (and {@code
   * or a single a} with a shorthand), or for {@link #oneOf} the shapes, e.g. {@code a single
   * column, {column: …, transform: …} or {const: …}}.
   */
  public String shapes() {
    if (alternatives.isEmpty()) {
      return "a mapping of "
          + String.join(", ", keys())
          + (shorthand == null ? "" : ", or a single " + shorthand.key());
    }
    List<String> forms = new ArrayList<>();
    if (shorthand != null) {
      forms.add("a single " + shorthand.key());
    }
    for (Section a : alternatives) {
      forms.add("{" + String.join(", ", a.keys().stream().map(k -> k + ": …").toList()) + "}");
    }
    return SettingType.orList(forms);
  }

  /**
   * Reads {@code mapping} against the declarations, adding every problem to {@code problems}.
   * Settings are named {@code prefix + key} (e.g. {@code sugar.} + {@code password}).
   */
  public Values read(
      YamlNode.Mapping mapping,
      String prefix,
      String source,
      Interpolator env,
      List<ConfigProblem> problems) {
    String setting = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return new SectionReader(source, env, problems)
        .mapping(this, mapping, setting, prefix, mapping.line());
  }

  /** The declaration of {@code key}, or null. */
  Setting<?> setting(String key) {
    return byKey.get(key);
  }

  /** The problem's message for an unknown key here. */
  String unknownKey(String key) {
    return unknownKey.apply(key, keys());
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
