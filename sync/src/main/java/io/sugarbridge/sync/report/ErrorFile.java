package io.sugarbridge.sync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The row-level error file of a run: one entry per failed or skipped row (and per row sent with
 * warnings) with its key, row number, outcome, reason, Sugar's error code and the message. JSON
 * lines by default; CSV (with a header) when the file name ends in {@code .csv}. Rewritten by every
 * run, so it always describes the last one.
 *
 * <p>It holds customer data, so it is created owner-only (POSIX {@code rw-------}, set as the file
 * is created, never after writing). It never replaces a file sugarbridge did not write: an existing
 * file is replaced only when it is empty or starts the way an error file does (the CSV header, or a
 * JSON line with an error entry's keys); anything else, a folder or a symbolic link is refused.
 * Missing folders are created only inside the sync file's folder; elsewhere the folder must exist.
 */
public final class ErrorFile implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CSV_HEADER = "key,row,outcome,reason,sugar_error,message";
  private static final Set<String> JSON_KEYS =
      Set.of("key", "row", "outcome", "reason", "sugar_error", "message", "warnings");
  private final Path path;
  private final boolean csv;
  private final BufferedWriter out;
  private long entries;

  private ErrorFile(Path path, Path syncFolder) throws IOException {
    this.path = path;
    this.csv = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    Path parent = path.toAbsolutePath().normalize().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Path base = syncFolder == null ? null : syncFolder.toAbsolutePath().normalize();
      if (base == null || !parent.startsWith(base)) {
        throw refused(
            path,
            "its folder "
                + parent
                + " does not exist, and sugarbridge creates folders only inside the sync file's"
                + " folder; create it first or write a path inside "
                + (base == null ? "the sync file's folder" : base));
      }
      Files.createDirectories(parent);
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      String why = notOurs(path, csv);
      if (why != null) {
        throw refused(
            path,
            why
                + ", and sugarbridge replaces only error files it wrote; move that file away or"
                + " set error_file to another path");
      }
      Files.delete(path);
    }
    this.out =
        new BufferedWriter(
            new OutputStreamWriter(
                Channels.newOutputStream(createOwnerOnly(path)), StandardCharsets.UTF_8));
    if (csv) {
      out.write(CSV_HEADER + "\n");
    }
  }

  /** Opens the error file for a run of the sync whose file is in {@code syncFolder}. */
  public static ErrorFile create(Path path, Path syncFolder) {
    try {
      return new ErrorFile(path, syncFolder);
    } catch (IOException e) {
      throw new SugarbridgeException(
          "Cannot write the error file "
              + path
              + ": "
              + e.getMessage()
              + "; set error_file in the sync file to a writable path",
          e);
    }
  }

  private static ConfigurationException refused(Path path, String why) {
    return new ConfigurationException("error_file", "will not write " + path + ": " + why);
  }

  private static java.nio.channels.SeekableByteChannel createOwnerOnly(Path path)
      throws IOException {
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.newByteChannel(
          path,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.newByteChannel(path, options);
  }

  /** Why an existing file is not one sugarbridge wrote, or null when it may be replaced. */
  static String notOurs(Path path, boolean csv) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return "it is a symbolic link";
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return "it is not a regular file";
    }
    String first;
    try (var in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      byte[] head = in.readNBytes(64 * 1024);
      if (head.length == 0) {
        return null;
      }
      String text = new String(head, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      first = (nl < 0 ? text : text.substring(0, nl)).strip();
    }
    if (csv) {
      return first.startsWith(CSV_HEADER) ? null : "it exists and is not a sugarbridge error file";
    }
    try {
      JsonNode n = JSON.readTree(first);
      if (n != null && n.isObject() && n.has("key") && n.has("row") && n.has("outcome")) {
        boolean known = true;
        for (var it = n.fieldNames(); it.hasNext(); ) {
          known &= JSON_KEYS.contains(it.next());
        }
        if (known) {
          return null;
        }
      }
    } catch (JsonProcessingException e) {
      // not JSON: not ours
    }
    return "it exists and is not a sugarbridge error file";
  }

  public Path path() {
    return path;
  }

  public synchronized long entries() {
    return entries;
  }

  public synchronized void add(RowOutcome o) {
    boolean problem = o.outcome() == Outcome.FAILED || o.outcome() == Outcome.SKIPPED;
    if (!problem && o.warnings().isEmpty()) {
      return;
    }
    String reason = problem ? o.reason() : "warning";
    String message =
        problem ? o.message() : "sent with warnings: " + String.join("; ", o.warnings());
    try {
      if (csv) {
        out.write(
            String.join(
                ",",
                cell(o.key()),
                Long.toString(o.row()),
                o.outcome().label(),
                cell(reason),
                cell(o.sugarErrorCode()),
                cell(
                    problem && !o.warnings().isEmpty()
                        ? message + " (warnings: " + String.join("; ", o.warnings()) + ")"
                        : message)));
        out.write('\n');
      } else {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", o.key());
        m.put("row", o.row());
        m.put("outcome", o.outcome().label());
        m.put("reason", reason);
        m.put("sugar_error", o.sugarErrorCode());
        m.put("message", message);
        if (!o.warnings().isEmpty()) {
          m.put("warnings", o.warnings());
        }
        out.write(JSON.writeValueAsString(m));
        out.write('\n');
      }
      entries++;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new SugarbridgeException("Cannot write the error file " + path + ": " + e, e);
    }
  }

  private static String cell(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new SugarbridgeException("Cannot write the error file " + path + ": " + e, e);
    }
  }
}
