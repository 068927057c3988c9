package io.sugarbridge.events.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's {@code committed} file: the last sequence the deliverer finished. It is replaced by
 * writing {@code committed.tmp}, syncing it, renaming it atomically over {@code committed} and
 * syncing the directory, so it always holds either the old or the new value.
 */
final class CommitFile {
  static final String NAME = "committed";
  // The journal's messages keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);

  private final JournalDirectory directory;
  private final DiskSync sync;
  private final Path file;
  private final Path tmp;

  CommitFile(JournalDirectory directory, DiskSync sync) {
    this.directory = directory;
    this.sync = sync;
    this.file = directory.path().resolve(NAME);
    this.tmp = directory.path().resolve(NAME + ".tmp");
  }

  Path file() {
    return file;
  }

  /**
   * The committed sequence, 0 when there is none or the file is damaged; removes a temporary file a
   * crash in the middle of {@link #write} left behind.
   */
  long read() throws IOException {
    Files.deleteIfExists(tmp);
    if (!Files.exists(file)) {
      return 0;
    }
    OptionalLong sequence = JournalFormat.decodeCommitted(Files.readAllBytes(file));
    if (sequence.isPresent()) {
      return sequence.getAsLong();
    }
    // Only re-delivery follows (at-least-once; the deliverer drops repeats by messageId).
    log.warn(
        "The committed position in {} is damaged; starting from the oldest entry still in the"
            + " journal, so some events may be delivered again (repeats are dropped by messageId)",
        file);
    return 0;
  }

  /** Replaces the committed sequence; durable when this returns. */
  void write(long sequence) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(JournalFormat.encodeCommitted(sequence));
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      sync.force(ch);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    directory.sync();
  }
}
