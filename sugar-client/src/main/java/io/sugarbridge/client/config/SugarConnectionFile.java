package io.sugarbridge.client.config;

import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sugarbridge.common.config.ConfigText;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code sugar:} section of a sugarbridge YAML file into a {@link SugarClientConfig}.
 * Every job's file shares this section; other top-level sections belong to other jobs and are left
 * alone. Values may use {@code ${ENV_VAR}} (write {@code $${} for a literal {@code ${}) so secrets
 * stay out of the file. Problems name the file and line: an unknown key inside {@code sugar:}, an
 * unset variable, and every validation problem of {@link SugarClientConfig}. The settings are
 * declared in {@link ConnectionSettings}.
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
    sugar.put("username", Interpolator.escape(config.username()));
    sugar.put("password", Interpolator.escape(config.password().reveal()));
    sugar.put("client_id", Interpolator.escape(config.clientId()));
    sugar.put("client_secret", Interpolator.escape(config.clientSecret().reveal()));
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
      text = ConfigText.utf8(file, "config file", "");
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
    List<ConfigProblem> problems = new ArrayList<>();
    Values values = null;
    try {
      values = readSugarSection(text, source, new Interpolator(environment), problems);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    SugarClientConfig config = null;
    if (values != null) {
      try {
        config = build(values);
      } catch (ConfigurationException e) {
        for (ConfigProblem p : e.problems()) {
          String key = p.setting().substring(p.setting().indexOf('.') + 1);
          Integer line = values.line(key);
          problems.add(
              p.withLocation(line == null ? source + " (sugar: section)" : source + ":" + line));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return config;
  }

  /** The builder given every setting the file holds; the others keep their declared defaults. */
  private static SugarClientConfig build(Values v) {
    SugarClientConfig.Builder b =
        SugarClientConfig.builder()
            .instanceUrl(v.get(ConnectionSettings.INSTANCE_URL))
            .apiVersion(v.get(ConnectionSettings.API_VERSION))
            .username(v.get(ConnectionSettings.USERNAME))
            .password(v.get(ConnectionSettings.PASSWORD))
            .clientSecret(v.get(ConnectionSettings.CLIENT_SECRET))
            .grantType(v.get(ConnectionSettings.GRANT_TYPE))
            .maxInFlight(v.get(ConnectionSettings.MAX_IN_FLIGHT))
            .maxRequestsPerSecond(v.get(ConnectionSettings.MAX_REQUESTS_PER_SECOND));
    if (v.isSet(ConnectionSettings.CLIENT_ID)) {
      b.clientId(v.get(ConnectionSettings.CLIENT_ID));
    }
    if (v.isSet(ConnectionSettings.PLATFORM)) {
      b.platform(v.get(ConnectionSettings.PLATFORM));
    }
    if (v.isSet(ConnectionSettings.MAX_RESPONSE_MB)) {
      b.maxResponseMb(v.get(ConnectionSettings.MAX_RESPONSE_MB));
    }
    return b.build();
  }

  /** The {@code sugar:} section's values, or null after adding why there are none. */
  private static Values readSugarSection(
      String text, String source, Interpolator env, List<ConfigProblem> problems) {
    YamlNode root = YamlNode.parseOrNull(text, source, "sugar");
    if (root == null) {
      problems.add(new ConfigProblem("sugar", "the file is empty; add a 'sugar:' section", source));
      return null;
    }
    if (!(root instanceof YamlNode.Mapping top)) {
      problems.add(
          new ConfigProblem(
              "sugar", "the file must be a YAML mapping with a 'sugar:' key", source));
      return null;
    }
    YamlNode sugar = top.entries().get("sugar");
    if (sugar == null) {
      problems.add(
          new ConfigProblem(
              "sugar",
              "no 'sugar:' section; add one with instance_url, username and password",
              source));
      return null;
    }
    if (!(sugar instanceof YamlNode.Mapping section)) {
      problems.add(
          new ConfigProblem(
              "sugar",
              "must be a mapping of settings (instance_url, username, password, ...)",
              source + ":" + top.keyLines().get("sugar")));
      return null;
    }
    return ConnectionSettings.SECTION.read(section, "sugar.", source, env, problems);
  }
}
