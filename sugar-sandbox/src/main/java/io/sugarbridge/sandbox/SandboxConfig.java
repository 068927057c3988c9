package io.sugarbridge.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link SugarSandbox} starts. Every switch defaults to what a real Sugar 13/14 server does
 * (see {@code shared/sugar-api.md}); switches exist where real instances differ or where the
 * document marks a behaviour as inferred.
 */
public final class SandboxConfig {
  /** Address to bind; loopback unless told otherwise. */
  public final String host;

  /** TCP port; 0 picks a free one (tests), the command line defaults to 8089. */
  public final int port;

  /**
   * Directory for the SQLite store and custom-field declarations; null keeps everything in memory.
   */
  public final Path dataDir;

  /** Password for the {@code admin} user; null generates one, printed at start-up. */
  public final String adminPassword;

  /** Access-token lifetime ({@code expires_in}); Sugar's default is 3600 s. */
  public final Duration tokenTtl;

  /** Refresh-token lifetime ({@code refresh_expires_in}); Sugar's default is 14 days. */
  public final Duration refreshTokenTtl;

  /** Generated records per module added at start-up (Datafaker), 0 for none. */
  public final int seedPerModule;

  /** Lowest served API version, e.g. "10". */
  public final String minVersion;

  /** Highest served API version, e.g. "11.24" (Sugar 14.0). */
  public final String maxVersion;

  /** Registered platforms beyond the built-in ones and {@code sugarbridge}. */
  public final Set<String> extraPlatforms;

  /** Refuse unregistered platforms (Sugar's {@code disable_unknown_platforms}, default true). */
  public final boolean rejectUnknownPlatforms;

  /** OAuth2 clients beyond {@code sugar} (empty secret): client id to secret. */
  public final Map<String, String> oauthClients;

  /**
   * Answer the client_credentials grant instead of {@code unsupported_grant_type} (off in Sugar).
   */
  public final boolean clientCredentialsGrant;

  /** Accept {@code Authorization: Bearer} (Sugar 8.2+ does). */
  public final boolean bearerAuth;

  /** Enforce vardef {@code required} on create (Sugar does not, except Users). */
  public final boolean enforceRequiredFields;

  /** Sugar's {@code max_list_limit}; null for no cap (the on-prem default). */
  public final Integer maxListLimit;

  /** Restrict {@code /integrate} to admins, as newer guides describe. */
  public final boolean integrateAdminOnly;

  /**
   * Accept a {@code reports_to_id} that closes a reporting loop. Sugar refuses it (403, {@code
   * ERR_REPORT_LOOP}); real instances still hold loops written by imports or direct SQL, and tests
   * of tools that read such data need to build them.
   */
  public final boolean allowReportingLoops;

  /**
   * Faults active from start-up; can be changed at run time through {@link SugarSandbox#faults()}.
   */
  public final FaultSettings faults;

  /** Seed for the fault draws so a run can be repeated; null draws a random seed. */
  public final Long faultSeed;

  private SandboxConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.dataDir = b.dataDir;
    this.adminPassword = b.adminPassword;
    this.tokenTtl = b.tokenTtl;
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.seedPerModule = b.seedPerModule;
    this.minVersion = b.minVersion;
    this.maxVersion = b.maxVersion;
    this.extraPlatforms = Set.copyOf(b.extraPlatforms);
    this.rejectUnknownPlatforms = b.rejectUnknownPlatforms;
    this.oauthClients = Map.copyOf(b.oauthClients);
    this.clientCredentialsGrant = b.clientCredentialsGrant;
    this.bearerAuth = b.bearerAuth;
    this.enforceRequiredFields = b.enforceRequiredFields;
    this.maxListLimit = b.maxListLimit;
    this.integrateAdminOnly = b.integrateAdminOnly;
    this.allowReportingLoops = b.allowReportingLoops;
    this.faults = b.faults;
    this.faultSeed = b.faultSeed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the real-Sugar defaults. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Path dataDir;
    private String adminPassword;
    private Duration tokenTtl = Duration.ofSeconds(3600);
    private Duration refreshTokenTtl = Duration.ofDays(14);
    private int seedPerModule;
    private String minVersion = "10";
    private String maxVersion = "11.24";
    private final Set<String> extraPlatforms = new LinkedHashSet<>();
    private boolean rejectUnknownPlatforms = true;
    private final Map<String, String> oauthClients = new LinkedHashMap<>();
    private boolean clientCredentialsGrant;
    private boolean bearerAuth = true;
    private boolean enforceRequiredFields;
    private Integer maxListLimit;
    private boolean integrateAdminOnly;
    private boolean allowReportingLoops;
    private FaultSettings faults = FaultSettings.none();
    private Long faultSeed;

    public Builder host(String v) {
      this.host = Objects.requireNonNull(v);
      return this;
    }

    public Builder port(int v) {
      this.port = v;
      return this;
    }

    public Builder dataDir(Path v) {
      this.dataDir = v;
      return this;
    }

    public Builder adminPassword(String v) {
      this.adminPassword = v;
      return this;
    }

    public Builder tokenTtl(Duration v) {
      this.tokenTtl = Objects.requireNonNull(v);
      return this;
    }

    public Builder refreshTokenTtl(Duration v) {
      this.refreshTokenTtl = Objects.requireNonNull(v);
      return this;
    }

    public Builder seedPerModule(int v) {
      this.seedPerModule = v;
      return this;
    }

    public Builder versionRange(String min, String max) {
      this.minVersion = Objects.requireNonNull(min);
      this.maxVersion = Objects.requireNonNull(max);
      return this;
    }

    public Builder platform(String name) {
      this.extraPlatforms.add(name);
      return this;
    }

    public Builder rejectUnknownPlatforms(boolean v) {
      this.rejectUnknownPlatforms = v;
      return this;
    }

    public Builder oauthClient(String clientId, String secret) {
      this.oauthClients.put(clientId, secret == null ? "" : secret);
      return this;
    }

    public Builder clientCredentialsGrant(boolean v) {
      this.clientCredentialsGrant = v;
      return this;
    }

    public Builder bearerAuth(boolean v) {
      this.bearerAuth = v;
      return this;
    }

    public Builder enforceRequiredFields(boolean v) {
      this.enforceRequiredFields = v;
      return this;
    }

    public Builder maxListLimit(Integer v) {
      this.maxListLimit = v;
      return this;
    }

    public Builder integrateAdminOnly(boolean v) {
      this.integrateAdminOnly = v;
      return this;
    }

    public Builder allowReportingLoops(boolean v) {
      this.allowReportingLoops = v;
      return this;
    }

    public Builder faults(FaultSettings v) {
      this.faults = Objects.requireNonNull(v);
      return this;
    }

    public Builder faultSeed(Long v) {
      this.faultSeed = v;
      return this;
    }

    /**
     * Checks every setting and reports all problems at once.
     *
     * @throws IllegalArgumentException naming each setting at fault and what to write instead
     */
    public SandboxConfig build() {
      StringBuilder problems = new StringBuilder();
      if (port < 0 || port > 65535) {
        problems.append("port must be 0 (any free port) to 65535, was ").append(port).append("; ");
      }
      if (tokenTtl.isNegative() || tokenTtl.isZero()) {
        problems.append("token TTL must be positive (Sugar's default is 3600 s); ");
      }
      if (refreshTokenTtl.isNegative() || refreshTokenTtl.isZero()) {
        problems.append("refresh-token TTL must be positive (Sugar's default is 14 days); ");
      }
      if (seedPerModule < 0) {
        problems.append("seed must be 0 or more records per module; ");
      }
      if (maxListLimit != null && maxListLimit < 1) {
        problems.append("max list limit must be 1 or more, or unset for no cap; ");
      }
      for (String p : extraPlatforms) {
        if (p == null || !p.matches("[A-Za-z0-9_-]{1,127}")) {
          problems.append("platform '").append(p).append("' must be 1 to 127 of A-Z a-z 0-9 _ -; ");
        }
      }
      try {
        io.sugarbridge.sandbox.api.ApiVersion lo =
            io.sugarbridge.sandbox.api.ApiVersion.fromConfig(minVersion);
        io.sugarbridge.sandbox.api.ApiVersion hi =
            io.sugarbridge.sandbox.api.ApiVersion.fromConfig(maxVersion);
        if (lo.compareTo(hi) > 0) {
          problems.append("API version range ").append(minVersion).append("..");
          problems.append(maxVersion).append(" is empty; the minimum must not exceed the max; ");
        }
      } catch (IllegalArgumentException e) {
        problems.append(e.getMessage()).append("; ");
      }
      if (problems.length() > 0) {
        throw new IllegalArgumentException(
            "Invalid sandbox configuration: " + problems.substring(0, problems.length() - 2));
      }
      return new SandboxConfig(this);
    }
  }
}
