package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sugarbridge users}: Sugar users: list, audit, plan and apply a desired user list,
 * deactivate, delete, org chart.
 */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description =
        "Sugar users: list, audit, plan and apply a desired user list, deactivate, delete, org chart.",
    subcommands = {
      UsersListCommand.class,
      UsersAuditCommand.class,
      UsersPlanCommand.class,
      UsersApplyCommand.class,
      UsersDeactivateCommand.class,
      UsersDeleteCommand.class,
      UsersOrgChartCommand.class
    })
public final class UsersCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
