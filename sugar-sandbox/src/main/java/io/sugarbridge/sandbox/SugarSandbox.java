package io.sugarbridge.sandbox;

import java.net.URI;
import java.util.List;

/**
 * A running sandbox: a local server that speaks SugarCRM's REST dialect (it is not a real Sugar).
 * Start it with {@link #start(SandboxConfig)}, close it to stop. Tests start one on a free port;
 * the command line starts one with {@code sugarbridge sandbox}.
 */
public final class SugarSandbox implements AutoCloseable {

  // TODO(sandbox-http): fields for the server, the application, the faults, the request log.

  private SugarSandbox() {}

  /** Starts a sandbox and returns once it accepts connections. */
  public static SugarSandbox start(SandboxConfig config) {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }

  /** The instance URL clients are given: {@code http://127.0.0.1:PORT}, no path, no slash. */
  public URI url() {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }

  /** The administrator's login name, {@code admin}. */
  public String adminUserName() {
    return "admin";
  }

  /** The administrator's password (as configured, or generated at start-up). */
  public String adminPassword() {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }

  /** The faults in force; changeable while running. */
  public Faults faults() {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }

  /** Requests served so far, oldest first (method, path, status, duration). */
  public List<RequestLogEntry> requestLog() {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }

  /**
   * Creates an active user with a password; {@code readOnlyModules} lists modules this user may
   * read but not create, edit or delete in (enforced through an ACL role, as Sugar does).
   *
   * @return the new user's id
   */
  public String createUser(
      String userName, String password, boolean admin, List<String> readOnlyModules) {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO(sandbox-http)");
  }
}
