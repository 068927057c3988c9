package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.identity.directory.AdminCheck;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.identity.provision.DesiredUsers;
import io.sugarbridge.identity.provision.DesiredUsersFile;
import io.sugarbridge.identity.provision.PlanPrinter;
import io.sugarbridge.identity.provision.ProvisioningPlan;
import io.sugarbridge.identity.provision.ProvisioningPlanner;
import io.sugarbridge.identity.provision.UserChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sugarbridge users plan FILE}: what {@code users apply} would change in Sugar to match a
 * CSV or YAML file of desired users; writes nothing.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Shows what `users apply FILE` would change; writes nothing.")
public final class UsersPlanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @CommandLine.Mixin ProvisioningOptions options;

  @Override
  public Integer call() {
    Planned p = options.plan(connection.client());
    if (options.json) {
      spec.commandLine().getOut().println(PlanPrinter.json(p.plan()).toPrettyString());
    } else {
      PlanPrinter.text(p.plan(), spec.commandLine().getOut());
    }
    spec.commandLine().getOut().flush();
    return exitCode(p.plan());
  }

  /**
   * 3 when some users cannot be changed as the file asks, so that {@code users plan && users apply
   * --yes} in a script stops before a run that is known to fail partly; 0 otherwise.
   */
  static int exitCode(ProvisioningPlan plan) {
    return plan.count(UserChange.Kind.ERROR) > 0 ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  /** A plan and the users it was made against. */
  record Planned(ProvisioningPlan plan, UserList users, String caller) {}

  /** The options {@code plan} and {@code apply} share. */
  static final class ProvisioningOptions {
    @Parameters(index = "0", paramLabel = "FILE", description = "Desired users, .csv or .yaml.")
    Path file;

    @Option(
        names = "--deactivate-missing",
        description = "Deactivate active Sugar users that are not in the file.")
    boolean deactivateMissing;

    @Option(
        names = "--license-type",
        split = ",",
        paramLabel = "KEY",
        description =
            "license_type for new users, e.g. SUGAR_SELL (default: the file's license_type,"
                + " else CURRENT).")
    List<String> licenseTypes = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    Planned plan(SugarClient client) {
      DesiredUsers desired = DesiredUsersFile.read(file);
      // Planning reads each user's role links, which Sugar shows to administrators only; a
      // non-admin would otherwise meet a bare 404 halfway through.
      String caller = AdminCheck.requireAdmin(client, "users plan").userName();
      UserList users = new UserDirectory(client).readAll(List.of());
      ProvisioningPlan plan =
          new ProvisioningPlanner(client)
              .plan(desired, users, deactivateMissing, licenseTypes, caller);
      return new Planned(plan, users, caller);
    }
  }
}
