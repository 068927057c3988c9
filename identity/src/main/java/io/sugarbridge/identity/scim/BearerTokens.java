package io.sugarbridge.identity.scim;

import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens an identity provider may present, kept as SHA-256 hashes in a token file: one
 * {@code sha256:<64 hex digits>} line per accepted token, {@code #} comments and blank lines
 * allowed. The file never holds a usable token, so a copy of it grants nothing. The file is read
 * again when it changes, so a token minted while the bridge runs works without a restart; removing
 * its line revokes it. A file that cannot be read, is missing or has a bad line accepts no token at
 * all until it is fixed (the log says why): an edit meant to revoke a token must never leave the
 * old tokens working. Comparison is constant-time over every stored hash.
 */
public final class BearerTokens {
  private static final String PREFIX = "sha256:";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

  /**
   * A file changed again within this long of its last change may have changed without a new
   * modification time (coarse clocks, same-size edits), so it is compared again on the next check.
   */
  private static final Duration RACY = Duration.ofSeconds(2);

  private final Path file;
  private volatile Loaded loaded;

  /**
   * What one read of the file found: the accepted hashes (none when {@code problem} is set), the
   * file's stamp when read, and whether that stamp can be trusted to show the next change.
   */
  private record Loaded(List<byte[]> hashes, ConfigProblem problem, Stamp stamp, boolean racy) {}

  /** Modification time, size and identity of the file; null fields when it is missing. */
  private record Stamp(FileTime modified, long size, Object key) {}

  private BearerTokens(Path file) {
    this.file = file;
  }

  /**
   * Reads the token file.
   *
   * @throws ConfigurationException with one problem naming the bad lines, or when the file is
   *     missing, unreadable or holds no hash
   */
  public static BearerTokens load(Path file) {
    BearerTokens t = new BearerTokens(file);
    Loaded l = t.read();
    if (l.problem() != null) {
      throw new ConfigurationException(List.of(l.problem()));
    }
    if (l.hashes().isEmpty()) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "--token-file",
                  "holds no token hash; mint one with `sugarbridge scim token --token-file "
                      + file
                      + "`",
                  file.toString())));
    }
    t.loaded = l;
    return t;
  }

  /** Whether {@code presented} (the text after {@code Bearer }) is one of the accepted tokens. */
  public boolean accepts(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] candidate = digest(presented);
    boolean match = false;
    for (byte[] h : current().hashes()) {
      // No early exit: the time taken does not tell which stored hash was close.
      match |= MessageDigest.isEqual(h, candidate);
    }
    return match;
  }

  /** Why no token is accepted just now (the file is missing or broken), or null. */
  public String problem() {
    ConfigProblem p = current().problem();
    return p == null ? null : p.toString();
  }

  private Loaded current() {
    Loaded l = loaded;
    if (l.racy() || !stamp().equals(l.stamp())) {
      synchronized (this) {
        l = loaded;
        if (l.racy() || !stamp().equals(l.stamp())) {
          Loaded next = read();
          report(l, next);
          loaded = next;
          l = next;
        }
      }
    }
    return l;
  }

  /** Logs a change of state once, not on every request. */
  private void report(Loaded before, Loaded after) {
    String was = before.problem() == null ? null : before.problem().toString();
    String is = after.problem() == null ? null : after.problem().toString();
    if (is != null && !is.equals(was)) {
      LOG.warn("Every SCIM token is refused until the token file is fixed: {}", is);
    } else if (is == null && was != null) {
      LOG.info("Token file {} read again: {} token(s) accepted.", file, after.hashes().size());
    } else if (is == null && after.hashes().isEmpty() && !before.hashes().isEmpty()) {
      LOG.warn("Token file {} holds no token hash now: every SCIM token is refused.", file);
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (IOException e) {
      return new Stamp(null, -1, null);
    }
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

  /** Reads the file; never throws: a missing, unreadable or bad file is a {@code problem}. */
  private Loaded read() {
    Stamp stamp = stamp();
    boolean racy =
        stamp.modified() == null
            || Duration.between(stamp.modified().toInstant(), Instant.now()).compareTo(RACY) < 0;
    if (stamp.modified() == null) {
      return refused(
          "does not exist, so no token is accepted; create it with `sugarbridge scim token"
              + " --token-file "
              + file
              + "`",
          file.toString(),
          stamp,
          racy);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return refused(
          "cannot be read ("
              + e.getClass().getSimpleName()
              + "); check its permissions, or create it with `sugarbridge scim token --token-file "
              + file
              + "`",
          file.toString(),
          stamp,
          racy);
    }
    List<byte[]> read = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
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
      bad.add(i + 1);
    }
    if (!bad.isEmpty()) {
      // The line may be a plain token pasted by hand: never echo it, name its number only.
      String numbers = bad.stream().map(String::valueOf).collect(Collectors.joining(", "));
      return refused(
          (bad.size() == 1
                  ? "line " + numbers + " is not a token hash"
                  : "lines " + numbers + " are not token hashes")
              + "; each line must be sha256:<64 hex digits>. Mint tokens with `sugarbridge scim"
              + " token`, which writes the hash here and prints the token once",
          file + ":" + bad.get(0),
          stamp,
          racy);
    }
    return new Loaded(List.copyOf(read), null, stamp, racy);
  }

  private Loaded refused(String message, String location, Stamp stamp, boolean racy) {
    return new Loaded(List.of(), new ConfigProblem("--token-file", message, location), stamp, racy);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
