package io.sugarbridge.cli;

import io.sugarbridge.cli.demo.DemoCommand;
import io.sugarbridge.cli.events.EventsCommand;
import io.sugarbridge.cli.identity.ScimCommand;
import io.sugarbridge.cli.identity.UsersCommand;
import io.sugarbridge.cli.sandbox.SandboxCommand;
import io.sugarbridge.cli.sync.PlanCommand;
import io.sugarbridge.cli.sync.RunsCommand;
import io.sugarbridge.cli.sync.SyncCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sugarbridge} command: a thin shell over the engine. {@link #run} takes the output
 * streams and returns the exit code, so tests drive the command line in-process.
 */
@Command(
    name = "sugarbridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps SugarCRM in step with your company's data.",
    subcommands = {
      CheckCommand.class,
      SyncCommand.class,
      PlanCommand.class,
      RunsCommand.class,
      SandboxCommand.class,
      DemoCommand.class,
      EventsCommand.class,
      UsersCommand.class,
      ScimCommand.class
    })
public final class SugarbridgeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // No subcommand is a usage error: the usage goes where error messages go.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  private Terminal terminal = Terminal.none();

  /** Who can answer a confirmation question (none in scripts). */
  public Terminal terminal() {
    return terminal;
  }

  /**
   * Runs the command line with these streams and returns the exit code; questions go to the console
   * when there is one.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(Terminal.system(), out, err, args);
  }

  /** Runs the command line with these streams, asking {@code terminal} any question. */
  static int run(Terminal terminal, PrintWriter out, PrintWriter err, String... args) {
    SugarbridgeCommand root = new SugarbridgeCommand();
    root.terminal = terminal;
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    // No exit-code exception mapper: picocli would consult it for syntax errors too and turn
    // their usage exit code (2) into whatever it maps; UserErrorHandler returns its own codes.
    cli.setExecutionExceptionHandler(new UserErrorHandler());
    cli.setParameterExceptionHandler(UserErrorHandler.forSyntaxErrors());
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
