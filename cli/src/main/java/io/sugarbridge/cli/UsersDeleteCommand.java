package io.sugarbridge.cli;

import io.sugarbridge.identity.provision.UserLifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sugarbridge users delete USER_NAME}: soft-deletes the user in Sugar, and says that this
 * does not end a session at the identity provider where SugarIdentity is in use.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description =
        "Soft-deletes a user. Does not revoke an identity-provider session (SugarIdentity).")
public final class UsersDeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @Parameters(index = "0", paramLabel = "USER_NAME", description = "The user's login name.")
  String userName;

  @Override
  public Integer call() {
    String id = new UserLifecycle(connection.client()).delete(userName);
    var out = spec.commandLine().getOut();
    out.println("Deleted " + userName + " (soft delete, id " + id + ").");
    out.println(UserLifecycle.IDP_SESSION_NOTE);
    out.flush();
    return ExitCodes.OK;
  }
}
