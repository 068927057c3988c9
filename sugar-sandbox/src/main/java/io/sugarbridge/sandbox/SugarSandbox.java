package io.sugarbridge.sandbox;

import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.UserDirectory;
import io.sugarbridge.sandbox.app.SugarApplication;
import io.sugarbridge.sandbox.http.Backend;
import io.sugarbridge.sandbox.http.SandboxServer;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * A running sandbox: a local server that speaks SugarCRM's REST dialect (it is not a real Sugar).
 * Start it with {@link #start(SandboxConfig)}, close it to stop. Tests start one on a free port;
 * the command line starts one with {@code sugarbridge sandbox} and prints {@link #banner()}.
 */
public final class SugarSandbox implements AutoCloseable {
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final SandboxConfig config;
  private final SandboxDatabase db;
  private final SugarApplication app;
  private final SandboxServer server;
  private final String adminPassword;

  private SugarSandbox(
      SandboxConfig config,
      SandboxDatabase db,
      SugarApplication app,
      SandboxServer server,
      String adminPassword) {
    this.config = config;
    this.db = db;
    this.app = app;
    this.server = server;
    this.adminPassword = adminPassword;
  }

  /** Starts a sandbox on the system clock and returns once it accepts connections. */
  public static SugarSandbox start(SandboxConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts a sandbox whose token expiry, dates and rate cap follow {@code clock}, and returns once
   * it accepts connections.
   */
  public static SugarSandbox start(SandboxConfig config, Clock clock) {
    SandboxDatabase db;
    try {
      db = SandboxDatabase.open(config.dataDir);
    } catch (ConfigurationException e) {
      throw new SandboxStartException(e.getMessage(), e);
    }
    try {
      SugarApplication app = new SugarApplication(db, config, clock);
      String password =
          config.adminPassword != null && !config.adminPassword.isEmpty()
              ? config.adminPassword
              : generatePassword();
      app.ensureAdmin(password);
      if (config.seedPerModule > 0) {
        app.seed(config.seedPerModule);
      }
      SandboxServer server = SandboxServer.start(config, clock, db, backend(app));
      return new SugarSandbox(config, db, app, server, password);
    } catch (IllegalArgumentException e) {
      // Invalid switches and custom_fields.json entries; the message names them.
      db.close();
      throw new SandboxStartException(e.getMessage(), e);
    } catch (ConfigurationException e) {
      // A port in use or an address not of this machine: the message says what to pass instead.
      db.close();
      throw new SandboxStartException(e.problems().get(0).message(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static Backend backend(SugarApplication app) {
    return new Backend() {
      @Override
      public List<Route> routes() {
        return app.routes();
      }

      @Override
      public UserDirectory users() {
        return app.users();
      }

      @Override
      public boolean isModule(String name) {
        return app.isModule(name);
      }
    };
  }

  private static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return sb.toString();
  }

  /** The instance URL clients are given: {@code http://127.0.0.1:PORT}, no path, no slash. */
  public URI url() {
    String host = config.host;
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + server.port());
  }

  /**
   * The start-up lines the command line prints: that this is a local sandbox and not a real
   * SugarCRM, its URL, and the admin credentials (deliberately shown: they are the sandbox's own).
   */
  public String banner() {
    String storage =
        db.file() == null
            ? "in memory (everything is lost when it stops; use --data DIR to keep it)"
            : db.file().toString();
    return String.join(
        System.lineSeparator(),
        "sugarbridge sandbox: a LOCAL Sugar-compatible test server, NOT a real SugarCRM instance.",
        "  URL:       " + url() + "   (REST: " + url() + "/rest/v" + restVersion() + "/...)",
        "  Admin:     " + adminUserName() + " / " + adminPassword,
        "  Versions:  v" + config.minVersion + " to v" + config.maxVersion,
        "  Data:      " + storage,
        "  Listening: " + config.host + ":" + server.port());
  }

  private String restVersion() {
    return config.maxVersion.replace('.', '_');
  }

  /** The administrator's login name, {@code admin}. */
  public String adminUserName() {
    return "admin";
  }

  /** The administrator's password (as configured, or generated at start-up). */
  public String adminPassword() {
    return adminPassword;
  }

  /** The faults in force; changeable while running. */
  public Faults faults() {
    return server.faults();
  }

  /** Requests served so far, oldest first (method, path, status, duration). */
  public List<RequestLogEntry> requestLog() {
    return server.requestLog();
  }

  /**
   * Creates an active user with a password; {@code readOnlyModules} lists modules this user may
   * read but not create, edit or delete in (enforced through an ACL role, as Sugar does).
   *
   * @return the new user's id
   */
  public String createUser(
      String userName, String password, boolean admin, List<String> readOnlyModules) {
    return app.createUser(userName, password, admin, readOnlyModules);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      db.close();
    }
  }

  @Override
  public String toString() {
    return "SugarSandbox[" + url() + "]";
  }
}
