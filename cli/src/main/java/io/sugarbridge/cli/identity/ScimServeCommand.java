package io.sugarbridge.cli.identity;

import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.common.server.UntilStopped;
import io.sugarbridge.identity.scim.BearerTokens;
import io.sugarbridge.identity.scim.ExternalIdStore;
import io.sugarbridge.identity.scim.ScimServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sugarbridge scim serve}: runs the SCIM 2.0 bridge until stopped. Checks the token file and
 * that the connection file's user is a Sugar administrator before listening.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the SCIM 2.0 bridge: an identity provider (Okta, Entra ID, OneLogin) provisions"
          + " Sugar users and roles through /scim/v2/Users and /scim/v2/Groups.",
      "The bridge talks to Sugar as the administrator in the connection file; the identity"
          + " provider authenticates with a bearer token from `sugarbridge scim token`."
    })
public final class ScimServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "sugarbridge.yaml",
      description =
          "The connection file; its user must be a Sugar administrator (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--port",
      defaultValue = "8090",
      description = "The port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on (default: ${DEFAULT-VALUE}); put a TLS-terminating proxy in"
              + " front, or use 0.0.0.0 only on a trusted network.")
  String host;

  @Option(
      names = "--token-file",
      required = true,
      description =
          "The accepted tokens' hashes, one per line, as `sugarbridge scim token` writes them.")
  Path tokenFile;

  @Option(
      names = "--state",
      defaultValue = "scim-state.db",
      description =
          "The SQLite file that keeps each user's and group's externalId (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(
      names = "--license-type",
      defaultValue = "CURRENT",
      split = ",",
      description = "Sugar license_type of users the bridge creates (default: ${DEFAULT-VALUE}).")
  List<String> licenseTypes;

  @Option(
      names = "--public-url",
      description =
          "The bridge's URL as the identity provider sees it, e.g."
              + " https://scim.example.com/scim/v2 (default: taken from each request's Host).")
  String publicUrl;

  @Option(
      names = "--patch-returns-resource",
      description =
          "Answer a successful PATCH with 200 and the resource instead of 204 No Content.")
  boolean patchReturnsResource;

  @Override
  public Integer call() {
    BearerTokens tokens = BearerTokens.load(tokenFile);
    SugarClient sugar = SugarClient.builder(SugarConnectionFile.load(config)).build();
    ExternalIdStore externalIds = ExternalIdStore.open(state);
    ScimServer server;
    try {
      server =
          ScimServer.start(
              new ScimServer.ScimServerSettings(
                  sugar,
                  tokens,
                  externalIds,
                  host,
                  port,
                  licenseTypes,
                  publicUrl,
                  patchReturnsResource));
    } catch (RuntimeException e) {
      externalIds.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "SCIM bridge listening on http://"
            + host
            + ":"
            + server.port()
            + ScimServer.ROOT
            + " for "
            + sugar.config().instanceUrl()
            + " (Ctrl+C stops it)");
    out.flush();
    // Until Ctrl+C / SIGTERM, or until this thread is interrupted.
    UntilStopped.serve(
            "scim-bridge",
            () -> {
              try {
                server.close();
              } finally {
                externalIds.close();
              }
            })
        .await();
    return ExitCodes.OK;
  }
}
