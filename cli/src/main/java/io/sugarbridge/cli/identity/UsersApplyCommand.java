package io.sugarbridge.cli.identity;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.identity.directory.AdminCheck;
import io.sugarbridge.identity.provision.ApplyReport;
import io.sugarbridge.identity.provision.PlanPrinter;
import io.sugarbridge.identity.provision.ProvisioningApplier;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge users apply FILE [--yes]}: shows the plan, then, with {@code --yes}, makes
 * Sugar's users match the file. Exit 0 when every change succeeded, 3 when some users failed (each
 * listed with its reason), 2 for a bad file, 1 when the user is not an administrator.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Shows the plan for FILE and applies it with --yes.")
public final class UsersApplyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @CommandLine.Mixin UsersPlanCommand.ProvisioningOptions options;

  @Option(names = "--yes", description = "Apply the plan (without it, only the plan is shown).")
  boolean yes;

  @Override
  public Integer call() {
    SugarClient client = connection.client();
    AdminCheck.requireAdmin(client, "users apply");
    UsersPlanCommand.Planned p = options.plan(client);
    PrintWriter out = spec.commandLine().getOut();
    if (!yes) {
      if (options.json) {
        out.println(PlanPrinter.json(p.plan()).toPrettyString());
      } else {
        PlanPrinter.text(p.plan(), out);
        out.println("Nothing written. Run again with --yes to apply this plan.");
      }
      out.flush();
      return UsersPlanCommand.exitCode(p.plan());
    }
    if (!options.json) {
      PlanPrinter.text(p.plan(), out);
      out.println();
    }
    ApplyReport report = new ProvisioningApplier(client).apply(p.plan(), p.users());
    if (options.json) {
      var json = PlanPrinter.json(report);
      json.set("plan", PlanPrinter.json(p.plan()));
      out.println(json.toPrettyString());
    } else {
      PlanPrinter.text(report, out);
    }
    out.flush();
    return report.exitCode();
  }
}
