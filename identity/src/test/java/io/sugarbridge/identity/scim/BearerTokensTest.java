package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.common.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file: hashes only, every bad line reported, changes picked up, revocation. */
class BearerTokensTest {
  @TempDir Path dir;

  @Test
  void mintedTokensAreAcceptedAndOnlyTheirHashesAreStoredOwnerOnly() throws Exception {
    Path file = dir.resolve("tokens");
    String first = BearerTokens.mint(file).reveal();
    String second = BearerTokens.mint(file).reveal();

    BearerTokens tokens = BearerTokens.load(file);

    assertThat(tokens.accepts(first)).isTrue();
    assertThat(tokens.accepts(second)).isTrue();
    assertThat(tokens.accepts(first + "x")).isFalse();
    assertThat(tokens.accepts("")).isFalse();
    assertThat(tokens.accepts(null)).isFalse();
    String stored = Files.readString(file);
    assertThat(stored).doesNotContain(first).doesNotContain(second);
    assertThat(stored.lines())
        .containsExactly(BearerTokens.hashLine(first), BearerTokens.hashLine(second));
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void everyBadLineIsReportedInOneLineWithoutEchoingIt() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(
        file, "# comment\n\nplain-secret-1\nsha256:abc\n" + BearerTokens.hashLine("ok") + "\n");

    assertThatThrownBy(() -> BearerTokens.load(file))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> {
              var problems = ((ConfigurationException) e).problems();
              assertThat(problems).hasSize(1);
              assertThat(problems.get(0).location()).endsWith(":3");
              assertThat(problems.get(0).message()).contains("lines 3, 4 are not token hashes");
            })
        .hasMessageNotContaining("plain-secret-1")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aReloadThatFailsRefusesEveryTokenUntilTheFileIsFixed() throws Exception {
    Path file = dir.resolve("tokens");
    String kept = BearerTokens.mint(file).reveal();
    String removed = BearerTokens.mint(file).reveal();
    BearerTokens tokens = BearerTokens.load(file);
    assertThat(tokens.accepts(removed)).isTrue();

    // Same second, same size class of edit: no touching of the modification time is needed.
    Files.writeString(file, BearerTokens.hashLine(kept) + "\nplain-secret-2\n");
    assertThat(tokens.accepts(removed)).isFalse();
    assertThat(tokens.accepts(kept)).isFalse();
    assertThat(tokens.problem())
        .contains("line 2 is not a token hash")
        .doesNotContain("plain-secret-2");

    Files.writeString(file, BearerTokens.hashLine(kept) + "\n");
    assertThat(tokens.accepts(kept)).isTrue();
    assertThat(tokens.accepts(removed)).isFalse();
    assertThat(tokens.problem()).isNull();
  }

  @Test
  void aDeletedFileAcceptsNoToken() throws Exception {
    Path file = dir.resolve("tokens");
    String token = BearerTokens.mint(file).reveal();
    BearerTokens tokens = BearerTokens.load(file);
    assertThat(tokens.accepts(token)).isTrue();

    Files.delete(file);

    assertThat(tokens.accepts(token)).isFalse();
    assertThat(tokens.problem()).contains("does not exist");
  }

  @Test
  void aSameSizeEditInTheSameInstantIsStillSeen() throws Exception {
    Path file = dir.resolve("tokens");
    String first = BearerTokens.mint(file).reveal();
    BearerTokens tokens = BearerTokens.load(file);
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(tokens.accepts(first)).isTrue();

    // Another token's line in place of the first one's: same size, same modification time.
    Files.writeString(file, BearerTokens.hashLine("other") + "\n");
    Files.setLastModifiedTime(file, before);

    assertThat(tokens.accepts(first)).isFalse();
    assertThat(tokens.accepts("other")).isTrue();
  }

  @Test
  void aMissingOrEmptyFileIsAConfigurationError() throws Exception {
    assertThatThrownBy(() -> BearerTokens.load(dir.resolve("none")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sugarbridge scim token");
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "# nothing yet\n");
    assertThatThrownBy(() -> BearerTokens.load(empty))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no token hash");
  }

  @Test
  void aChangedFileIsReadAgainSoRevokingNeedsNoRestart() throws Exception {
    Path file = dir.resolve("tokens");
    String old = BearerTokens.mint(file).reveal();
    BearerTokens tokens = BearerTokens.load(file);
    assertThat(tokens.accepts(old)).isTrue();

    Files.writeString(file, BearerTokens.hashLine("rotated") + "\n");
    // Make the change visible even on file systems with coarse modification times.
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(tokens.accepts(old)).isFalse();
    assertThat(tokens.accepts("rotated")).isTrue();
  }
}
