package io.sugarbridge.sandbox.api;

import java.util.Optional;

/**
 * The sandbox's Users as the OAuth2 layer needs them. Implemented by the application, which keeps
 * Users as ordinary records.
 */
public interface UserDirectory {

  /**
   * The active, non-deleted user with this login name whose password matches, or empty (wrong name,
   * wrong password, inactive or deleted user all look the same to the caller, as in Sugar).
   */
  Optional<Caller> authenticate(String userName, String password, String platform);

  /** The user by id if it still exists, is not deleted and is active; used on every token check. */
  Optional<Caller> activeUser(String userId, String platform);

  /** The active user by login name (for {@code /oauth2/sudo}), without a password check. */
  Optional<Caller> activeUserByName(String userName, String platform);
}
