package io.sugarbridge.identity.scim;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sandbox with the SCIM bridge in front of it, both on free loopback ports, with one minted
 * token: what the SCIM integration tests and the compliance run talk to.
 */
final class ScimBridgeFixture implements AutoCloseable {
  final TestSandbox sandbox;
  final SugarClient sugar;
  final ExternalIdStore externalIds;
  final ScimServer server;
  final String token;

  ScimBridgeFixture(Path dir) throws IOException {
    sandbox = TestSandbox.create().start();
    // The bridge's client as the connection file makes it.
    Path connection = sandbox.writeConnectionFile(dir.resolve("sugarbridge.yaml"));
    sugar = SugarClient.fromConnectionFile(connection);
    seedDirectory();
    Path tokenFile = dir.resolve("scim-tokens");
    token = BearerTokens.mint(tokenFile).reveal();
    externalIds = ExternalIdStore.open(dir.resolve("scim-state.db"));
    server =
        ScimServer.start(
            new ScimServer.ScimServerSettings(
                sugar,
                BearerTokens.load(tokenFile),
                externalIds,
                "127.0.0.1",
                0,
                List.of("CURRENT"),
                null,
                false));
  }

  /**
   * A few users made directly in Sugar, as a directory that existed before the identity provider
   * was connected (some compliance tests need users they did not create).
   */
  private void seedDirectory() {
    for (int i = 1; i <= 5; i++) {
      var u = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      u.put("user_name", "existing" + i);
      u.put("first_name", "Existing");
      u.put("last_name", "Person " + i);
      u.put("status", "Active");
      u.putArray("email").addObject().put("email_address", "existing" + i + "@example.com");
      sugar.users().create(u, List.of("CURRENT"));
    }
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.port() + ScimServer.ROOT);
  }

  @Override
  public void close() {
    server.close();
    externalIds.close();
    sandbox.close();
  }

  /** Runs a bridge by hand: prints its URL and token, and serves until killed. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("scim-bridge");
    ScimBridgeFixture f = new ScimBridgeFixture(dir);
    System.out.println("URL " + f.base());
    System.out.println("TOKEN " + f.token);
    System.out.flush();
    Thread.currentThread().join();
  }
}
