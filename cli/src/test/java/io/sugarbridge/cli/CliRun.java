package io.sugarbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit code and what it printed on each stream. */
public record CliRun(int code, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // No terminal, as in a script: a command that would ask must be told --yes.
    int code =
        SugarbridgeCommand.run(Terminal.none(), new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A run at a terminal where the person types {@code typed} (lines) in answer to questions. */
  public static CliRun typing(String typed, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SugarbridgeCommand.run(
            Terminal.of(new java.io.StringReader(typed)),
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
