package io.sugarbridge.common.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of a configuration file, declared once: its key, type, default, whether it is
 * required, a check of its value, one line of documentation, its group and whether it is secret.
 * The reader ({@link Section#read}), the docs ({@link ConfigDocs}) and the code that uses the value
 * all read this declaration. Made with {@link #of}, {@link #list}, {@link #map}, {@link #section},
 * {@link #sections} or {@link #sectionMap} and the builder's methods.
 *
 * @param <T> the value's type: the type's, a {@code List} or {@code Map} of it, {@link Values}, or
 *     a list or map of them
 */
public final class Setting<T> {
  /** What shape the value has in the file. */
  public enum Kind {
    /** A single value. */
    VALUE,
    /** A list of single values; a single value is a list of one. */
    LIST,
    /**
     * A mapping of names the file chooses to single values (as {@code traits: {phone:
     * phone_work}}); a name without a value has the empty text.
     */
    MAP,
    /** A nested mapping of settings. */
    SECTION,
    /**
     * A list of mappings of settings (an item may be a single value: {@link Section#shorthand}).
     */
    SECTIONS,
    /**
     * A mapping of names the file chooses (e.g. field names) to mappings of settings (an entry may
     * be a single value: {@link Section#shorthand}), as {@code mappings: {email: {column: mail}}}.
     */
    SECTION_MAP
  }

  private final String key;
  private final Kind kind;
  private final SettingType<?> type;
  private final SettingType<String> keyType;
  private final Section section;
  private final T defaultValue;
  private final String defaultText;
  private final String missing;
  private final Function<? super T, String> check;
  private final String invalid;
  private final Function<String, String> invalidMessage;
  private final String doc;
  private final String group;
  private final String example;
  private final String allowedText;
  private final String shape;
  private final boolean secret;

  private Setting(Builder<T> b) {
    this.key = b.key;
    this.kind = b.kind;
    this.type = b.type;
    this.keyType = b.keyType;
    this.section = b.section;
    this.defaultValue = b.defaultValue;
    this.defaultText = b.defaultText;
    this.missing = b.missing;
    this.check = b.check;
    this.invalid = b.invalid;
    this.invalidMessage = b.invalidMessage;
    this.doc = b.doc;
    this.group = b.group;
    this.example = b.example;
    this.allowedText = b.allowedText;
    this.shape = b.shape;
    this.secret = b.secret;
  }

  /** A single value of {@code type}. */
  public static <T> Builder<T> of(String key, SettingType<T> type) {
    return new Builder<>(key, Kind.VALUE, type, null, null);
  }

  /** A list of values of {@code type}; each item is interpolated and parsed. */
  public static <E> Builder<List<E>> list(String key, SettingType<E> type) {
    return new Builder<List<E>>(key, Kind.LIST, type, null, null).defaultValue(List.of());
  }

  /**
   * A mapping of names to values of {@code type}, in the file's order; each value is interpolated
   * and parsed, and named {@code key.name} in problems.
   */
  public static <E> Builder<Map<String, E>> map(String key, SettingType<E> type) {
    return new Builder<Map<String, E>>(key, Kind.MAP, type, null, null).defaultValue(Map.of());
  }

  /** A nested mapping read against {@code section}. */
  public static Builder<Values> section(String key, Section section) {
    return new Builder<>(key, Kind.SECTION, null, null, section);
  }

  /** A list of mappings, each read against {@code section}. */
  public static Builder<List<Values>> sections(String key, Section section) {
    return new Builder<List<Values>>(key, Kind.SECTIONS, null, null, section)
        .defaultValue(List.of());
  }

  /**
   * A mapping of names to mappings of settings, as {@code mappings: {email: {column: mail}}}: each
   * name is parsed with {@code keyType} (its problem names {@code key.name}), each value read
   * against {@code section}. The value keeps the file's order; an entry with problems is still in
   * it (its problems are reported), a name that does not parse is not.
   */
  public static Builder<Map<String, Values>> sectionMap(
      String key, SettingType<String> keyType, Section section) {
    return new Builder<Map<String, Values>>(
            key, Kind.SECTION_MAP, null, Objects.requireNonNull(keyType, "keyType"), section)
        .defaultValue(Map.of());
  }

  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  /** The type of the value, or of each item of a list or value of a map; null for sections. */
  public SettingType<?> type() {
    return type;
  }

  /** How the names of a {@link Kind#SECTION_MAP} are parsed (the docs show its name); else null. */
  public SettingType<String> keyType() {
    return keyType;
  }

  /** The declarations of a nested section, of each item of a list or each entry of a map. */
  public Section section() {
    return section;
  }

  /** The value when the file does not give one (may be null). */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as the docs show it: declared text, else the formatted default, else empty. */
  public String defaultText() {
    return defaultText != null ? defaultText : formattedDefault();
  }

  /** The default value as one would write it in the file; empty when there is none to write. */
  @SuppressWarnings("unchecked")
  public String formattedDefault() {
    if (defaultValue == null || kind != Kind.VALUE) {
      return "";
    }
    return ((SettingType<T>) type).format(defaultValue);
  }

  /** True when the file must give it; {@link #missing()} says what to write. */
  public boolean required() {
    return missing != null;
  }

  /** The problem's message when a required setting is absent; null for optional ones. */
  public String missing() {
    return missing;
  }

  /** The problem with {@code value}, or null when it is allowed. */
  public String check(T value) {
    return check == null || value == null ? null : check.apply(value);
  }

  /** What the problem says after the quoted text when it does not parse. */
  public String invalid() {
    return invalid != null ? invalid : type == null ? "is not valid" : type.invalid();
  }

  /**
   * The problem's message when {@code text} does not parse: the one made from the text when
   * declared, else the quoted text (never a secret's) and {@link #invalid()}.
   */
  public String invalidMessage(String text) {
    if (invalidMessage != null) {
      return invalidMessage.apply(text);
    }
    return (secret ? "(the secret)" : "'" + text + "'") + " " + invalid();
  }

  public String doc() {
    return doc;
  }

  /** The group the docs list it under; empty for none. */
  public String group() {
    return group;
  }

  /** The value the generated example file shows; null to show the default. */
  public String example() {
    return example;
  }

  /** The allowed values as the docs show them: declared text, else the type's closed set. */
  public String allowedText() {
    if (allowedText != null) {
      return allowedText;
    }
    return type == null ? "" : String.join(", ", type.allowed());
  }

  /**
   * The problem when the file gives the wrong shape (a list where a single value belongs, a single
   * value where a mapping belongs); null for the reader's own words.
   */
  public String shape() {
    return shape;
  }

  /** A secret's value is never shown in problems, logs or docs. */
  public boolean secret() {
    return secret;
  }

  @Override
  public String toString() {
    return key;
  }

  /** Collects a declaration; {@link #build()} makes it. */
  public static final class Builder<T> {
    private final String key;
    private final Kind kind;
    private final SettingType<?> type;
    private final SettingType<String> keyType;
    private final Section section;
    private T defaultValue;
    private String defaultText;
    private String missing;
    private Function<? super T, String> check;
    private String invalid;
    private Function<String, String> invalidMessage;
    private String doc = "";
    private String group = "";
    private String example;
    private String allowedText;
    private String shape;
    private boolean secret;

    private Builder(
        String key, Kind kind, SettingType<?> type, SettingType<String> keyType, Section section) {
      this.key = Objects.requireNonNull(key, "key");
      this.kind = kind;
      this.type = type;
      this.keyType = keyType;
      this.section = section;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /** The default as the docs show it, when it is not a plain value (e.g. "discovered"). */
    public Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    /** Required; {@code message} is the problem when it is absent, saying what to write. */
    public Builder<T> required(String message) {
      this.missing = Objects.requireNonNull(message, "message");
      return this;
    }

    /** {@code check} returns the problem with a parsed value (what to write instead), or null. */
    public Builder<T> check(Function<? super T, String> check) {
      this.check = check;
      return this;
    }

    /** What the problem says after the quoted text when it does not parse. */
    public Builder<T> invalid(String text) {
      this.invalid = text;
      return this;
    }

    /**
     * The whole problem when the text does not parse, made from the text, for messages that depend
     * on what was written (e.g. a value that is known but refused). Never for a secret, whose text
     * must not be shown.
     */
    public Builder<T> invalid(Function<String, String> message) {
      this.invalidMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    public Builder<T> doc(String text) {
      this.doc = text;
      return this;
    }

    public Builder<T> group(String name) {
      this.group = name;
      return this;
    }

    /** The value the generated example shows (e.g. {@code ${SUGAR_PASSWORD}}). */
    public Builder<T> example(String value) {
      this.example = value;
      return this;
    }

    /** The allowed values as the docs show them, e.g. {@code "1 to 2047"}. */
    public Builder<T> allowed(String text) {
      this.allowedText = text;
      return this;
    }

    /**
     * The problem when the value has the wrong shape, saying what to write (e.g. {@code "must be a
     * list, e.g. keys: [a, b]"}); without it the reader names the shape.
     */
    public Builder<T> shape(String message) {
      this.shape = Objects.requireNonNull(message, "message");
      return this;
    }

    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    public Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
