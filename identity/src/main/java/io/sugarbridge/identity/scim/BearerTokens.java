package io.sugarbridge.identity.scim;

import io.sugarbridge.client.config.Secret;
import io.sugarbridge.client.error.ConfigProblem;
import io.sugarbridge.client.error.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The bearer tokens an identity provider may present, kept as SHA-256 hashes in a token file: one
 * {@code sha256:<64 hex digits>} line per accepted token, {@code #} comments and blank lines
 * allowed. The file never holds a usable token, so a copy of it grants nothing. The file is read
 * again when it changes, so a token minted while the bridge runs works without a restart; removing
 * its line revokes it. Comparison is constant-time over every stored hash.
 */
public final class BearerTokens {
  private static final String PREFIX = "sha256:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private volatile List<byte[]> hashes;
  private volatile FileTime loadedAt;

  private BearerTokens(Path file) {
    this.file = file;
  }

  /**
   * Reads the token file.
   *
   * @throws ConfigurationException naming every bad line, or when the file is missing or empty
   */
  public static BearerTokens load(Path file) {
    BearerTokens t = new BearerTokens(file);
    t.reload();
    if (t.hashes.isEmpty()) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "--token-file",
                  "holds no token hash; mint one with `sugarbridge scim token --token-file "
                      + file
                      + "`",
                  file.toString())));
    }
    return t;
  }

  /** Whether {@code presented} (the text after {@code Bearer }) is one of the accepted tokens. */
  public boolean accepts(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    reloadIfChanged();
    byte[] candidate = digest(presented);
    boolean match = false;
    for (byte[] h : hashes) {
      // No early exit: the time taken does not tell which stored hash was close.
      match |= MessageDigest.isEqual(h, candidate);
    }
    return match;
  }

  /**
   * Mints a random token, appends its hash to {@code file} (created owner-only when missing) and
   * returns the token, which is shown to the user once and stored nowhere.
   */
  public static Secret mint(Path file) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = "sbscim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        Files.createFile(file);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // Not a POSIX file system: the file keeps its default permissions.
        }
      }
      Files.writeString(
          file, hashLine(token) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the token file " + file, e);
    }
    return Secret.of(token);
  }

  /** The line that accepts {@code token}: {@code sha256:} and the hex SHA-256 of its UTF-8. */
  public static String hashLine(String token) {
    return PREFIX + HexFormat.of().formatHex(digest(token));
  }

  private void reloadIfChanged() {
    try {
      if (!Files.getLastModifiedTime(file).equals(loadedAt)) {
        reload();
      }
    } catch (IOException | ConfigurationException e) {
      // Keep the tokens read last: a file being rewritten must not lock the identity provider out.
    }
  }

  private synchronized void reload() {
    List<String> lines;
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "--token-file",
                  "cannot be read ("
                      + e.getClass().getSimpleName()
                      + "); create it with `sugarbridge scim token --token-file "
                      + file
                      + "`",
                  file.toString())));
    }
    List<byte[]> read = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith(PREFIX) && lower.length() == PREFIX.length() + 64) {
        try {
          read.add(HexFormat.of().parseHex(lower.substring(PREFIX.length())));
          continue;
        } catch (IllegalArgumentException e) {
          // reported below
        }
      }
      // The line may be a plain token pasted by hand: never echo it.
      problems.add(
          new ConfigProblem(
              "--token-file",
              "line "
                  + (i + 1)
                  + " is not a token hash; each line must be sha256:<64 hex digits>. Mint tokens with"
                  + " `sugarbridge scim token`, which writes the hash here and prints the token"
                  + " once",
              file + ":" + (i + 1)));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    hashes = List.copyOf(read);
    loadedAt = modified;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
