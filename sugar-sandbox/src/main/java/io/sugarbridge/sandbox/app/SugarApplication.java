package io.sugarbridge.sandbox.app;

import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.UserDirectory;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.time.Clock;
import java.util.List;

/**
 * The Sugar application behind the sandbox's HTTP layer: modules and their field definitions,
 * records, list and filter, links, {@code /integrate}, Users and ACL roles, {@code /me} and {@code
 * /metadata}. OAuth2, versions, {@code /bulk} dispatch and faults belong to the HTTP layer.
 */
public final class SugarApplication {

  public SugarApplication(SandboxDatabase db, SandboxConfig config, Clock clock) {
    // TODO(sandbox-app)
  }

  /** Every route the application serves (not oauth2, bulk or the sandbox admin endpoints). */
  public List<Route> routes() {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  /** Users as the OAuth2 layer needs them. */
  public UserDirectory users() {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  /** Whether a module of this name exists (for {@code <module>} route segments). */
  public boolean isModule(String name) {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  /** Makes sure an active admin {@code admin} exists with this password (reset on every start). */
  public void ensureAdmin(String password) {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  /** Adds {@code perModule} generated records to each sync module. */
  public void seed(int perModule) {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }

  /** See {@link io.sugarbridge.sandbox.SugarSandbox#createUser}. */
  public String createUser(
      String userName, String password, boolean admin, List<String> readOnlyModules) {
    throw new UnsupportedOperationException("TODO(sandbox-app)");
  }
}
