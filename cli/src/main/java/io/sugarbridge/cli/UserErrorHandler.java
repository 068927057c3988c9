package io.sugarbridge.cli;

import io.sugarbridge.client.error.ConfigurationException;
import io.sugarbridge.client.error.SugarbridgeException;
import io.sugarbridge.sandbox.SandboxStartException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into what a user can act on: a {@link SugarbridgeException} prints its message
 * (which names the setting or record and the fix) without a stack trace; anything else is a bug and
 * prints one. Configuration problems exit 2, other failures 1. Command-line syntax errors never
 * reach this handler: picocli reports them and exits 2 itself.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof SugarbridgeException || ex instanceof SandboxStartException) {
      cmd.getErr().println("sugarbridge: " + ex.getMessage());
    } else {
      cmd.getErr().println("sugarbridge: unexpected error (please report it):");
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return exitCodeFor(ex);
  }

  private static int exitCodeFor(Exception ex) {
    if (ex instanceof ConfigurationException || ex instanceof SandboxStartException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILURE;
  }
}
