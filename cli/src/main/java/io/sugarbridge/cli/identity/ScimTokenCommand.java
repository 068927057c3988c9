package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.identity.scim.BearerTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge scim token}: mints a bearer token for the identity provider, appends its
 * SHA-256 hash to the token file and prints the token once; the token itself is stored nowhere.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Mints a bearer token for the identity provider: prints it once and appends its SHA-256"
          + " hash to the token file (created owner-only when missing).",
      "Revoke a token by deleting its line; the running bridge notices the change."
    })
public final class ScimTokenCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--token-file",
      defaultValue = "scim-tokens",
      description = "The token file that `scim serve` reads (default: ${DEFAULT-VALUE}).")
  Path tokenFile;

  @Override
  public Integer call() {
    Secret token = BearerTokens.mint(tokenFile);
    PrintWriter out = spec.commandLine().getOut();
    out.println(token.reveal());
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "Token hash appended to "
            + tokenFile
            + ". Copy the token above into the identity provider now: it is not shown again.");
    err.flush();
    return ExitCodes.OK;
  }
}
