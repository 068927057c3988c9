package io.sugarbridge.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.auth.TokenManager;
import io.sugarbridge.client.bulk.Bulk;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.client.error.ErrorContext;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.client.http.Sleeper;
import io.sugarbridge.client.http.SugarTransport;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.client.meta.Metadata;
import io.sugarbridge.client.meta.ServerInfo;
import io.sugarbridge.client.meta.VersionDiscovery;
import io.sugarbridge.client.records.Records;
import io.sugarbridge.client.users.CurrentUser;
import io.sugarbridge.client.users.ModuleAccess;
import io.sugarbridge.client.users.Users;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The one way sugarbridge talks to SugarCRM (or the sandbox). Immutable and thread-safe, built with
 * {@link #builder(SugarClientConfig)} or {@link #fromConnectionFile(Path)}; holds no global state,
 * so several clients (instances, users) can live side by side. It logs in on first use, keeps the
 * token fresh, retries what is safe to retry, limits requests in flight, and turns every failure
 * into a {@link io.sugarbridge.common.error.SugarbridgeException} that says what to do.
 *
 * <p>Operations are grouped as in Sugar's API: {@link #records()}, {@link #bulk()}, {@link
 * #metadata()}, {@link #users()}; the most used ones ({@link #me()}, {@link #serverInfo()}, {@link
 * #ping()}, {@link #logout()}) are here too.
 */
public final class SugarClient {
  private final SugarClientConfig config;
  private final SugarTransport transport;
  private final VersionDiscovery versions;
  private final TokenManager tokens;
  private final ApiCaller api;
  private final Records records;
  private final Bulk bulk;
  private final Metadata metadata;
  private final Users users;

  private SugarClient(Builder b) {
    this.config = b.config;
    HttpClient http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                // Predictable across proxies and the sandbox; HTTP/2 would multiplex little here.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.transport =
        new SugarTransport(
            http,
            b.retryPolicy,
            b.maxInFlight,
            b.clock,
            b.sleeper,
            b.random,
            b.requestTimeout,
            b.maxRequestsPerSecond,
            (long) config.maxResponseMb() << 20);
    ErrorContext ctx =
        new ErrorContext(
            config.instanceUrl().toString(),
            config.username(),
            config.platform(),
            config.clientId(),
            config.apiVersion() == null ? "(discovering)" : config.apiVersion().toString(),
            false,
            1);
    this.versions = new VersionDiscovery(config.instanceUrl(), transport, config.apiVersion(), ctx);
    this.api = new ApiCaller(config.instanceUrl(), transport, versions, new ObjectMapper(), ctx);
    this.tokens = new TokenManager(config, api, b.clock, b.refreshMargin);
    api.tokens(tokens);
    this.records = new Records(api);
    this.bulk = new Bulk(api);
    this.metadata = new Metadata(api);
    this.users = new Users(api, records);
  }

  /** A builder with safe defaults for a production instance. */
  public static Builder builder(SugarClientConfig config) {
    return new Builder(config);
  }

  /** A client with default transport settings from the {@code sugar:} section of a YAML file. */
  public static SugarClient fromConnectionFile(Path file) {
    return builder(SugarConnectionFile.load(file)).build();
  }

  public SugarClientConfig config() {
    return config;
  }

  public Records records() {
    return records;
  }

  public Bulk bulk() {
    return bulk;
  }

  public Metadata metadata() {
    return metadata;
  }

  public Users users() {
    return users;
  }

  /** The session holder: current token times, grants issued, logout. */
  public TokenManager auth() {
    return tokens;
  }

  /** The API version calls use (configured, or discovered on first call and cached). */
  public ApiVersion apiVersion() {
    return versions.current();
  }

  /** The server's highest API version, when discovered (null if api_version was configured). */
  public ApiVersion serverMaxApiVersion() {
    return versions.serverMaximum();
  }

  /** {@code GET /me}: the logged-in user and its per-module access. */
  public CurrentUser me() {
    return users.me();
  }

  /** Flavor, version and build of the instance, and the API version in use. */
  public ServerInfo serverInfo() {
    return metadata.serverInfo();
  }

  /** Per-module access of the logged-in user for the given modules, in that order. */
  public Map<String, ModuleAccess> moduleAccess(List<String> modules) {
    CurrentUser me = me();
    Map<String, ModuleAccess> out = new LinkedHashMap<>();
    modules.forEach(m -> out.put(m, me.access(m)));
    return out;
  }

  /** {@code GET /ping}: "pong" when the instance answers and the session works. */
  public String ping() {
    return metadata.ping();
  }

  /** Revokes the session; a later call logs in again. */
  public void logout() {
    tokens.logout();
  }

  @Override
  public String toString() {
    return "SugarClient{" + config.instanceUrl() + ", user=" + config.username() + "}";
  }

  /** Transport and session settings; the connection itself comes from the config. */
  public static final class Builder {
    private final SugarClientConfig config;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxInFlight;
    private double maxRequestsPerSecond;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    // Every thread of the client draws jitter from it: java.util.Random is thread-safe, whereas
    // RandomGenerator.getDefault() (L32X64MixRandom) is not.
    private RandomGenerator random = new Random();
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(120);
    private Duration refreshMargin = Duration.ofSeconds(60);

    private Builder(SugarClientConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.maxInFlight = config.maxInFlight();
      this.maxRequestsPerSecond = config.maxRequestsPerSecond();
    }

    /** Which failures are retried and for how long; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy v) {
      this.retryPolicy = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Requests on the wire at once, shared by every thread using this client; default from the
     * config ({@code max_in_flight}, 4).
     */
    public Builder maxInFlight(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, got " + v);
      }
      this.maxInFlight = v;
      return this;
    }

    /**
     * Request starts per second, shared by every thread using this client (attempts and retries
     * count); default from the config ({@code max_requests_per_second}, 15), below SugarCloud's
     * reported edge limit of about 20 per second. 0 switches pacing off (e.g. for an on-prem
     * instance sized for more, or the local sandbox).
     */
    public Builder maxRequestsPerSecond(double v) {
      if (v < 0 || Double.isNaN(v)) {
        throw new IllegalArgumentException("maxRequestsPerSecond must be 0 or more, got " + v);
      }
      this.maxRequestsPerSecond = v;
      return this;
    }

    public Builder clock(Clock v) {
      this.clock = Objects.requireNonNull(v);
      return this;
    }

    public Builder sleeper(Sleeper v) {
      this.sleeper = Objects.requireNonNull(v);
      return this;
    }

    /** Source of backoff jitter; shared by all threads, so it must be thread-safe. */
    public Builder random(RandomGenerator v) {
      this.random = Objects.requireNonNull(v);
      return this;
    }

    /** A prepared JDK client (proxy, TLS settings); connect timeout is then its own. */
    public Builder httpClient(HttpClient v) {
      this.httpClient = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      this.connectTimeout = Objects.requireNonNull(v);
      return this;
    }

    /** How long one attempt may wait for an answer; default 120 s (bulk calls can be slow). */
    public Builder requestTimeout(Duration v) {
      this.requestTimeout = Objects.requireNonNull(v);
      return this;
    }

    /** Refresh tokens at most this long before expiry (a tenth of short lifetimes); 60 s. */
    public Builder refreshMargin(Duration v) {
      this.refreshMargin = Objects.requireNonNull(v);
      return this;
    }

    public SugarClient build() {
      return new SugarClient(this);
    }
  }
}
