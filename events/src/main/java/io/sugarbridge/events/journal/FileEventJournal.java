package io.sugarbridge.events.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's {@link EventJournal}: an append-only log in a directory, split into segment
 * files, with a group commit so that many concurrent requests share one fsync.
 *
 * <p>The on-disk format (version 1) is {@link JournalFormat}: segment files {@code
 * segment-SSSSSSSSSSSSSSSSSSSS.log} (the first sequence they may hold) of an 8-byte header and
 * records of {@code int length, int crc32c, long sequence, byte[length] payload}, and a {@code
 * committed} file ({@link CommitFile}) replaced by write-temp, fsync, atomic rename. A record is
 * acknowledged only after the bytes are written and the segment is synced ({@link DiskSync}) by the
 * {@link GroupCommitWriter}.
 *
 * <p>Opening ({@link Recovery}) reads every segment and checks each record's length, sequence and
 * checksum: a damaged <b>tail</b> of the last segment (what a crash in mid-write leaves, never
 * acknowledged) is truncated with a WARN naming the file and offset; damage in the <b>middle</b> (a
 * valid record follows it; only disk corruption does this) is skipped with an ERROR naming the
 * file, the byte range and the sequences that may be lost, and counted ({@link
 * #corruptRegionsSkipped()}); the file is left as it is for forensics, because refusing to start
 * would stop every later event from being delivered. A file named like a segment whose header is
 * not a journal header stops the open with an error, so a wrong directory is never "repaired".
 * Whole segments whose every record is at or below the committed sequence are deleted on {@link
 * #commit}. Reads use an in-memory index of segment start sequences and a sparse per-segment offset
 * index, so following the tail never rescans the log.
 */
public final class FileEventJournal implements EventJournal {
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);

  static final String COMMIT_FILE = CommitFile.NAME;

  private final JournalDirectory directory;
  private final JournalOptions options;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  // Reads hold the read lock; deleting reclaimed segments holds the write lock, so a reader never
  // sees a closed channel.
  private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();
  private final ReentrantLock appendedLock = new ReentrantLock();
  private final Condition appended = appendedLock.newCondition();
  private final Object commitLock = new Object();
  private final CommitFile commitFile;
  private final SegmentReader reader;
  private final long corruptRegions;
  private final GroupCommitWriter writer;

  private volatile long committed;
  private volatile boolean closed;

  private FileEventJournal(Path directory, JournalOptions options) throws IOException {
    this.directory = new JournalDirectory(directory);
    this.options = options;
    this.reader = new SegmentReader(options.maxRecordBytes());
    Files.createDirectories(directory);
    this.commitFile = new CommitFile(this.directory, options.diskSync());
    this.committed = commitFile.read();
    Recovery.Recovered found = Recovery.recover(this.directory, options);
    segments.putAll(found.segments());
    this.corruptRegions = found.corruptRegions();
    long maxSeq = found.lastSequence();
    long lastStart = segments.isEmpty() ? 1 : segments.lastKey();
    long nextSequence = Math.max(Math.max(maxSeq, committed), lastStart - 1) + 1;
    Segment active;
    if (segments.isEmpty()) {
      active = Segment.create(this.directory, nextSequence, options.diskSync());
      segments.put(active.firstSeq, active);
    } else {
      active = segments.lastEntry().getValue();
    }
    this.writer =
        new GroupCommitWriter(
            this.directory,
            options,
            active,
            nextSequence,
            maxSeq,
            s -> segments.put(s.firstSeq, s),
            this::signalAppended);
    reclaim();
    writer.start();
  }

  /** Opens (creating when absent) the journal in {@code directory} with default options. */
  public static FileEventJournal open(Path directory) {
    return open(directory, JournalOptions.defaults());
  }

  /**
   * Opens (creating when absent) the journal in {@code directory}, recovering from a torn tail as
   * described in the class documentation.
   */
  public static FileEventJournal open(Path directory, JournalOptions options) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    try {
      return new FileEventJournal(directory, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event journal in " + directory, e);
    }
  }

  static String segmentName(long firstSeq) {
    return JournalFormat.segmentName(firstSeq);
  }

  // ---------------------------------------------------------------------------------- appending

  @Override
  public CompletableFuture<long[]> append(List<byte[]> payloads) {
    Objects.requireNonNull(payloads, "payloads");
    for (byte[] p : payloads) {
      if (p == null) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("null payload"));
      }
      if (p.length > options.maxRecordBytes()) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException(
                "payload of "
                    + p.length
                    + " bytes is over the journal's limit of "
                    + options.maxRecordBytes()));
      }
    }
    if (payloads.isEmpty()) {
      return CompletableFuture.completedFuture(new long[0]);
    }
    return writer.submit(payloads);
  }

  @Override
  public String failure() {
    IOException f = writer.failure();
    return f == null
        ? null
        : "the event journal in "
            + directory.path()
            + " cannot write ("
            + f.getMessage()
            + "); events are refused with 503 until it can, which it tries every second (free"
            + " disk space if the disk is full)";
  }

  private void signalAppended() {
    appendedLock.lock();
    try {
      appended.signalAll();
    } finally {
      appendedLock.unlock();
    }
  }

  // ------------------------------------------------------------------------------------ reading

  @Override
  public List<JournalEntry> readAfter(long after, int max) {
    if (max <= 0) {
      return List.of();
    }
    List<JournalEntry> out = new ArrayList<>(Math.min(max, 1024));
    segmentsLock.readLock().lock();
    try {
      Map.Entry<Long, Segment> start = segments.floorEntry(after + 1);
      Long fromKey =
          start == null ? segments.isEmpty() ? null : segments.firstKey() : start.getKey();
      if (fromKey == null) {
        return out;
      }
      for (Segment segment : segments.tailMap(fromKey, true).values()) {
        if (segment.lastSeq <= after) {
          continue;
        }
        reader.read(segment, after, max, out);
        if (out.size() >= max) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event journal in " + directory.path(), e);
    } finally {
      segmentsLock.readLock().unlock();
    }
    return out;
  }

  @Override
  public boolean awaitAfter(long after, long timeoutMillis) throws InterruptedException {
    if (writer.last() > after) {
      return true;
    }
    long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    appendedLock.lock();
    try {
      while (writer.last() <= after) {
        if (remaining <= 0 || closed) {
          return false;
        }
        remaining = appended.awaitNanos(remaining);
      }
      return true;
    } finally {
      appendedLock.unlock();
    }
  }

  @Override
  public long last() {
    return writer.last();
  }

  // --------------------------------------------------------------------------------- committing

  @Override
  public long committed() {
    return committed;
  }

  @Override
  public void commit(long sequence) {
    synchronized (commitLock) {
      if (sequence <= committed) {
        return;
      }
      long last = writer.last();
      if (sequence > last) {
        throw new IllegalArgumentException(
            "cannot commit sequence " + sequence + ": the journal's last sequence is " + last);
      }
      try {
        commitFile.write(sequence);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot record the committed sequence in " + commitFile.file(), e);
      }
      committed = sequence;
    }
    reclaim();
  }

  private void reclaim() {
    segmentsLock.writeLock().lock();
    try {
      while (segments.size() > 1) {
        Map.Entry<Long, Segment> oldest = segments.firstEntry();
        Segment segment = oldest.getValue();
        if (segment.lastSeq > committed || segment == segments.lastEntry().getValue()) {
          return;
        }
        segments.remove(oldest.getKey());
        try {
          segment.channel.close();
          Files.deleteIfExists(segment.file);
          log.debug("reclaimed journal segment {}", segment.file);
        } catch (IOException e) {
          log.warn("cannot delete reclaimed journal segment {}: {}", segment.file, e.toString());
        }
      }
    } finally {
      segmentsLock.writeLock().unlock();
    }
  }

  /** Places where corrupt bytes were skipped when the journal opened (0 on a healthy disk). */
  public long corruptRegionsSkipped() {
    return corruptRegions;
  }

  /** The directory the journal lives in. */
  public Path directory() {
    return directory.path();
  }

  /** Segment files currently on disk, oldest first (for tests and operators). */
  public List<Path> segmentFiles() {
    segmentsLock.readLock().lock();
    try {
      return segments.values().stream().map(s -> s.file).toList();
    } finally {
      segmentsLock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    signalAppended();
    segmentsLock.writeLock().lock();
    try {
      for (Segment s : segments.values()) {
        try {
          s.channel.close();
        } catch (IOException e) {
          log.warn("cannot close journal segment {}: {}", s.file, e.toString());
        }
      }
    } finally {
      segmentsLock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "FileEventJournal["
        + directory.path()
        + ", last="
        + last()
        + ", committed="
        + committed
        + "]";
  }
}
