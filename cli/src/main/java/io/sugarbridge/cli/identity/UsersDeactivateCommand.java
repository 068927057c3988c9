package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.identity.provision.UserLifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sugarbridge users deactivate USER_NAME}: sets the user's status to Inactive, so they can
 * no longer log in while their records and history stay. Not a delete.
 */
@Command(
    name = "deactivate",
    mixinStandardHelpOptions = true,
    description = "Sets a user's status to Inactive (no more logins; records kept).")
public final class UsersDeactivateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @Parameters(index = "0", paramLabel = "USER_NAME", description = "The user's login name.")
  String userName;

  @Override
  public Integer call() {
    boolean changed = new UserLifecycle(connection.client()).deactivate(userName);
    spec.commandLine()
        .getOut()
        .println(
            changed
                ? "Deactivated " + userName + " (status Inactive; records kept)."
                : userName + " was already inactive; nothing changed.");
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
