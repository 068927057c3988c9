package io.sugarbridge.cli;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.meta.ServerInfo;
import io.sugarbridge.client.users.CurrentUser;
import io.sugarbridge.client.users.ModuleAccess;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.sync.spec.ModuleDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "Test Connection" of the seeds as an engine: logs in, reads {@code /me} and server info, and
 * reads the user's access to the seven sync modules. The outcome is a {@link Report} of plain
 * values that the command renders as text or JSON.
 */
public final class ConnectionCheck {

  /** One module's access for the checked user. */
  public record ModuleRow(String module, boolean read, boolean create, boolean edit) {}

  /**
   * What the check found. {@code usable} is true when the user logged in and every read worked; a
   * failure carries the exception's message, which says what to do, and its category.
   */
  public record Report(
      String instanceUrl,
      String username,
      String platform,
      boolean usable,
      String failure,
      SugarbridgeException.Category failureCategory,
      String apiVersion,
      ServerInfo server,
      CurrentUser user,
      List<ModuleRow> modules) {}

  private ConnectionCheck() {}

  /** Runs the check with a client built from valid configuration. */
  public static Report run(SugarClient client) {
    var config = client.config();
    String url = config.instanceUrl().toString();
    try {
      CurrentUser me = client.me();
      ServerInfo server = client.serverInfo();
      Map<String, ModuleAccess> access = client.moduleAccess(ModuleDefaults.MODULES);
      List<ModuleRow> rows = new ArrayList<>();
      for (String module : ModuleDefaults.MODULES) {
        ModuleAccess a = access.get(module);
        rows.add(
            new ModuleRow(
                module,
                a != null && a.canRead(),
                a != null && a.canCreate(),
                a != null && a.canEdit()));
      }
      return new Report(
          url,
          config.username(),
          config.platform(),
          true,
          null,
          null,
          client.apiVersion().toString(),
          server,
          me,
          List.copyOf(rows));
    } catch (SugarbridgeException e) {
      return new Report(
          url,
          config.username(),
          config.platform(),
          false,
          e.getMessage(),
          e.category(),
          null,
          null,
          null,
          List.of());
    }
  }
}
