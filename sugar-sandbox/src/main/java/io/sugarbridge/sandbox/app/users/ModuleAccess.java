package io.sugarbridge.sandbox.app.users;

/**
 * A user's access to one module, from their ACL roles: the sandbox's stand-in for Sugar's role
 * matrix (stored on an ACLRoles record as {@code module_access}, e.g. {@code
 * {"Accounts":"read_only"}}).
 */
public enum ModuleAccess {
  /** View, list, create, edit and delete. */
  FULL,
  /** View and list only. */
  READ_ONLY,
  /** No access at all. */
  NONE;

  /**
   * Reads a role's value: {@code full}, {@code read_only} (or {@code read}, {@code view}), {@code
   * none} (or {@code disabled}, {@code no_access}); null for anything else, which callers treat as
   * no access (a typo must never grant more than was meant).
   */
  public static ModuleAccess parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "full":
        return FULL;
      case "read_only":
      case "readonly":
      case "read":
      case "view":
        return READ_ONLY;
      case "none":
      case "disabled":
      case "no_access":
        return NONE;
      default:
        return null;
    }
  }

  /** The more restrictive of two accesses (a user with several roles gets the strictest). */
  public ModuleAccess strictest(ModuleAccess other) {
    return this.ordinal() >= other.ordinal() ? this : other;
  }
}
