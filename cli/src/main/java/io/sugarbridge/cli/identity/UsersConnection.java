package io.sugarbridge.cli.identity;

import io.sugarbridge.client.SugarClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The connection file option shared by the {@code users} commands. */
final class UsersConnection {
  @Option(
      names = {"-c", "--config"},
      defaultValue = "sugarbridge.yaml",
      description = "The connection file (default: ${DEFAULT-VALUE}).")
  Path config;

  SugarClient client() {
    return SugarClient.fromConnectionFile(config);
  }
}
