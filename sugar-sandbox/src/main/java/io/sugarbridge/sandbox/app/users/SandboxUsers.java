package io.sugarbridge.sandbox.app.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.Caller;
import io.sugarbridge.sandbox.api.UserDirectory;
import io.sugarbridge.sandbox.app.AppContext;
import java.util.Optional;

/**
 * The sandbox's Users records as the OAuth2 layer sees them: a login checks the stored PBKDF2 hash,
 * and inactive or deleted users are refused exactly like a wrong password.
 */
public final class SandboxUsers implements UserDirectory {
  private final AppContext ctx;

  public SandboxUsers(AppContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Optional<Caller> authenticate(String userName, String password, String platform) {
    ObjectNode user = activeRecordByName(userName);
    if (user == null || !PasswordHasher.matches(password, user.path("user_hash").asText(null))) {
      return Optional.empty();
    }
    return Optional.of(caller(user, platform));
  }

  @Override
  public Optional<Caller> activeUser(String userId, String platform) {
    ObjectNode user = userId == null ? null : ctx.store().get("Users", userId);
    return active(user) ? Optional.of(caller(user, platform)) : Optional.empty();
  }

  @Override
  public Optional<Caller> activeUserByName(String userName, String platform) {
    ObjectNode user = activeRecordByName(userName);
    return user == null ? Optional.empty() : Optional.of(caller(user, platform));
  }

  /** The live Users record with this login name (case-insensitive), active or not, or null. */
  public ObjectNode recordByName(String userName) {
    if (userName == null) {
      return null;
    }
    for (ObjectNode u : ctx.store().records("Users")) {
      if (!u.path("deleted").asBoolean(false)
          && userName.equalsIgnoreCase(u.path("user_name").asText(""))) {
        return u;
      }
    }
    return null;
  }

  private ObjectNode activeRecordByName(String userName) {
    ObjectNode u = recordByName(userName);
    return active(u) ? u : null;
  }

  private static boolean active(ObjectNode u) {
    return u != null
        && !u.path("deleted").asBoolean(false)
        && "Active".equals(u.path("status").asText("Active"));
  }

  private static Caller caller(ObjectNode user, String platform) {
    return new Caller(
        user.path("id").asText(),
        user.path("user_name").asText(),
        user.path("is_admin").asBoolean(false),
        platform);
  }
}
