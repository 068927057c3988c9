package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.cli.SugarbridgeCommand;
import io.sugarbridge.cli.Terminal;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.identity.provision.UserLifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sugarbridge users delete USER_NAME [--yes]}: soft-deletes the user in Sugar after asking
 * on the terminal (or at once with {@code --yes}), and says that this does not end a session at the
 * identity provider where SugarIdentity is in use. Without a terminal and without {@code --yes} it
 * refuses before contacting Sugar: a script must say it means it.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Soft-deletes a user, after asking for confirmation (--yes: without asking).",
      "Does not revoke an identity-provider session (SugarIdentity)."
    })
public final class UsersDeleteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @Parameters(index = "0", paramLabel = "USER_NAME", description = "The user's login name.")
  String userName;

  @Option(
      names = "--yes",
      description = "Delete without asking (needed where there is no terminal, as in scripts).")
  boolean yes;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    Terminal terminal = ((SugarbridgeCommand) spec.root().userObject()).terminal();
    if (!yes && !terminal.interactive()) {
      throw new ConfigurationException(
          "--yes",
          "`users delete "
              + userName
              + "` asks for confirmation, and there is no terminal to ask on; pass --yes to"
              + " delete without asking. Nothing was deleted");
    }
    String id =
        new UserLifecycle(connection.client())
            .delete(userName, who -> yes || terminal.confirm(out, "Delete " + who + "?"));
    if (id == null) {
      out.println("Nothing deleted.");
      out.flush();
      return ExitCodes.FAILURE;
    }
    out.println("Deleted " + userName + " (soft delete, id " + id + ").");
    out.println(UserLifecycle.IDP_SESSION_NOTE);
    out.flush();
    return ExitCodes.OK;
  }
}
