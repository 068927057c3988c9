package io.sugarbridge.client.config;

import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.error.ConfigProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of the {@code sugar:} section, declared once: the connection file's reader, {@link
 * SugarClientConfig}'s defaults and checks, {@code docs/configuration.md} and the README's
 * connection block all come from these declarations.
 */
public final class ConnectionSettings {
  private static final Set<String> RESERVED_PLATFORMS = Set.of("base", "mobile", "portal");
  private static final Pattern PLATFORM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,127}");
  private static final String GROUP_CONNECTION = "connection";
  private static final String GROUP_LIMITS = "limits";

  public static final Setting<String> INSTANCE_URL =
      Setting.of("instance_url", SettingType.string())
          .example("https://mycompany.sugarcrm.com")
          .allowed("https://host[:port]")
          .doc("HTTPS; plain http only for 127.0.0.1/localhost (the sandbox)")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> USERNAME =
      Setting.of("username", SettingType.string())
          .example("${SUGAR_USERNAME}")
          .doc("the Sugar user; required for the password grant")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> PASSWORD =
      Setting.of("password", SettingType.string())
          .secret()
          .example("${SUGAR_PASSWORD}")
          .doc("the user's password; required for the password grant")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> API_VERSION =
      Setting.of("api_version", SettingType.string())
          .defaultText("discovered")
          .example("\"11.24\"")
          .allowed("10 or higher, e.g. 11.20 or 11_20")
          .check(ConnectionSettings::checkApiVersion)
          .doc("discovered from the server when absent")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> CLIENT_ID =
      Setting.of("client_id", SettingType.string())
          .defaultValue("sugar")
          .doc("an OAuth key from Admin > OAuth Keys")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> CLIENT_SECRET =
      Setting.of("client_secret", SettingType.string())
          .secret()
          .defaultValue("")
          .doc("the OAuth key's secret; required for client_credentials")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<String> PLATFORM =
      Setting.of("platform", SettingType.string())
          .defaultValue("sugarbridge")
          .allowed("letters, digits, _ and -; not base, mobile or portal")
          .check(ConnectionSettings::checkPlatform)
          .doc("register it in Admin > Configure API Platforms; never base, mobile or portal")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<GrantType> GRANT_TYPE =
      Setting.of("grant_type", SettingType.oneOf(GrantType.class, GrantType::wireName))
          .defaultValue(GrantType.PASSWORD)
          .doc("client_credentials for servers that offer it")
          .group(GROUP_CONNECTION)
          .build();

  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.of("max_in_flight", SettingType.integer())
          .defaultValue(4)
          .allowed("1 or more")
          .invalid("is not a whole number; write e.g. 4")
          .check(v -> v < 1 ? v + " is too low; write 1 or more (default 4)" : null)
          .doc("requests on the wire at once")
          .group(GROUP_LIMITS)
          .build();

  public static final Setting<Double> MAX_REQUESTS_PER_SECOND =
      Setting.of("max_requests_per_second", SettingType.number())
          .defaultValue(15.0)
          .allowed("0 or more; 0 for no limit")
          .invalid("is not a number; write e.g. 15, or 0 for no limit")
          .check(
              v ->
                  v < 0 || Double.isNaN(v)
                      ? v
                          + " is not allowed; write a positive number, or 0 for no limit (default"
                          + " 15, below SugarCloud's edge limit of about 20 per second)"
                      : null)
          .doc("below SugarCloud's edge limit (about 20/s); 0 for no limit")
          .group(GROUP_LIMITS)
          .build();

  public static final Setting<Integer> MAX_RESPONSE_MB =
      Setting.of("max_response_mb", SettingType.integer())
          .defaultValue(64)
          .defaultText("64 (an eighth of the heap if that is less)")
          .example("64")
          .allowed("1 to 2047")
          .invalid("is not a whole number of MB; write e.g. 64")
          .check(
              v ->
                  v < 1 || v > 2047
                      ? v
                          + " is not allowed; write a number of MB from 1 to 2047 (default 64,"
                          + " less on a small heap)"
                      : null)
          .doc("the largest answer read from Sugar (an eighth of the heap if that is less)")
          .group(GROUP_LIMITS)
          .build();

  /** The {@code sugar:} section, in the order messages and docs list its keys. */
  public static final Section SECTION =
      Section.of(
          INSTANCE_URL,
          USERNAME,
          PASSWORD,
          API_VERSION,
          CLIENT_ID,
          CLIENT_SECRET,
          PLATFORM,
          GRANT_TYPE,
          MAX_IN_FLIGHT,
          MAX_REQUESTS_PER_SECOND,
          MAX_RESPONSE_MB);

  private ConnectionSettings() {}

  private static String checkApiVersion(String v) {
    if (v.isBlank()) {
      return null;
    }
    try {
      if (ApiVersion.parse(v).compareTo(ApiVersion.V10) < 0) {
        return "'"
            + v
            + "' is older than the REST API v10 this client speaks; write 10 or higher, or remove"
            + " api_version to discover it";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return "'"
          + v
          + "' is not an API version; write e.g. 11.20 (or 11_20), or remove api_version to"
          + " discover it from the server";
    }
  }

  private static String checkPlatform(String platform) {
    String p = platform.strip();
    if (RESERVED_PLATFORMS.contains(p.toLowerCase(Locale.ROOT))) {
      return "'"
          + p
          + "' is used by Sugar's own apps; Sugar keeps one session per user and platform, so it"
          + " would log the user out of them. Remove platform to use 'sugarbridge', or write"
          + " another name registered in Admin > Configure API Platforms";
    }
    if (!PLATFORM_NAME.matcher(p).matches()) {
      return "'"
          + p
          + "' is not a valid platform name; use up to 127 letters, digits, '_' or '-', e.g."
          + " sugarbridge";
    }
    return null;
  }

  /**
   * The instance URL as {@code scheme://host[:port]}, or null after adding every problem with it (a
   * password written into it is never echoed).
   */
  static URI instanceUrl(String instanceUrl, List<ConfigProblem> problems) {
    String example = "write e.g. https://mycompany.sugarcrm.com";
    if (instanceUrl == null || instanceUrl.isBlank()) {
      problems.add(problem("missing; " + example));
      return null;
    }
    URI uri;
    String raw;
    try {
      uri = new URI(instanceUrl.strip());
      raw =
          uri.getRawUserInfo() == null
              ? instanceUrl.strip()
              : instanceUrl.strip().replace(uri.getRawUserInfo() + "@", "****@");
    } catch (URISyntaxException e) {
      raw = instanceUrl.strip().replaceAll("//[^/@]*@", "//****@");
      problems.add(problem("'" + raw + "' is not a URL; " + example));
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || (!scheme.equals("https") && !scheme.equals("http"))) {
      problems.add(
          problem("'" + raw + "' is not an https:// address with a host name; " + example));
      return null;
    }
    String hostPort = host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    String fixed = scheme + "://" + hostPort;
    int before = problems.size();
    if (scheme.equals("http") && !isLoopback(host)) {
      problems.add(
          problem(
              "'"
                  + raw
                  + "' uses plain http, which would send the password unencrypted; write "
                  + "https://"
                  + hostPort
                  + " (plain http is allowed only for 127.0.0.1, ::1 or localhost)"));
    }
    if (uri.getRawUserInfo() != null) {
      problems.add(
          problem(
              "must not contain a user name or password; write "
                  + fixed
                  + " and put credentials in username and password"));
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.equals("/")) {
      problems.add(problem("has a trailing slash; remove it: write " + fixed));
    } else if (!path.isEmpty()) {
      problems.add(
          problem(
              "has the path '"
                  + path
                  + "'; write the address only (the client adds /rest/v…): "
                  + fixed));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      problems.add(problem("must not have a query or fragment; write " + fixed));
    }
    return problems.size() == before ? URI.create(fixed) : null;
  }

  private static ConfigProblem problem(String message) {
    return new ConfigProblem("sugar." + INSTANCE_URL.key(), message, null);
  }

  /** True for 127.0.0.0/8, ::1 and localhost, without any DNS lookup. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
