package io.sugarbridge.contract.support;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which server the contract suite checks, read from system properties ({@code -Dsugar.url=...}) or,
 * failing those, from environment variables ({@code SUGAR_URL}, ...). Without {@code sugar.url} the
 * suite starts an in-process sandbox. Reading settings never touches the network, so JUnit
 * conditions can use them to skip sandbox-only tests cheaply.
 *
 * <p>Settings: {@code sugar.url}, {@code sugar.username}, {@code sugar.password} (better given as
 * {@code SUGAR_PASSWORD} so it stays out of shell history), {@code sugar.client_id} (default {@code
 * sugar}), {@code sugar.client_secret} (default empty), {@code sugar.platform} (default {@code
 * sugarbridge}; {@code base} is refused because a login on it ends the user's Sugar UI session),
 * {@code sugar.version} (e.g. {@code 11_20}; discovered when absent) and {@code
 * sugar.allowUserWrites} (default false: no Users are created on a real instance).
 */
public record TargetSettings(
    URI url,
    String username,
    Secret password,
    String clientId,
    Secret clientSecret,
    String platform,
    String version,
    boolean allowUserWrites) {

  /** The platform used unless told otherwise; registered on the sandbox by default. */
  public static final String DEFAULT_PLATFORM = "sugarbridge";

  /** Whether the suite runs against an in-process sandbox (no {@code sugar.url} given). */
  public boolean sandbox() {
    return url == null;
  }

  /** Reads the settings from this JVM's system properties and environment. */
  public static TargetSettings fromEnvironment() {
    return from(System::getProperty, System.getenv());
  }

  /** Reads the settings from the given sources; properties win over environment variables. */
  public static TargetSettings from(Function<String, String> properties, Map<String, String> env) {
    Function<String, String> get =
        key -> {
          String v = properties.apply(key);
          if (v == null || v.isBlank()) {
            v = env.get(envName(key));
          }
          return v == null || v.isBlank() ? null : v.trim();
        };
    String platform = orDefault(get.apply("sugar.platform"), DEFAULT_PLATFORM);
    if (platform.equals("base")) {
      throw new IllegalArgumentException(
          "sugar.platform=base is refused: a login on platform base ends the user's session in the"
              + " Sugar web UI. Register a platform for integrations (Admin > Configure API"
              + " Platforms) and pass it, or leave sugar.platform unset to use 'sugarbridge'.");
    }
    String version = get.apply("sugar.version");
    if (version != null) {
      version = normaliseVersion(version);
    }
    boolean allowUserWrites = Boolean.parseBoolean(get.apply("sugar.allowUserWrites"));
    String url = get.apply("sugar.url");
    if (url == null) {
      return new TargetSettings(
          null, null, Secret.of(""), "sugar", Secret.of(""), platform, version, allowUserWrites);
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (url.endsWith("/rest") || url.contains("/rest/")) {
      throw new IllegalArgumentException(
          "sugar.url="
              + url
              + " must be the instance URL without /rest/...,"
              + " e.g. https://mycompany.sugarcrm.com");
    }
    String username = get.apply("sugar.username");
    String password = get.apply("sugar.password");
    if (username == null) {
      throw new IllegalArgumentException(
          "sugar.url is set but sugar.username is missing: pass -Dsugar.username=... or set"
              + " SUGAR_USERNAME.");
    }
    if (password == null) {
      throw new IllegalArgumentException(
          "sugar.url is set but sugar.password is missing: set the environment variable"
              + " SUGAR_PASSWORD (keeps it out of shell history) or pass -Dsugar.password=...");
    }
    return new TargetSettings(
        URI.create(url),
        username,
        Secret.of(password),
        orDefault(get.apply("sugar.client_id"), "sugar"),
        Secret.of(orDefault(get.apply("sugar.client_secret"), "")),
        platform,
        version,
        allowUserWrites);
  }

  /** {@code sugar.client_id} becomes {@code SUGAR_CLIENT_ID}, {@code sugar.allowUserWrites} ... */
  static String envName(String key) {
    String snake = key.replaceAll("([a-z])([A-Z])", "$1_$2");
    return snake.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** Accepts {@code v11_20}, {@code 11_20}, {@code 11.20}; returns {@code 11_20}. */
  static String normaliseVersion(String v) {
    String s = v.startsWith("v") ? v.substring(1) : v;
    s = s.replace('.', '_');
    if (!s.matches("\\d\\d(_\\d{1,2})?")) {
      throw new IllegalArgumentException(
          "sugar.version=" + v + " is not a Sugar API version; write e.g. 11_20 or 10.");
    }
    return s;
  }

  private static String orDefault(String v, String d) {
    return v == null ? d : v;
  }
}
