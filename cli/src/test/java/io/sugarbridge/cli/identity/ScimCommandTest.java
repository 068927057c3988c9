package io.sugarbridge.cli.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.cli.CliRun;
import io.sugarbridge.cli.ExitCodes;
import io.sugarbridge.cli.SugarbridgeCommand;
import io.sugarbridge.testsupport.Await;
import io.sugarbridge.testsupport.TestSandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sugarbridge scim token} and {@code scim serve} in-process against a sandbox. */
class ScimCommandTest {
  @RegisterExtension static final TestSandbox sugar = TestSandbox.create();

  @TempDir Path dir;

  @BeforeAll
  static void createUsers() {
    sugar.createUser("clerk", "clerk-pass-1", false, List.of("Accounts"));
  }

  private Path connectionFile(String user, String password) throws IOException {
    Path file = dir.resolve("sugarbridge.yaml");
    Files.writeString(
        file,
        "sugar:\n  instance_url: "
            + sugar.url()
            + "\n  username: "
            + user
            + "\n  password: \""
            + password
            + "\"\n");
    return file;
  }

  @Test
  void tokenIsPrintedOnceAndOnlyItsHashIsStored() throws IOException {
    Path tokens = dir.resolve("tokens");

    CliRun r = CliRun.of("scim", "token", "--token-file", tokens.toString());

    assertThat(r.code()).as(r.err()).isZero();
    String token = r.out().trim();
    assertThat(token).startsWith("sbscim_").hasSizeGreaterThan(40);
    String stored = Files.readString(tokens);
    assertThat(stored).doesNotContain(token).matches("sha256:[0-9a-f]{64}\\n");
    assertThat(r.err()).contains("not shown again");
  }

  @Test
  void serveRefusesAMissingOrPlainTextTokenFileWithoutEchoingIt() throws IOException {
    Path config = connectionFile("admin", sugar.adminPassword());

    CliRun missing =
        CliRun.of("scim", "serve", "--config", config.toString(), "--token-file", "no-such-file");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--token-file").contains("sugarbridge scim token");

    Path plain = dir.resolve("plain-tokens");
    Files.writeString(plain, "# comment\nsecret-token-typed-by-hand\n");
    CliRun bad =
        CliRun.of("scim", "serve", "--config", config.toString(), "--token-file", plain.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("line 2").doesNotContain("secret-token-typed-by-hand");
  }

  @Test
  void serveRefusesANonAdministratorBeforeListening() throws IOException {
    Path config = connectionFile("clerk", "clerk-pass-1");
    Path tokens = dir.resolve("tokens");
    CliRun.of("scim", "token", "--token-file", tokens.toString());

    CliRun r =
        CliRun.of(
            "scim",
            "serve",
            "--config",
            config.toString(),
            "--token-file",
            tokens.toString(),
            "--state",
            dir.resolve("state.db").toString(),
            "--port",
            "0");

    // The connection file names a user who cannot do the job: configuration, exit 2.
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("not a Sugar administrator").doesNotContain("Exception");
  }

  @Test
  void serveAnswersTheIdentityProviderUntilStopped() throws Exception {
    Path config = connectionFile("admin", sugar.adminPassword());
    Path tokens = dir.resolve("tokens");
    String token = CliRun.of("scim", "token", "--token-file", tokens.toString()).out().trim();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Thread serve =
        new Thread(
            () ->
                code[0] =
                    SugarbridgeCommand.run(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "scim",
                        "serve",
                        "--config",
                        config.toString(),
                        "--token-file",
                        tokens.toString(),
                        "--state",
                        dir.resolve("state.db").toString(),
                        "--port",
                        "0"));
    serve.start();
    Pattern listening = Pattern.compile("listening on (http://\\S+/scim/v2)");
    URI base =
        Await.value(
            "scim serve to listen",
            Duration.ofSeconds(30),
            () -> {
              assertThat(serve.isAlive()).as(err.toString()).isTrue();
              Matcher m = listening.matcher(out.toString());
              return m.find() ? URI.create(m.group(1)) : null;
            });

    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/Users?filter=userName%20eq%20%22admin%22"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"totalResults\":1").contains("\"userName\":\"admin\"");

    serve.interrupt();
    serve.join(Duration.ofSeconds(30).toMillis());
    assertThat(serve.isAlive()).isFalse();
    assertThat(code[0]).as(err.toString()).isZero();
    assertThat(out.toString() + err.toString()).doesNotContain(token);
  }
}
