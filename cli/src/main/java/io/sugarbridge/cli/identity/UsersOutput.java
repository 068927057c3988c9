package io.sugarbridge.cli.identity;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --json} or {@code --csv} for machines; a table for people otherwise. */
final class UsersOutput {
  @Option(names = "--json", description = "Print JSON for machines.")
  boolean json;

  @Option(names = "--csv", description = "Print CSV for machines.")
  boolean csv;

  /** Refuses both at once, as a usage error (exit 2). */
  void check(CommandLine.Model.CommandSpec spec) {
    if (json && csv) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--json and --csv cannot be used together; choose one");
    }
  }
}
