package io.sugarbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.sandbox.SandboxStartException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into what a user can act on: a {@link SugarbridgeException} prints its message
 * (which names the setting or record and the fix) without a stack trace; anything else is a bug and
 * prints one. The one place where a failure's {@link SugarbridgeException.Category category}
 * becomes an exit code ({@link #exitCodeFor}): configuration 2, could not run 1. With {@code
 * --json}, every failure also prints one JSON object on stdout (see {@link #json}), so scripts read
 * one document whatever happened. Command-line syntax errors are handled by {@link
 * #forSyntaxErrors}, exit 2.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    int code = exitCodeFor(ex);
    boolean known = ex instanceof SugarbridgeException || ex instanceof SandboxStartException;
    if (known) {
      cmd.getErr().println("sugarbridge: " + ex.getMessage());
    } else {
      cmd.getErr().println("sugarbridge: unexpected error (please report it):");
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    if (wantsJson(parseResult)) {
      ObjectNode o =
          json(
              known ? ex.getMessage() : "unexpected error (please report it): " + ex,
              code,
              code == ExitCodes.USAGE ? "configuration" : "failure",
              ex instanceof ConfigurationException c ? c : null);
      print(cmd.getOut(), o);
    }
    return code;
  }

  /**
   * The one JSON object a failed command prints with {@code --json}: {@code ok: false}, {@code
   * error} (the message), {@code exit_code}, {@code kind} ({@code configuration}, {@code usage} or
   * {@code failure}) and, for configuration problems, {@code problems} (setting, location,
   * message).
   */
  static ObjectNode json(String message, int exitCode, ConfigurationException config) {
    return json(
        message,
        exitCode,
        exitCode == ExitCodes.USAGE ? (config != null ? "configuration" : "usage") : "failure",
        config);
  }

  private static ObjectNode json(
      String message, int exitCode, String kind, ConfigurationException config) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ok", false);
    o.put("error", message);
    o.put("exit_code", exitCode);
    o.put("kind", kind);
    if (config != null) {
      ArrayNode problems = o.putArray("problems");
      for (ConfigProblem p : config.problems()) {
        ObjectNode j = problems.addObject();
        j.put("setting", p.setting());
        j.put("location", p.location());
        j.put("message", p.message());
      }
    }
    return o;
  }

  /** Syntax errors: picocli's message and usage on stderr, and the JSON object with --json. */
  static IParameterExceptionHandler forSyntaxErrors() {
    return (ParameterException ex, String[] args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println(ex.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
        cmd.usage(err);
      }
      err.flush();
      if (Arrays.asList(args).contains("--json")) {
        print(cmd.getOut(), json(ex.getMessage(), ExitCodes.USAGE, null));
      }
      return ExitCodes.USAGE;
    };
  }

  private static void print(PrintWriter out, ObjectNode o) {
    out.println(o.toPrettyString());
    out.flush();
  }

  private static boolean wantsJson(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  /** The exit code of a failure: its category's, for every command alike. */
  static int exitCodeFor(Exception ex) {
    if (ex instanceof SandboxStartException) {
      return ExitCodes.USAGE; // a port in use or a data folder it cannot use: a setting to change
    }
    return ex instanceof SugarbridgeException s ? exitCodeFor(s.category()) : ExitCodes.FAILURE;
  }

  /** Configuration 2, could not run 1. */
  static int exitCodeFor(SugarbridgeException.Category category) {
    return category == SugarbridgeException.Category.CONFIGURATION
        ? ExitCodes.USAGE
        : ExitCodes.FAILURE;
  }
}
