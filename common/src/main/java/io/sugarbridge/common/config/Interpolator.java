package io.sugarbridge.common.config;

import io.sugarbridge.common.error.ConfigProblem;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in configuration values with environment variables, so secrets stay out
 * of files; {@code $${} writes a literal {@code ${}; a reference
 * without its {@code }} is a problem. The one interpolation of every sugarbridge
 * file.
 */
public final class Interpolator {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)(}|$)");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final Interpolator NONE = new Interpolator(name -> null, false);

  private final Function<String, String> environment;
  private final boolean replaces;

  /** Looks variables up in {@code environment}, which returns null for an unset one. */
  public Interpolator(Function<String, String> environment) {
    this(Objects.requireNonNull(environment, "environment"), true);
  }

  private Interpolator(Function<String, String> environment, boolean replaces) {
    this.environment = environment;
    this.replaces = replaces;
  }

  /** Values taken as written, {@code ${} included: for text that has no variables (a CSV cell). */
  public static Interpolator none() {
    return NONE;
  }

  /** Variables from the process environment. */
  public static Interpolator ofSystem() {
    return new Interpolator(System::getenv);
  }

  /**
   * {@code value} with its variables replaced. An unset or malformed variable adds a problem naming
   * {@code setting} at {@code location} (never the value, which may hold a secret) and is replaced
   * by an empty string. Null stays null.
   */
  public String apply(String value, String setting, String location, List<ConfigProblem> problems) {
    if (value == null || !replaces || !value.contains("${")) {
      return value;
    }
    Matcher m = VARIABLE.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement = "";
      if (m.group(1) == null) {
        replacement = "${";
      } else {
        String name = m.group(1).strip();
        if (m.group(2).isEmpty() || !VARIABLE_NAME.matcher(name).matches()) {
          problems.add(
              new ConfigProblem(
                  setting,
                  "'${"
                      + name
                      + m.group(2)
                      + "' is not a valid environment variable reference; write ${NAME}",
                  location));
        } else {
          String found = environment.apply(name);
          if (found == null) {
            problems.add(
                new ConfigProblem(
                    setting,
                    "refers to environment variable "
                        + name
                        + ", which is not set; set it (export "
                        + name
                        + "=...) or write the value",
                    location));
          } else {
            replacement = found;
          }
        }
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** {@code value} written so that {@link #apply} gives it back: {@code ${} as {@code $${}. */
  public static String escape(String value) {
    return value == null ? null : value.replace("${", "$${");
  }
}
