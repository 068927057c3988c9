package io.sugarbridge.identity.provision;

import java.util.List;

/**
 * One user as the provisioning file wants it. A null field is not managed (Sugar's value is left as
 * it is); {@code roles} is null when the file has no roles column or key, and then role links are
 * left alone. {@code where} names the file and row, for messages.
 */
public record DesiredUser(
    String userName,
    String firstName,
    String lastName,
    String email,
    String title,
    String department,
    String manager,
    String status,
    List<String> roles,
    String where) {

  public DesiredUser {
    roles = roles == null ? null : List.copyOf(roles);
  }

  public boolean wantsActive() {
    return !"Inactive".equals(status);
  }
}
