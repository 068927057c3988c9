package io.sugarbridge.client.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code sugar:} section of a sugarbridge YAML file into a {@link SugarClientConfig}.
 * Every job's file shares this section; other top-level sections belong to other jobs and are left
 * alone. Values may use {@code ${ENV_VAR}} (write {@code $${} for a literal {@code ${}) so secrets
 * stay out of the file. Problems name the file and line: an unknown key inside {@code sugar:}, an
 * unset variable, and every validation problem of {@link SugarClientConfig}.
 *
 * <pre>
 * sugar:
 *   instance_url: https://mycompany.sugarcrm.com
 *   username: ${SUGAR_USERNAME}
 *   password: ${SUGAR_PASSWORD}
 *   # api_version, client_id, client_secret, platform, grant_type: optional
 *   # max_in_flight (default 4), max_requests_per_second (default 15; 0 for no limit): optional
 *   # max_response_mb (default 64, or an eighth of the heap if less): the largest answer read
 * </pre>
 */
public final class SugarConnectionFile {
  private static final List<String> KEYS =
      List.of(
          "instance_url",
          "username",
          "password",
          "api_version",
          "client_id",
          "client_secret",
          "platform",
          "grant_type",
          "max_in_flight",
          "max_requests_per_second",
          "max_response_mb");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SugarConnectionFile() {}

  /**
   * The connection file for these settings, as YAML text that {@link #parse} reads back to equal
   * settings. Passwords and secrets are written in clear, so this is for files a program generates
   * for credentials it owns (the demo's sandbox, benchmarks, tests); for a real instance write
   * {@code ${ENV}} references by hand. Values are quoted by the YAML writer, so any character is
   * safe; a literal {@code ${} is escaped as {@code $${}.
   */
  public static String toYaml(SugarClientConfig config) {
    Map<String, Object> sugar = new LinkedHashMap<>();
    sugar.put("instance_url", config.instanceUrl().toString());
    if (config.apiVersion() != null) {
      sugar.put("api_version", config.apiVersion().toString());
    }
    sugar.put("username", escape(config.username()));
    sugar.put("password", escape(config.password().reveal()));
    sugar.put("client_id", escape(config.clientId()));
    sugar.put("client_secret", escape(config.clientSecret().reveal()));
    sugar.put("platform", config.platform());
    sugar.put("grant_type", config.grantType().wireName());
    sugar.put("max_in_flight", config.maxInFlight());
    sugar.put("max_requests_per_second", config.maxRequestsPerSecond());
    if (config.maxResponseMb() != SugarClientConfig.defaultMaxResponseMb()) {
      sugar.put("max_response_mb", config.maxResponseMb());
    }
    try {
      return new YAMLMapper()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .writeValueAsString(Map.of("sugar", sugar));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a connection file: " + e.getMessage(), e);
    }
  }

  private static String escape(String v) {
    return v == null ? null : v.replace("${", "$${");
  }

  /** Loads with variables from the process environment. */
  public static SugarClientConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads with variables looked up in {@code environment} (returns null for unset).
   *
   * @throws ConfigurationException naming the file, line and setting of every problem
   */
  public static SugarClientConfig load(Path file, Function<String, String> environment) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          "config file",
          file
              + " does not exist; create it with a 'sugar:' section (instance_url, username,"
              + " password) or pass the right path");
    } catch (IOException e) {
      throw new ConfigurationException(
          "config file", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString(), environment);
  }

  /** Parses YAML text; {@code source} names it in messages. */
  public static SugarClientConfig parse(
      String text, String source, Function<String, String> environment) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    readSugarSection(text, source, entries, problems);

    Map<String, String> values = new LinkedHashMap<>();
    for (Entry e : entries.values()) {
      values.put(e.key, interpolate(e, source, environment, problems));
    }
    SugarClientConfig config = null;
    try {
      SugarClientConfig.Builder b =
          SugarClientConfig.builder()
              .instanceUrl(values.get("instance_url"))
              .apiVersion(values.get("api_version"))
              .username(values.get("username"))
              .password(values.get("password"))
              .clientId(values.get("client_id"))
              .clientSecret(values.get("client_secret"))
              .platform(values.get("platform"));
      String grant = values.get("grant_type");
      if (grant != null) {
        GrantType g = grantType(grant);
        if (g == null) {
          problems.add(
              new ConfigProblem(
                  "sugar.grant_type",
                  "'" + grant + "' is not supported; write password or client_credentials",
                  location(source, entries.get("grant_type"))));
        } else {
          b.grantType(g);
        }
      }
      number(
          "max_in_flight",
          "is not a whole number; write e.g. 4",
          Integer::parseInt,
          b::maxInFlight,
          values,
          entries,
          source,
          problems);
      number(
          "max_requests_per_second",
          "is not a number; write e.g. 15, or 0 for no limit",
          Double::parseDouble,
          b::maxRequestsPerSecond,
          values,
          entries,
          source,
          problems);
      number(
          "max_response_mb",
          "is not a whole number of MB; write e.g. 64",
          Integer::parseInt,
          b::maxResponseMb,
          values,
          entries,
          source,
          problems);
      config = b.build();
    } catch (ConfigurationException e) {
      for (ConfigProblem p : e.problems()) {
        String key = p.setting().substring(p.setting().indexOf('.') + 1);
        Entry at = entries.get(key);
        problems.add(
            p.withLocation(at == null ? source + " (sugar: section)" : location(source, at)));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return config;
  }

  /**
   * Passes the number under {@code key}, when given, to {@code set}; one that does not parse is a
   * problem at its line: the value as written, then {@code hint}.
   */
  private static <T> void number(
      String key,
      String hint,
      Function<String, T> parse,
      java.util.function.Consumer<T> set,
      Map<String, String> values,
      Map<String, Entry> entries,
      String source,
      List<ConfigProblem> problems) {
    String v = values.get(key);
    if (v != null) {
      try {
        set.accept(parse.apply(v.strip()));
      } catch (NumberFormatException e) {
        problems.add(
            new ConfigProblem(
                "sugar." + key, "'" + v + "' " + hint, location(source, entries.get(key))));
      }
    }
  }

  private static GrantType grantType(String v) {
    for (GrantType g : GrantType.values()) {
      if (g.wireName().equals(v.strip().toLowerCase(Locale.ROOT))) {
        return g;
      }
    }
    return null;
  }

  private static void readSugarSection(
      String text, String source, Map<String, Entry> out, List<ConfigProblem> problems) {
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(
            new ConfigProblem("sugar", "the file is empty; add a 'sugar:' section", source));
        return;
      }
      if (t != JsonToken.START_OBJECT) {
        problems.add(
            new ConfigProblem(
                "sugar", "the file must be a YAML mapping with a 'sugar:' key", source));
        return;
      }
      boolean found = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        int line = p.currentTokenLocation().getLineNr();
        JsonToken v = p.nextToken();
        if (!"sugar".equals(name)) {
          p.skipChildren();
          continue;
        }
        found = true;
        if (v != JsonToken.START_OBJECT) {
          problems.add(
              new ConfigProblem(
                  "sugar",
                  "must be a mapping of settings (instance_url, username, password, ...)",
                  source + ":" + line));
          p.skipChildren();
          continue;
        }
        readSettings(p, source, out, problems);
      }
      if (!found) {
        problems.add(
            new ConfigProblem(
                "sugar",
                "no 'sugar:' section; add one with instance_url, username and password",
                source));
      }
    } catch (IOException e) {
      problems.add(new ConfigProblem("sugar", "not valid YAML: " + firstLine(e), source));
    }
  }

  private static void readSettings(
      JsonParser p, String source, Map<String, Entry> out, List<ConfigProblem> problems)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      int line = p.currentTokenLocation().getLineNr();
      JsonToken v = p.nextToken();
      if (!KEYS.contains(key)) {
        problems.add(
            new ConfigProblem(
                "sugar." + key,
                "unknown setting"
                    + suggestion(key)
                    + "; known settings are "
                    + String.join(", ", KEYS),
                source + ":" + line));
        p.skipChildren();
        continue;
      }
      if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
        problems.add(
            new ConfigProblem(
                "sugar." + key,
                "must be a single value, not a list or mapping",
                source + ":" + line));
        p.skipChildren();
        continue;
      }
      String value = v == JsonToken.VALUE_NULL ? null : p.getText();
      out.put(key, new Entry(key, value, line));
    }
  }

  private static String interpolate(
      Entry e, String source, Function<String, String> env, List<ConfigProblem> problems) {
    return interpolate(e.value, "sugar." + e.key, location(source, e), env, problems);
  }

  /**
   * Replaces {@code ${NAME}} in {@code value} with the variable from {@code env} (and {@code $${}
   * with a literal {@code ${}), as this file does for its own settings, so other configuration
   * files of sugarbridge interpolate the same way. An unset or malformed variable adds a problem
   * naming {@code setting} at {@code location} and is replaced by an empty string.
   */
  public static String interpolate(
      String value,
      String setting,
      String location,
      Function<String, String> env,
      List<ConfigProblem> problems) {
    if (value == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else {
        String name = m.group(1).strip();
        String found = VARIABLE_NAME.matcher(name).matches() ? env.apply(name) : null;
        if (!VARIABLE_NAME.matcher(name).matches()) {
          problems.add(
              new ConfigProblem(
                  setting,
                  "'${" + name + "}' is not a valid environment variable reference; write ${NAME}",
                  location));
          replacement = "";
        } else if (found == null) {
          problems.add(
              new ConfigProblem(
                  setting,
                  "refers to environment variable "
                      + name
                      + ", which is not set; set it (export "
                      + name
                      + "=...) or write the value",
                  location));
          replacement = "";
        } else {
          replacement = found;
        }
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String k : KEYS) {
      int d = distance(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String location(String source, Entry e) {
    return e == null ? source : source + ":" + e.line;
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private record Entry(String key, String value, int line) {}
}
