package io.sugarbridge.events.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory a journal lives in: where its segment files are, which of its files are segments,
 * and making a new or renamed file's directory entry durable.
 */
final class JournalDirectory {
  // The journal's messages keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);

  private final Path path;

  JournalDirectory(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** The file of the segment whose first sequence is {@code firstSeq}. */
  Path segmentFile(long firstSeq) {
    return path.resolve(JournalFormat.segmentName(firstSeq));
  }

  /** Segment files on disk by their first sequence, oldest first. */
  SortedMap<Long, Path> segmentFiles() throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "segment-*.log")) {
      for (Path p : dir) {
        OptionalLong start = JournalFormat.segmentStart(p.getFileName().toString());
        if (start.isPresent()) {
          files.put(start.getAsLong(), p);
        }
      }
    }
    return files;
  }

  /**
   * Makes a new or renamed file's directory entry durable. Not every platform lets a directory be
   * opened; there the rename's own guarantees are all there is.
   */
  void sync() {
    try (FileChannel dir = FileChannel.open(path, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync directory {}: {}", path, e.toString());
    }
  }
}
