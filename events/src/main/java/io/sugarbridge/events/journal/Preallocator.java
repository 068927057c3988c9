package io.sugarbridge.events.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that keeps about {@code preallocateBytes} of synced zeros ahead of the active
 * segment's last record, in small pieces so the writer never waits long for the segment's lock, and
 * only while the disk keeps at least twice that much free. A file whose blocks already exist needs
 * only its data flushed on fsync; growing it needs a metadata journal commit too, which on a disk
 * shared with other writers can take tens of milliseconds.
 */
final class Preallocator {
  // The journal's messages keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);
  private static final int PIECE = 256 * 1024;

  private final Path directory;
  private final JournalOptions options;
  private final Supplier<Segment> active;
  private final BooleanSupplier stopped;
  private final Thread thread;

  Preallocator(
      Path directory, JournalOptions options, Supplier<Segment> active, BooleanSupplier stopped) {
    this.directory = directory;
    this.options = options;
    this.active = active;
    this.stopped = stopped;
    this.thread = new Thread(this::run, "event-journal-preallocator");
    thread.setDaemon(true);
  }

  /** Starts the thread, unless preallocation is off. */
  void start() {
    if (options.preallocateBytes() > 0) {
      thread.start();
    }
  }

  /** Waits (up to 10 s) for the thread to end once {@code stopped} said so. */
  void join() throws InterruptedException {
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }

  private void run() {
    ByteBuffer zeros = ByteBuffer.allocateDirect(PIECE);
    FileStore store = null;
    while (!stopped.getAsBoolean()) {
      Segment segment = active.get();
      boolean extended = false;
      try {
        if (store == null) {
          store = Files.getFileStore(directory);
        }
        if (store.getUsableSpace() < 2L * options.preallocateBytes()) {
          // A nearly full disk: the last free space is for the events themselves and the
          // collector's stores (profiles, delivery log), not for zeros ahead of the writer.
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
          continue;
        }
        extended = extend(segment, zeros);
        if (extended) {
          segment.channel.force(false);
        }
      } catch (IOException e) {
        // Only an optimisation: the writer extends the file itself when it has to.
        log.debug("cannot preallocate journal segment {}: {}", segment.file, e.toString());
        extended = false;
      }
      if (!extended) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  /** Writes one piece of zeros after the segment's allocated end, if it needs more. */
  private boolean extend(Segment segment, ByteBuffer zeros) throws IOException {
    synchronized (segment) {
      long start = Math.max(segment.allocatedEnd, segment.writeSize);
      long ahead = start - segment.writeSize;
      long room = options.maxSegmentBytes() - start;
      if (segment.sealed || ahead >= options.preallocateBytes() || room <= 0) {
        return false;
      }
      zeros.clear().limit((int) Math.min(PIECE, room));
      long pos = start;
      while (zeros.hasRemaining()) {
        pos += segment.channel.write(zeros, pos);
      }
      segment.allocatedEnd = pos;
      return true;
    }
  }
}
