package io.sugarbridge.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Documentation made from the declarations: a Markdown reference table of a section and an example
 * YAML block with a comment per setting, and the generated regions of committed docs that hold
 * them, between {@code <!-- generated: NAME ... -->} and {@code <!-- end generated: NAME -->}. A
 * module's drift test compares each region with what its declarations generate, and rewrites it
 * when run with {@code -Dsugarbridge.docs.write=true} (see {@link #syncRegion}).
 */
public final class ConfigDocs {
  /** The system property that makes drift tests rewrite the docs instead of failing. */
  public static final String WRITE_PROPERTY = "sugarbridge.docs.write";

  private ConfigDocs() {}

  /**
   * A Markdown table (key, type, default, allowed, meaning) of {@code section}'s settings, keys
   * written {@code prefix + key}; nested sections follow as {@code parent.key}, lists of sections
   * as {@code parent[].key} and maps of sections as {@code parent.<name>.key} (with the name's
   * type, e.g. {@code mappings.<field>.column}).
   */
  public static String table(String prefix, Section section) {
    return table(prefix, section, true, null);
  }

  /**
   * As {@link #table(String, Section)}; with {@code nested} false, a nested section or list of
   * sections is one row of its own and its settings are left to a table of their own (as when a
   * file's rows are documented apart from the file's top level).
   */
  public static String table(String prefix, Section section, boolean nested) {
    return table(prefix, section, nested, null);
  }

  /**
   * As {@link #table(String, Section)}, with only the settings of {@code group} (and the settings
   * nested in them), for a page that lists a long file's settings group by group.
   */
  public static String table(String prefix, Section section, String group) {
    return table(prefix, section, true, group);
  }

  private static String table(String prefix, Section section, boolean nested, String group) {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | allowed | meaning |\n");
    out.append("|---|---|---|---|---|\n");
    rows(out, prefix, section, nested, group);
    return out.toString();
  }

  private static void rows(
      StringBuilder out, String prefix, Section section, boolean nested, String group) {
    // The key that picks a shape of a oneOf section is required only in the sense that it is there.
    List<Setting<?>> picks = new ArrayList<>();
    section.alternatives().forEach(a -> picks.add(a.settings().get(0)));
    for (Setting<?> s : section.settings()) {
      if (group != null && !group.equals(s.group())) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      cells.add("`" + prefix + s.key() + "`");
      cells.add(type(s));
      boolean required = s.required() && picks.stream().noneMatch(p -> p == s);
      String dflt = required ? "required" : s.defaultText();
      // Code font only for a value one could write; "required" or "discovered" are words.
      boolean literal = !required && !dflt.isEmpty() && dflt.equals(s.formattedDefault());
      cells.add(literal ? "`" + dflt + "`" : dflt);
      cells.add(s.allowedText());
      cells.add(s.doc());
      out.append("| ")
          .append(String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()))
          .append(" |\n");
      if (nested && s.kind() == Setting.Kind.SECTION) {
        rows(out, prefix + s.key() + ".", s.section(), true, null);
      } else if (nested && s.kind() == Setting.Kind.SECTIONS) {
        rows(out, prefix + s.key() + "[].", s.section(), true, null);
      } else if (nested && s.kind() == Setting.Kind.SECTION_MAP) {
        rows(out, prefix + s.key() + ".<" + s.keyType().name() + ">.", s.section(), true, null);
      }
    }
  }

  private static String type(Setting<?> s) {
    String t =
        switch (s.kind()) {
          case VALUE -> s.type().name();
          case LIST -> "list of " + s.type().name();
          case MAP -> "map of " + s.type().name();
          case SECTION -> "section";
          case SECTIONS -> "list of sections";
          case SECTION_MAP -> "map of sections";
        };
    return s.secret() ? t + ", secret" : t;
  }

  /**
   * An example of the section in YAML under {@code key:}: a required setting, and one with an
   * {@link Setting#example()} and no default, is written out; the others are commented out with
   * their example or default value; each with its documentation as a comment. Nested sections and
   * maps are not shown.
   */
  public static String yamlExample(String key, Section section) {
    List<String[]> lines = new ArrayList<>();
    for (Setting<?> s : section.settings()) {
      if (s.kind() != Setting.Kind.VALUE && s.kind() != Setting.Kind.LIST) {
        continue;
      }
      boolean hasDefault = s.defaultValue() != null || !s.defaultText().isEmpty();
      String value = s.example() != null ? s.example() : s.formattedDefault();
      if (value.isEmpty()) {
        value = s.kind() == Setting.Kind.LIST ? "[]" : "\"\"";
      }
      boolean written = s.required() || (s.example() != null && !hasDefault);
      String left = "  " + (written ? "" : "# ") + s.key() + ": " + value;
      lines.add(new String[] {left, s.doc()});
    }
    int width =
        lines.stream().filter(l -> !l[1].isEmpty()).mapToInt(l -> l[0].length()).max().orElse(0)
            + 3;
    StringBuilder out = new StringBuilder(key).append(":\n");
    for (String[] l : lines) {
      out.append(l[0]);
      if (!l[1].isEmpty()) {
        out.append(" ".repeat(width - l[0].length())).append("# ").append(l[1]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The marker that opens region {@code name}. */
  public static String begin(String name) {
    return "<!-- generated: " + name + " (from the setting declarations; do not edit by hand) -->";
  }

  /** The marker that closes region {@code name}. */
  public static String end(String name) {
    return "<!-- end generated: " + name + " -->";
  }

  /**
   * The text of region {@code name} in {@code file} (between its markers, newline after the opening
   * marker included). With {@code write}, a region that differs from {@code generated} is first
   * rewritten to it. A drift test asserts the result equals {@code generated}.
   *
   * @throws IllegalStateException when the file does not hold both markers in order
   */
  public static String syncRegion(Path file, String name, String generated, boolean write)
      throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String begin = begin(name);
    int b = text.indexOf(begin);
    int e = text.indexOf(end(name));
    if (b < 0 || e < b) {
      throw new IllegalStateException(
          file + " must hold the markers " + begin + " and " + end(name) + ", in that order");
    }
    String committed = text.substring(b + begin.length(), e);
    String wanted = "\n" + generated;
    if (write && !committed.equals(wanted)) {
      Files.writeString(
          file,
          text.substring(0, b + begin.length()) + wanted + text.substring(e),
          StandardCharsets.UTF_8);
      committed = wanted;
    }
    return committed.startsWith("\n") ? committed.substring(1) : committed;
  }
}
