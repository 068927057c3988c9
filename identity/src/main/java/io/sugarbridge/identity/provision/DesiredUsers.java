package io.sugarbridge.identity.provision;

import java.util.List;

/**
 * The users a provisioning file describes, in file order, and the {@code license_type} keys it asks
 * for on creates (null when the file does not say).
 */
public record DesiredUsers(List<DesiredUser> users, List<String> licenseTypes, String file) {
  public DesiredUsers {
    users = List.copyOf(users);
    licenseTypes = licenseTypes == null ? null : List.copyOf(licenseTypes);
  }
}
