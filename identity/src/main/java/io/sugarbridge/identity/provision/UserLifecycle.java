package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.identity.directory.AdminCheck;
import java.util.function.Predicate;

/**
 * A leaver handled by user name: deactivate ({@code status} Inactive: no more logins, records and
 * history kept, reversible) or soft-delete ({@code DELETE /Users/{id}}). Both check first that the
 * connection's user is an administrator.
 */
public final class UserLifecycle {
  /** Said after every delete: Sugar's own delete cannot end a session held by SugarIdentity. */
  public static final String IDP_SESSION_NOTE =
      "Note: this does not revoke a session at the identity provider: where SugarIdentity (SSO) is"
          + " in use, also remove or deactivate the user there.";

  private final SugarClient client;

  public UserLifecycle(SugarClient client) {
    this.client = client;
  }

  /** Sets the user's status to Inactive; returns false when it already was. */
  public boolean deactivate(String userName) {
    AdminCheck.requireAdmin(client, "deactivating a user");
    ObjectNode user = find(userName);
    if ("Inactive".equals(user.path("status").asText())) {
      return false;
    }
    client.users().deactivate(user.path("id").asText());
    return true;
  }

  /** Soft-deletes the user; returns its id. */
  public String delete(String userName) {
    return delete(userName, who -> true);
  }

  /**
   * Soft-deletes the user once {@code confirm} accepts it, given the user as a person would
   * recognise them ({@code user_name (First Last, Active, id ...)}); returns its id, or null when
   * not confirmed (nothing is written then).
   */
  public String delete(String userName, Predicate<String> confirm) {
    AdminCheck.requireAdmin(client, "deleting a user");
    ObjectNode user = find(userName);
    String name =
        (user.path("first_name").asText("") + " " + user.path("last_name").asText("")).trim();
    String who =
        user.path("user_name").asText(userName)
            + " ("
            + (name.isEmpty() ? "" : name + ", ")
            + user.path("status").asText("no status")
            + ", id "
            + user.path("id").asText()
            + ")";
    if (!confirm.test(who)) {
      return null;
    }
    return client.users().delete(user.path("id").asText());
  }

  private ObjectNode find(String userName) {
    return client
        .users()
        .findByUserName(userName, "id", "user_name", "status", "first_name", "last_name")
        .orElseThrow(
            () ->
                new SugarbridgeException(
                    "There is no Sugar user with user_name '"
                        + userName
                        + "'; `sugarbridge users list` shows the user names"));
  }
}
