package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sugarbridge scim}: The SCIM 2.0 bridge that lets an identity provider provision users into
 * Sugar: {@code serve} runs it, {@code token} mints a bearer token for the identity provider.
 */
@Command(
    name = "scim",
    mixinStandardHelpOptions = true,
    description = "The SCIM 2.0 bridge that lets an identity provider provision users into Sugar.",
    subcommands = {ScimServeCommand.class, ScimTokenCommand.class})
public final class ScimCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
