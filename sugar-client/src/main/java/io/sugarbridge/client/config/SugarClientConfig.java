package io.sugarbridge.client.config;

import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom the client connects to Sugar. Built with {@link #builder()}; {@code build()}
 * checks every setting and reports all problems at once, each naming the setting (as written in the
 * connection file, e.g. {@code sugar.instance_url}) and what to write instead. Secrets are held as
 * {@link Secret}, so {@code toString} never shows them.
 *
 * <p>The settings, their defaults and checks are declared in {@link ConnectionSettings}.
 */
public final class SugarClientConfig {
  /** The default OAuth client, which Sugar creates on first use with an empty secret. */
  public static final String DEFAULT_CLIENT_ID = ConnectionSettings.CLIENT_ID.defaultValue();

  /** sugarbridge's own platform, so its sessions never displace a user's browser session. */
  public static final String DEFAULT_PLATFORM = ConnectionSettings.PLATFORM.defaultValue();

  /** Requests on the wire at once unless configured. */
  public static final int DEFAULT_MAX_IN_FLIGHT = ConnectionSettings.MAX_IN_FLIGHT.defaultValue();

  /** Request starts per second unless configured: below SugarCloud's reported edge limit. */
  public static final double DEFAULT_MAX_REQUESTS_PER_SECOND =
      ConnectionSettings.MAX_REQUESTS_PER_SECOND.defaultValue();

  /**
   * The largest answer read from Sugar unless configured, in MB, at most. The largest answers
   * sugarbridge asks for are a full {@code /metadata} of a heavily customised instance (tens of MB)
   * and a filter page of 1000 wide records (about 20 MB); 64 MB leaves room for those. The answer
   * is held as bytes and then as a parsed tree a few times larger, with up to {@code max_in_flight}
   * answers at once, so the default is also never more than an eighth of the JVM's heap ({@link
   * #defaultMaxResponseMb()}): a small heap gets a smaller bound instead of running out of memory.
   * A larger answer is a misconfiguration or a hostile server.
   */
  public static final int DEFAULT_MAX_RESPONSE_MB =
      ConnectionSettings.MAX_RESPONSE_MB.defaultValue();

  /** {@link #DEFAULT_MAX_RESPONSE_MB} MB, or an eighth of the JVM's heap when that is less. */
  public static int defaultMaxResponseMb() {
    long eighth = Runtime.getRuntime().maxMemory() / 8 / (1 << 20);
    return (int) Math.max(1, Math.min(DEFAULT_MAX_RESPONSE_MB, eighth));
  }

  private final URI instanceUrl;
  private final ApiVersion apiVersion;
  private final String username;
  private final Secret password;
  private final String clientId;
  private final Secret clientSecret;
  private final String platform;
  private final GrantType grantType;
  private final int maxInFlight;
  private final double maxRequestsPerSecond;
  private final int maxResponseMb;

  private SugarClientConfig(
      URI instanceUrl,
      ApiVersion apiVersion,
      String username,
      Secret password,
      String clientId,
      Secret clientSecret,
      String platform,
      GrantType grantType,
      int maxInFlight,
      double maxRequestsPerSecond,
      int maxResponseMb) {
    this.instanceUrl = instanceUrl;
    this.apiVersion = apiVersion;
    this.username = username;
    this.password = password;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.platform = platform;
    this.grantType = grantType;
    this.maxInFlight = maxInFlight;
    this.maxRequestsPerSecond = maxRequestsPerSecond;
    this.maxResponseMb = maxResponseMb;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code https://host[:port]}, without path or trailing slash. */
  public URI instanceUrl() {
    return instanceUrl;
  }

  /** The configured API version, or null to discover it. */
  public ApiVersion apiVersion() {
    return apiVersion;
  }

  public String username() {
    return username;
  }

  public Secret password() {
    return password;
  }

  public String clientId() {
    return clientId;
  }

  public Secret clientSecret() {
    return clientSecret;
  }

  public String platform() {
    return platform;
  }

  public GrantType grantType() {
    return grantType;
  }

  /** Requests on the wire at once ({@code max_in_flight}); default 4. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Request starts per second ({@code max_requests_per_second}); default 15, below SugarCloud's
   * reported edge limit of about 20; 0 for no limit.
   */
  public double maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  /**
   * The largest answer the client reads, in MB ({@code max_response_mb}); default {@link
   * #DEFAULT_MAX_RESPONSE_MB}, or an eighth of the heap when that is less. A larger answer fails
   * with an error naming this setting.
   */
  public int maxResponseMb() {
    return maxResponseMb;
  }

  /** A builder pre-filled with these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.instanceUrl = instanceUrl.toString();
    b.apiVersion = apiVersion == null ? null : apiVersion.toString();
    b.username = username;
    b.password = password;
    b.clientId = clientId;
    b.clientSecret = clientSecret;
    b.platform = platform;
    b.grantType = grantType;
    b.maxInFlight = maxInFlight;
    b.maxRequestsPerSecond = maxRequestsPerSecond;
    b.maxResponseMb = maxResponseMb;
    return b;
  }

  @Override
  public String toString() {
    return "SugarClientConfig{instance_url="
        + instanceUrl
        + ", api_version="
        + (apiVersion == null ? "(discover)" : apiVersion)
        + ", username="
        + username
        + ", password="
        + password
        + ", client_id="
        + clientId
        + ", client_secret="
        + clientSecret
        + ", platform="
        + platform
        + ", grant_type="
        + grantType.wireName()
        + ", max_in_flight="
        + maxInFlight
        + ", max_requests_per_second="
        + maxRequestsPerSecond
        + ", max_response_mb="
        + maxResponseMb
        + "}";
  }

  /** Collects settings; {@link #build()} validates them all together. */
  public static final class Builder {
    private String instanceUrl;
    private String apiVersion;
    private String username;
    private Secret password = Secret.empty();
    private String clientId = DEFAULT_CLIENT_ID;
    private Secret clientSecret = Secret.empty();
    private String platform = DEFAULT_PLATFORM;
    private GrantType grantType = ConnectionSettings.GRANT_TYPE.defaultValue();
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private double maxRequestsPerSecond = DEFAULT_MAX_REQUESTS_PER_SECOND;
    private int maxResponseMb = defaultMaxResponseMb();

    private Builder() {}

    /** The largest answer read, in MB, at least 1. */
    public Builder maxResponseMb(int v) {
      this.maxResponseMb = v;
      return this;
    }

    /** Requests on the wire at once, at least 1. */
    public Builder maxInFlight(int v) {
      this.maxInFlight = v;
      return this;
    }

    /** Request starts per second, 0 for no limit. */
    public Builder maxRequestsPerSecond(double v) {
      this.maxRequestsPerSecond = v;
      return this;
    }

    public Builder instanceUrl(String v) {
      this.instanceUrl = v;
      return this;
    }

    public Builder instanceUrl(URI v) {
      this.instanceUrl = v == null ? null : v.toString();
      return this;
    }

    /** Null or blank to discover the version from the server. */
    public Builder apiVersion(String v) {
      this.apiVersion = v;
      return this;
    }

    public Builder username(String v) {
      this.username = v;
      return this;
    }

    public Builder password(String v) {
      this.password = Secret.of(v);
      return this;
    }

    public Builder password(Secret v) {
      this.password = v == null ? Secret.empty() : v;
      return this;
    }

    /** Null keeps the default {@code sugar}. */
    public Builder clientId(String v) {
      this.clientId = v == null ? DEFAULT_CLIENT_ID : v;
      return this;
    }

    public Builder clientSecret(String v) {
      this.clientSecret = Secret.of(v);
      return this;
    }

    public Builder clientSecret(Secret v) {
      this.clientSecret = v == null ? Secret.empty() : v;
      return this;
    }

    /** Null keeps the default {@code sugarbridge}. */
    public Builder platform(String v) {
      this.platform = v == null ? DEFAULT_PLATFORM : v;
      return this;
    }

    public Builder grantType(GrantType v) {
      this.grantType = Objects.requireNonNull(v, "grantType");
      return this;
    }

    /**
     * Validates every setting.
     *
     * @throws ConfigurationException listing every problem found
     */
    public SugarClientConfig build() {
      List<ConfigProblem> problems = new ArrayList<>();
      URI url = ConnectionSettings.instanceUrl(instanceUrl, problems);
      ApiVersion version = null;
      if (apiVersion != null
          && !apiVersion.isBlank()
          && check(ConnectionSettings.API_VERSION, apiVersion, problems)) {
        version = ApiVersion.parse(apiVersion);
      }
      if (grantType == GrantType.PASSWORD) {
        if (username == null || username.isBlank()) {
          problems.add(
              problem(
                  "username",
                  "missing; write the Sugar user name, e.g. username: ${SUGAR_USERNAME}"));
        }
        if (password.isEmpty()) {
          problems.add(
              problem(
                  "password",
                  "missing; write the user's password, preferably from the environment:"
                      + " password: ${SUGAR_PASSWORD}"));
        }
      }
      if (clientId.isBlank()) {
        problems.add(
            problem(
                "client_id",
                "is empty; remove client_id to use Sugar's default client 'sugar', or write the"
                    + " key from Admin > OAuth Keys"));
      }
      if (grantType == GrantType.CLIENT_CREDENTIALS && clientSecret.isEmpty()) {
        problems.add(
            problem(
                "client_secret",
                "missing; the client_credentials grant needs the secret of client_id '"
                    + clientId
                    + "' from Admin > OAuth Keys"));
      }
      String p = platform.strip();
      check(ConnectionSettings.PLATFORM, p, problems);
      check(ConnectionSettings.MAX_IN_FLIGHT, maxInFlight, problems);
      check(ConnectionSettings.MAX_REQUESTS_PER_SECOND, maxRequestsPerSecond, problems);
      check(ConnectionSettings.MAX_RESPONSE_MB, maxResponseMb, problems);
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new SugarClientConfig(
          url,
          version,
          username,
          password,
          clientId,
          clientSecret,
          p,
          grantType,
          maxInFlight,
          maxRequestsPerSecond,
          maxResponseMb);
    }

    /** Adds the problem the declaration's check finds with {@code value}; true when none. */
    private static <T> boolean check(Setting<T> setting, T value, List<ConfigProblem> problems) {
      String refused = setting.check(value);
      if (refused != null) {
        problems.add(problem(setting.key(), refused));
      }
      return refused == null;
    }

    private static ConfigProblem problem(String setting, String message) {
      return new ConfigProblem("sugar." + setting, message, null);
    }
  }
}
