package io.sugarbridge.identity.directory;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.users.CurrentUser;

/**
 * Refuses to change users with a non-administrator token, before anything is written: Sugar would
 * answer each write with a bare 403, and half a provisioning run would be left behind.
 */
public final class AdminCheck {
  private AdminCheck() {}

  /**
   * Returns the logged-in administrator.
   *
   * @throws NotAnAdministratorException when the connection file's user is not an administrator
   */
  public static CurrentUser requireAdmin(SugarClient client, String action) {
    CurrentUser me = client.users().me();
    if (!me.admin()) {
      throw new NotAnAdministratorException(me.userName(), action);
    }
    return me;
  }
}
