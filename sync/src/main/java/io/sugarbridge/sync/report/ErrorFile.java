package io.sugarbridge.sync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.error.SugarbridgeException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row-level error file of a run: one entry per failed or skipped row with its key, row number,
 * outcome, reason, Sugar's error code and the message. JSON lines by default; CSV (with a header)
 * when the file name ends in {@code .csv}. Rewritten by every run, so it always describes the last
 * one.
 */
public final class ErrorFile implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private final boolean csv;
  private final BufferedWriter out;
  private long entries;

  private ErrorFile(Path path) throws IOException {
    this.path = path;
    this.csv = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    if (csv) {
      out.write("key,row,outcome,reason,sugar_error,message\n");
    }
  }

  public static ErrorFile create(Path path) {
    try {
      return new ErrorFile(path);
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

  public Path path() {
    return path;
  }

  public synchronized long entries() {
    return entries;
  }

  public synchronized void add(RowOutcome o) {
    if (o.outcome() != Outcome.FAILED && o.outcome() != Outcome.SKIPPED) {
      return;
    }
    try {
      if (csv) {
        out.write(
            String.join(
                ",",
                cell(o.key()),
                Long.toString(o.row()),
                o.outcome().label(),
                cell(o.reason()),
                cell(o.sugarErrorCode()),
                cell(o.message())));
        out.write('\n');
      } else {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", o.key());
        m.put("row", o.row());
        m.put("outcome", o.outcome().label());
        m.put("reason", o.reason());
        m.put("sugar_error", o.sugarErrorCode());
        m.put("message", o.message());
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
