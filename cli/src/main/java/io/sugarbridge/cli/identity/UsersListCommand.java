package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.identity.directory.UserDirectory;
import io.sugarbridge.identity.directory.UserList;
import io.sugarbridge.identity.directory.UserListPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge users list}: every Sugar user (read page by page, up to 1000 a page), as a
 * table, JSON or CSV, with extra fields (custom {@code *_c} fields too) when asked.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists every Sugar user: table, --json or --csv.")
public final class UsersListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin UsersConnection connection;

  @CommandLine.Mixin UsersOutput output;

  @Option(
      names = "--fields",
      split = ",",
      paramLabel = "FIELD",
      description = "Extra fields to show, comma-separated (e.g. phone_work,region_c).")
  List<String> fields = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    output.check(spec);
    UserList users = new UserDirectory(connection.client()).readAll(fields);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      out.println(UserListPrinter.json(users).toPrettyString());
    } else if (output.csv) {
      UserListPrinter.csv(users, out);
    } else {
      UserListPrinter.table(users, out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
