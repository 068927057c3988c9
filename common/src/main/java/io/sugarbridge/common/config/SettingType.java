package io.sugarbridge.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of a setting becomes a value: the type's name (for the docs), the parser, what the
 * problem says when the text does not parse, and, for closed sets, the allowed values.
 *
 * @param <T> the value's Java type
 */
public final class SettingType<T> {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|mb|gb)?");

  private final String name;
  private final Function<String, T> parser;
  private final String invalid;
  private final List<String> allowed;
  private final Function<T, String> format;
  private final Function<? super T, String> check;

  private SettingType(
      String name,
      Function<String, T> parser,
      String invalid,
      List<String> allowed,
      Function<T, String> format) {
    this(name, parser, invalid, allowed, format, null);
  }

  private SettingType(
      String name,
      Function<String, T> parser,
      String invalid,
      List<String> allowed,
      Function<T, String> format,
      Function<? super T, String> check) {
    this.name = name;
    this.parser = parser;
    this.invalid = invalid;
    this.allowed = allowed;
    this.format = format;
    this.check = check;
  }

  /**
   * This type with a check of every value it parses: {@code check} returns the whole problem (what
   * is wrong and what to write instead) or null. Unlike {@link Setting.Builder#check}, which sees a
   * list or a map whole, it checks each item of a list and each value of a map at its own line. A
   * check already on this type runs first.
   */
  public SettingType<T> checked(Function<? super T, String> valueCheck) {
    Objects.requireNonNull(valueCheck, "valueCheck");
    Function<? super T, String> before = check;
    Function<T, String> both =
        v -> {
          String refused = before == null ? null : before.apply(v);
          return refused != null ? refused : valueCheck.apply(v);
        };
    return new SettingType<>(name, parser, invalid, allowed, format, both);
  }

  /**
   * A type of its own: {@code parser} returns the value or throws {@link IllegalArgumentException}
   * (its message is not shown); {@code invalid} follows the quoted text in the problem, e.g. {@code
   * "is not a whole number"}.
   */
  public static <T> SettingType<T> of(
      String name, Function<String, T> parser, String invalid, Function<T, String> format) {
    return new SettingType<>(name, parser, invalid, List.of(), format);
  }

  /** Text as written (after interpolation). */
  public static SettingType<String> string() {
    return new SettingType<>("string", t -> t, "is not text", List.of(), t -> t);
  }

  public static SettingType<Integer> integer() {
    return new SettingType<>(
        "integer",
        t -> Integer.parseInt(t.strip()),
        "is not a whole number",
        List.of(),
        String::valueOf);
  }

  /** A decimal number such as {@code 15}, {@code 0.5} or {@code 1e3}. */
  public static SettingType<Double> number() {
    return new SettingType<>(
        "number",
        t -> {
          // Double.parseDouble alone would also take 15f, 15d, NaN, Infinity and hex.
          if (!DECIMAL.matcher(t.strip()).matches()) {
            throw new IllegalArgumentException(t);
          }
          return Double.parseDouble(t.strip());
        },
        "is not a number",
        List.of(),
        d -> d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d));
  }

  public static SettingType<Boolean> bool() {
    return new SettingType<>(
        "boolean",
        t -> {
          String s = t.strip().toLowerCase(Locale.ROOT);
          if (s.equals("true") || s.equals("false")) {
            return s.equals("true");
          }
          throw new IllegalArgumentException(t);
        },
        "is not true or false",
        List.of("true", "false"),
        String::valueOf);
  }

  /** {@code 250ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or a number of seconds. */
  public static SettingType<Duration> duration() {
    return new SettingType<>(
        "duration",
        SettingType::parseDuration,
        "is not a duration; write e.g. 90s, 5m, 2h or 1d",
        List.of(),
        SettingType::formatDuration);
  }

  /** A number of bytes: {@code 512}, {@code 64kb}, {@code 64mb}, {@code 1gb} (powers of 1024). */
  public static SettingType<Long> size() {
    return new SettingType<>(
        "size",
        t -> {
          Matcher m = SIZE.matcher(t.strip().toLowerCase(Locale.ROOT));
          if (!m.matches()) {
            throw new IllegalArgumentException(t);
          }
          long n = Long.parseLong(m.group(1));
          String unit = m.group(2) == null ? "b" : m.group(2);
          int shift =
              switch (unit) {
                case "kb" -> 10;
                case "mb" -> 20;
                case "gb" -> 30;
                default -> 0;
              };
          return Math.multiplyExact(n, 1L << shift);
        },
        "is not a size; write e.g. 512kb, 64mb or 1gb",
        List.of(),
        SettingType::formatSize);
  }

  /** An absolute URL. */
  public static SettingType<URI> url() {
    return new SettingType<>(
        "URL",
        t -> {
          try {
            URI u = new URI(t.strip());
            if (!u.isAbsolute()) {
              throw new IllegalArgumentException(t);
            }
            return u;
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
          }
        },
        "is not an absolute URL",
        List.of(),
        URI::toString);
  }

  /**
   * One of an enum's constants, written as {@code wireName} gives them (compared in lower case).
   */
  public static <E extends Enum<E>> SettingType<E> oneOf(
      Class<E> type, Function<E, String> wireName) {
    E[] constants = type.getEnumConstants();
    List<String> names = Arrays.stream(constants).map(wireName).toList();
    return new SettingType<>(
        "one of",
        t -> {
          String s = t.strip().toLowerCase(Locale.ROOT);
          for (E e : constants) {
            if (wireName.apply(e).toLowerCase(Locale.ROOT).equals(s)) {
              return e;
            }
          }
          throw new IllegalArgumentException(t);
        },
        "is not supported; write " + orList(names),
        names,
        wireName);
  }

  /** One of an enum's constants, written as their lower-case names. */
  public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
    return oneOf(type, e -> e.name().toLowerCase(Locale.ROOT));
  }

  /** {@code "a, b or c"}. */
  public static String orList(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  public String name() {
    return name;
  }

  /** What a problem says after the quoted text when it does not parse. */
  public String invalid() {
    return invalid;
  }

  /** The allowed values of a closed set, as written; empty for an open type. */
  public List<String> allowed() {
    return allowed;
  }

  /** The value parsed from {@code text}; throws {@link IllegalArgumentException} if it is not. */
  public T parse(String text) {
    Objects.requireNonNull(text, "text");
    try {
      return parser.apply(text);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The problem {@link #checked} finds with a parsed value, or null when it is allowed. */
  public String check(T value) {
    return check == null || value == null ? null : check.apply(value);
  }

  /** The value as one would write it in the file (for the docs). */
  public String format(T value) {
    return format.apply(value);
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  static String formatSize(long bytes) {
    String[] units = {"gb", "mb", "kb"};
    int[] shifts = {30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return String.valueOf(bytes);
  }
}
