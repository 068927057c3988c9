package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.identity.audit.AuditPrinter;
import io.sugarbridge.identity.audit.AuditReport;
import io.sugarbridge.identity.audit.UserAudit;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge users audit}: active and inactive counts, administrators, stale users, active
 * users without an email, managers who are inactive, deleted or missing, and reporting cycles.
 * Reads only.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Audits Sugar users: counts, admins, stale users, no email, bad managers, reporting"
            + " cycles.")
public final class UsersAuditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @CommandLine.Mixin UsersOutput output;

  @Option(
      names = "--stale-days",
      defaultValue = "90",
      description = "Active users not modified for this many days are stale (default: 90).")
  int staleDays;

  @Option(names = "--all", description = "List every finding, not the first 20 of each.")
  boolean all;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    output.check(spec);
    if (staleDays < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--stale-days must be 1 or more, got " + staleDays);
    }
    UserList users = new UserDirectory(connection.client()).readAll(List.of());
    AuditReport report = new UserAudit(clock).audit(users, staleDays);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      out.println(AuditPrinter.json(report).toPrettyString());
    } else if (output.csv) {
      AuditPrinter.csv(report, out);
    } else {
      AuditPrinter.text(report, out, all);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
