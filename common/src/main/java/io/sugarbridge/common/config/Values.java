package io.sugarbridge.common.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The typed values {@link Section#read} found in one mapping, with the line of each key, so code
 * that checks settings together can still name {@code file:line}. A nested section's values are a
 * {@code Values}, a list of sections' a {@code List<Values>} and a map of sections' a {@code
 * Map<String, Values>} in the file's order.
 */
public final class Values {
  private final String source;
  private final int line;
  private final Map<String, Object> values = new HashMap<>();
  private final Map<String, Integer> lines = new HashMap<>();

  Values(String source, int line) {
    this.source = source;
    this.line = line;
  }

  void put(String key, Object value) {
    values.put(key, value);
  }

  void line(String key, int keyLine) {
    lines.put(key, keyLine);
  }

  /** The value the file gave, or the setting's default when it gave none (or one with problems). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    Object v = values.get(setting.key());
    return v == null ? setting.defaultValue() : (T) v;
  }

  /** True when the file gave a usable value. */
  public boolean isSet(Setting<?> setting) {
    return values.containsKey(setting.key());
  }

  /** The line of the setting's key, or null when the file does not have it. */
  public Integer line(String key) {
    return lines.get(key);
  }

  /** {@code file:line} of the setting's key, or of this mapping when the file does not have it. */
  public String location(String key) {
    Integer l = lines.get(key);
    return Section.at(source, l == null ? line : l);
  }

  /** The line of this mapping (of its name, for an entry of a {@link Setting#sectionMap}). */
  public int line() {
    return line;
  }

  public String source() {
    return source;
  }
}
