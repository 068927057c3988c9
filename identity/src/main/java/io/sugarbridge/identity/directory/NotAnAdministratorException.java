package io.sugarbridge.identity.directory;

import io.sugarbridge.common.error.SugarbridgeException;

/**
 * The connection file's user is not a Sugar administrator, and the command changes users, which
 * only administrators may do. Nothing was written.
 */
public final class NotAnAdministratorException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  public NotAnAdministratorException(String userName, String action) {
    super(
        "The user '"
            + userName
            + "' in the connection file is not a Sugar administrator, and "
            + action
            + " needs one; nothing was changed. Put an administrator's username and password in"
            + " the connection file (sugar.username / sugar.password), or ask an administrator"
            + " to run it.");
  }

  @Override
  public Category category() {
    return Category.CONFIGURATION;
  }
}
