package io.sugarbridge.events.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's {@link EventJournal}: an append-only log in a directory, split into segment
 * files, with a group commit so that many concurrent requests share one fsync.
 *
 * <h2>On-disk format (version 1)</h2>
 *
 * <pre>
 * DIR/segment-SSSSSSSSSSSSSSSSSSSS.log   SSS.. = first sequence the segment may hold, 20 digits
 *     file header  : int magic 0x53424A31 ("SBJ1"), int format version 1          (8 bytes)
 *     record, repeated:
 *       int  length    payload length in bytes
 *       int  crc32c    CRC32C over the 4 length bytes, the 8 sequence bytes, then the payload
 *       long sequence  1, 2, 3 ... strictly increasing across the whole journal
 *       byte[length]   payload (the collector's event JSON, see EventCodec)
 * DIR/committed          int magic 0x53424A43 ("SBJC"), long committed sequence, int crc32c of
 *                        the 12 bytes before it; replaced by write-temp, fsync, atomic rename
 * </pre>
 *
 * All integers are big-endian. A record is acknowledged only after the bytes are written and the
 * segment is synced ({@link DiskSync}); a writer thread takes every append waiting at that moment,
 * writes them in one go and syncs once, then hands their futures to two completion threads (so the
 * next write starts at once; stages depending on the futures must still not block).
 *
 * <h2>Opening and damage</h2>
 *
 * Opening reads every segment and checks each record's length, sequence and checksum:
 *
 * <ul>
 *   <li>a damaged <b>tail</b> of the last segment (a partial header, a short record, a bad checksum
 *       with no valid record after it; what a crash in mid-write leaves) is truncated with a WARN
 *       naming the file and offset. Those bytes were never acknowledged.
 *   <li>damage in the <b>middle</b> (a valid record follows it; only disk corruption does this) is
 *       skipped: the journal searches forward for the next record whose checksum and sequence are
 *       valid, logs an ERROR naming the file, the byte range and the sequences that may be lost,
 *       and counts it ({@link #corruptRegionsSkipped()}). The file is left as it is for forensics.
 *       Refusing to start would stop every later event from being delivered, which is worse.
 * </ul>
 *
 * A file named like a segment whose header is not a journal header stops the open with an error, so
 * a wrong directory is never "repaired". Whole segments whose every record is at or below the
 * committed sequence are deleted on {@link #commit}. Reads use an in-memory index of segment start
 * sequences and a sparse per-segment offset index, so following the tail never rescans the log.
 */
public final class FileEventJournal implements EventJournal {
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);

  static final int MAGIC = 0x53424A31;
  static final int COMMIT_MAGIC = 0x53424A43;
  static final int VERSION = 1;
  static final int FILE_HEADER_BYTES = 8;
  static final int RECORD_HEADER_BYTES = 16;
  static final String COMMIT_FILE = "committed";
  private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");
  private static final int INDEX_EVERY = 64;
  private static final int READ_CHUNK = 256 * 1024;
  private static final int WRITE_FLUSH_BYTES = 8 * 1024 * 1024;

  private final Path directory;
  private final JournalOptions options;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
  // Reads hold the read lock; deleting reclaimed segments holds the write lock, so a reader never
  // sees a closed channel.
  private final ReentrantReadWriteLock segmentsLock = new ReentrantReadWriteLock();
  private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock appendedLock = new ReentrantLock();
  private final Condition appended = appendedLock.newCondition();
  private final Object commitLock = new Object();
  private final AtomicLong corruptRegions = new AtomicLong();
  private final Thread writer;
  private final Thread preallocator;
  private final ExecutorService completions;

  private volatile long last;
  private volatile long committed;
  private volatile boolean closed;
  private volatile IOException failure;
  private volatile long lastRecoveryTry;
  private static final long RECOVERY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  // Written by the writer thread only (after construction); read by the preallocator.
  private volatile Segment active;
  private long nextSequence;
  private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(1024 * 1024);
  private final CRC32C writeCrc = new CRC32C();
  private final byte[] scratch = new byte[12];

  private FileEventJournal(Path directory, JournalOptions options) throws IOException {
    this.directory = directory;
    this.options = options;
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve(COMMIT_FILE + ".tmp"));
    this.committed = readCommitted();
    long maxSeq = recover();
    long lastStart = segments.isEmpty() ? 1 : segments.lastKey();
    this.nextSequence = Math.max(Math.max(maxSeq, committed), lastStart - 1) + 1;
    this.last = maxSeq;
    if (segments.isEmpty()) {
      this.active = createSegment(nextSequence);
    } else {
      this.active = segments.lastEntry().getValue();
    }
    reclaim();
    this.completions =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "event-journal-ack");
              t.setDaemon(true);
              return t;
            });
    this.writer = new Thread(this::writeLoop, "event-journal-writer");
    writer.setDaemon(true);
    writer.start();
    this.preallocator = new Thread(this::preallocateLoop, "event-journal-preallocator");
    preallocator.setDaemon(true);
    if (options.preallocateBytes() > 0) {
      preallocator.start();
    }
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
    IOException failed = failure;
    if (failed != null) {
      return CompletableFuture.failedFuture(journalFailed(failed));
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the journal is closed"));
    }
    PendingAppend pending = new PendingAppend(payloads, new CompletableFuture<>());
    queue.add(pending);
    // close() may have drained the queue between the check above and the add.
    if (closed && queue.remove(pending)) {
      pending.future.completeExceptionally(new IllegalStateException("the journal is closed"));
    }
    return pending.future;
  }

  private void writeLoop() {
    List<PendingAppend> batch = new ArrayList<>();
    boolean stopped = false;
    try {
      while (true) {
        PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (failure != null && System.nanoTime() - lastRecoveryTry > RECOVERY_EVERY_NANOS) {
          tryToRecover();
        }
        if (first == null) {
          if (closed) {
            stopped = true;
            return;
          }
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch);
        writeBatch(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!stopped && !closed) {
        // The writer died (out of memory, a bug): no append may wait for it forever.
        failure = new IOException("the journal's writer thread stopped");
      }
      failRemaining(new IllegalStateException("the journal is closed"));
    }
  }

  /**
   * After a failed write or sync (a full disk, most often), the journal tries every second to write
   * again, without a restart: the bytes after the last successful sync are cut off the segment
   * (they were never acknowledged, and after a failed fsync the page cache cannot be trusted about
   * them) and a new segment is started; once its header is written and synced, appends are taken
   * again. Sequences of the failed appends are not reused.
   */
  private void tryToRecover() {
    lastRecoveryTry = System.nanoTime();
    Segment old = active;
    try {
      synchronized (old) {
        if (old.channel.isOpen()) {
          old.channel.truncate(old.durableSize);
        }
        old.writeSize = old.durableSize;
        old.allocatedEnd = old.durableSize;
        old.sealed = true;
      }
      Segment fresh = createSegment(nextSequence);
      active = fresh;
      IOException was = failure;
      failure = null;
      log.warn(
          "The event journal in {} writes again (it had failed: {}); new segment {}",
          directory,
          was == null ? "?" : was.toString(),
          fresh.file.getFileName());
    } catch (IOException | RuntimeException e) {
      log.debug("the event journal in {} still cannot write: {}", directory, e.toString());
    }
  }

  @Override
  public String failure() {
    IOException f = failure;
    return f == null
        ? null
        : "the event journal in "
            + directory
            + " cannot write ("
            + f.getMessage()
            + "); events are refused with 503 until it can, which it tries every second (free"
            + " disk space if the disk is full)";
  }

  private void writeBatch(List<PendingAppend> batch) {
    IOException failed = failure;
    if (failed != null) {
      for (PendingAppend p : batch) {
        p.future.completeExceptionally(journalFailed(failed));
      }
      return;
    }
    List<long[]> sequences = new ArrayList<>(batch.size());
    try {
      writeBuffer.clear();
      long bufferStart = active.writeSize;
      for (PendingAppend p : batch) {
        long[] seqs = new long[p.payloads.size()];
        for (int i = 0; i < seqs.length; i++) {
          byte[] payload = p.payloads.get(i);
          int recordBytes = RECORD_HEADER_BYTES + payload.length;
          long segmentSize = active.writeSize + writeBuffer.position();
          if (segmentSize + recordBytes > options.maxSegmentBytes()
              && segmentSize > FILE_HEADER_BYTES) {
            flush(bufferStart);
            syncActive();
            seal(active);
            active = createSegment(nextSequence);
            bufferStart = active.writeSize;
          } else if (writeBuffer.position() + recordBytes > WRITE_FLUSH_BYTES) {
            flush(bufferStart);
            bufferStart = active.writeSize;
          }
          long seq = nextSequence++;
          ensureWriteCapacity(recordBytes);
          active.index(seq, bufferStart + writeBuffer.position());
          putRecord(seq, payload);
          active.pendingLastSeq = seq;
          seqs[i] = seq;
        }
        sequences.add(seqs);
      }
      flush(bufferStart);
      syncActive();
    } catch (IOException | RuntimeException e) {
      IOException cause = e instanceof IOException io ? io : new IOException(e);
      // After a failed write or fsync the page cache and the disk may disagree about the bytes
      // of this group; nothing more is written to this segment (see tryToRecover).
      failure = cause;
      lastRecoveryTry = System.nanoTime();
      log.error(
          "The event journal in {} could not write or sync ({}); it refuses events until it can"
              + " write again, which it tries every second",
          directory,
          cause.toString());
      for (PendingAppend p : batch) {
        p.future.completeExceptionally(journalFailed(cause));
      }
      failRemaining(journalFailed(cause));
      return;
    }
    signalAppended();
    for (int i = 0; i < batch.size(); i++) {
      CompletableFuture<long[]> future = batch.get(i).future;
      long[] seqs = sequences.get(i);
      // Completing runs the callers' dependent stages (answering HTTP requests); done elsewhere,
      // the writer can start the next write and sync at once.
      try {
        completions.execute(() -> future.complete(seqs));
      } catch (RejectedExecutionException e) {
        future.complete(seqs);
      }
    }
  }

  private void putRecord(long seq, byte[] payload) {
    ByteBuffer header = ByteBuffer.wrap(scratch);
    header.putInt(0, payload.length);
    header.putLong(4, seq);
    writeCrc.reset();
    writeCrc.update(scratch, 0, 12);
    writeCrc.update(payload, 0, payload.length);
    writeBuffer.putInt(payload.length);
    writeBuffer.putInt((int) writeCrc.getValue());
    writeBuffer.putLong(seq);
    writeBuffer.put(payload);
  }

  private void ensureWriteCapacity(int bytes) {
    if (writeBuffer.remaining() < bytes) {
      int needed = writeBuffer.position() + bytes;
      ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(needed, writeBuffer.capacity() * 2));
      writeBuffer.flip();
      bigger.put(writeBuffer);
      writeBuffer = bigger;
    }
  }

  private void flush(long bufferStart) throws IOException {
    writeBuffer.flip();
    Segment segment = active;
    // Under the segment's lock so the preallocator never writes zeros over these bytes.
    synchronized (segment) {
      long pos = bufferStart;
      while (writeBuffer.hasRemaining()) {
        pos += segment.channel.write(writeBuffer, pos);
      }
      segment.writeSize = pos;
      segment.allocatedEnd = Math.max(segment.allocatedEnd, pos);
    }
    writeBuffer.clear();
  }

  /** Ends writing to a segment: the preallocator leaves it alone and its zeros are cut off. */
  private static void seal(Segment segment) throws IOException {
    synchronized (segment) {
      segment.sealed = true;
      if (segment.channel.isOpen() && segment.channel.size() > segment.writeSize) {
        segment.channel.truncate(segment.writeSize);
      }
    }
  }

  /**
   * Keeps about {@code preallocateBytes} of synced zeros ahead of the active segment's last record,
   * in small pieces so the writer never waits long for the segment's lock, and only while the disk
   * keeps at least twice that much free. A file whose blocks already exist needs only its data
   * flushed on fsync; growing it needs a metadata journal commit too, which on a disk shared with
   * other writers can take tens of milliseconds.
   */
  private void preallocateLoop() {
    int piece = 256 * 1024;
    ByteBuffer zeros = ByteBuffer.allocateDirect(piece);
    java.nio.file.FileStore store = null;
    while (!closed) {
      Segment segment = active;
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
        synchronized (segment) {
          long start = Math.max(segment.allocatedEnd, segment.writeSize);
          long ahead = start - segment.writeSize;
          long room = options.maxSegmentBytes() - start;
          if (!segment.sealed && ahead < options.preallocateBytes() && room > 0) {
            zeros.clear().limit((int) Math.min(piece, room));
            long pos = start;
            while (zeros.hasRemaining()) {
              pos += segment.channel.write(zeros, pos);
            }
            segment.allocatedEnd = pos;
            extended = true;
          }
        }
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

  private void syncActive() throws IOException {
    options.diskSync().force(active.channel);
    active.durableSize = active.writeSize;
    if (active.pendingLastSeq > active.lastSeq) {
      active.lastSeq = active.pendingLastSeq;
      last = active.lastSeq;
    }
  }

  private void signalAppended() {
    appendedLock.lock();
    try {
      appended.signalAll();
    } finally {
      appendedLock.unlock();
    }
  }

  private void failRemaining(RuntimeException cause) {
    PendingAppend p;
    while ((p = queue.poll()) != null) {
      p.future.completeExceptionally(cause);
    }
  }

  private static IllegalStateException journalFailed(IOException cause) {
    return new IllegalStateException(
        "the event journal cannot write to disk: " + cause.getMessage(), cause);
  }

  private Segment createSegment(long firstSeq) throws IOException {
    Path file = directory.resolve(segmentName(firstSeq));
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      channel.truncate(0);
      ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(MAGIC).putInt(VERSION);
      header.flip();
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      options.diskSync().force(channel);
      syncDirectory();
    } catch (IOException | RuntimeException e) {
      // No room for it (a full disk): leave nothing half-made behind.
      channel.close();
      Files.deleteIfExists(file);
      throw e;
    }
    Segment segment = new Segment(file, firstSeq, channel, new TreeMap<>());
    segment.writeSize = FILE_HEADER_BYTES;
    segment.durableSize = FILE_HEADER_BYTES;
    segment.allocatedEnd = FILE_HEADER_BYTES;
    segments.put(firstSeq, segment);
    return segment;
  }

  static String segmentName(long firstSeq) {
    return String.format(java.util.Locale.ROOT, "segment-%020d.log", firstSeq);
  }

  private void syncDirectory() {
    // Makes a new or renamed file's directory entry durable. Not every platform lets a directory
    // be opened; there the rename's own guarantees are all there is.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync directory {}: {}", directory, e.toString());
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
        readSegment(segment, after, max, out);
        if (out.size() >= max) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the event journal in " + directory, e);
    } finally {
      segmentsLock.readLock().unlock();
    }
    return out;
  }

  private void readSegment(Segment segment, long after, int max, List<JournalEntry> out)
      throws IOException {
    long end = segment.durableSize;
    long lastSeq = segment.lastSeq;
    long pos = segment.floorPosition(after + 1);
    ChunkReader reader = new ChunkReader(segment.channel, end);
    CRC32C crc = new CRC32C();
    while (pos < end && out.size() < max) {
      Long resume = segment.skips.get(pos);
      if (resume != null) {
        pos = resume;
        continue;
      }
      ByteBuffer buf = reader.at(pos, RECORD_HEADER_BYTES);
      int length = buf.getInt();
      int storedCrc = buf.getInt();
      long seq = buf.getLong();
      if (seq > lastSeq) {
        break; // written but not yet synced by the writer
      }
      if (length < 0 || length > options.maxRecordBytes()) {
        throw corruptOnRead(segment, pos);
      }
      if (seq > after) {
        buf = reader.at(pos + RECORD_HEADER_BYTES, length);
        byte[] payload = new byte[length];
        buf.get(payload);
        crc.reset();
        crc.update(ByteBuffer.allocate(12).putInt(length).putLong(seq).array());
        crc.update(payload);
        if ((int) crc.getValue() != storedCrc) {
          throw corruptOnRead(segment, pos);
        }
        out.add(new JournalEntry(seq, payload));
      }
      pos += RECORD_HEADER_BYTES + length;
    }
  }

  private static IOException corruptOnRead(Segment segment, long pos) {
    return new IOException(
        "record at offset "
            + pos
            + " of "
            + segment.file
            + " was valid when the journal opened and is damaged now; the disk is failing");
  }

  @Override
  public boolean awaitAfter(long after, long timeoutMillis) throws InterruptedException {
    if (last > after) {
      return true;
    }
    long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    appendedLock.lock();
    try {
      while (last <= after) {
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
    return last;
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
      if (sequence > last) {
        throw new IllegalArgumentException(
            "cannot commit sequence " + sequence + ": the journal's last sequence is " + last);
      }
      try {
        writeCommitted(sequence);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot record the committed sequence in " + directory.resolve(COMMIT_FILE), e);
      }
      committed = sequence;
    }
    reclaim();
  }

  private void writeCommitted(long sequence) throws IOException {
    Path tmp = directory.resolve(COMMIT_FILE + ".tmp");
    ByteBuffer buf = ByteBuffer.allocate(16).putInt(COMMIT_MAGIC).putLong(sequence);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, 12);
    buf.putInt((int) crc.getValue());
    buf.flip();
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      options.diskSync().force(ch);
    }
    try {
      Files.move(
          tmp,
          directory.resolve(COMMIT_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, directory.resolve(COMMIT_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory();
  }

  private long readCommitted() throws IOException {
    Path file = directory.resolve(COMMIT_FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 16) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, 12);
      if (buf.getInt(0) == COMMIT_MAGIC && buf.getInt(12) == (int) crc.getValue()) {
        return buf.getLong(4);
      }
    }
    // Only re-delivery follows (at-least-once; the deliverer drops repeats by messageId).
    log.warn(
        "The committed position in {} is damaged; starting from the oldest entry still in the"
            + " journal, so some events may be delivered again (repeats are dropped by messageId)",
        file);
    return 0;
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

  // --------------------------------------------------------------------------------- recovering

  private long recover() throws IOException {
    Map<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "segment-*.log")) {
      for (Path p : dir) {
        Matcher m = SEGMENT_NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          long start = Long.parseLong(m.group(1));
          files.put(start, p);
        }
      }
    }
    long prevSeq = 0;
    int i = 0;
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      boolean isLast = ++i == files.size();
      Segment segment = scan(e.getValue(), e.getKey(), isLast, prevSeq);
      segments.put(e.getKey(), segment);
      prevSeq = Math.max(prevSeq, segment.lastSeq);
    }
    return prevSeq;
  }

  private Segment scan(Path file, long firstSeq, boolean isLast, long prevSeq) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is too large to be a journal segment (" + size + " bytes)");
      }
      byte[] bytes = Files.readAllBytes(file);
      TreeMap<Long, Long> skips = new TreeMap<>();
      Segment segment = new Segment(file, firstSeq, channel, skips);
      segment.lastSeq = Math.max(prevSeq, firstSeq - 1);
      if (bytes.length < FILE_HEADER_BYTES) {
        // A crash while a new segment was being created: nothing in it was ever acknowledged.
        if (bytes.length > 0) {
          log.warn(
              "Journal segment {} has a torn header ({} bytes); rewriting it", file, bytes.length);
        }
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(MAGIC).putInt(VERSION);
        header.flip();
        channel.truncate(0);
        while (header.hasRemaining()) {
          channel.write(header, header.position());
        }
        options.diskSync().force(channel);
        segment.writeSize = FILE_HEADER_BYTES;
        segment.durableSize = FILE_HEADER_BYTES;
        return segment;
      }
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      if (buf.getInt(0) != MAGIC || buf.getInt(4) != VERSION) {
        throw new IOException(
            file
                + " is not an event journal segment of format version "
                + VERSION
                + " (wrong header); move it out of the journal directory");
      }
      CRC32C crc = new CRC32C();
      int pos = FILE_HEADER_BYTES;
      long seqBefore = prevSeq;
      long logicalEnd = bytes.length;
      while (pos < bytes.length) {
        long seq = validRecordAt(bytes, pos, seqBefore, crc);
        if (seq > 0) {
          segment.index(seq, pos);
          seqBefore = seq;
          pos += RECORD_HEADER_BYTES + buf.getInt(pos);
          continue;
        }
        if (allZero(bytes, pos)) {
          // Preallocated space (or a crash left zeros): nothing was ever written there.
          logicalEnd = pos;
          if (!isLast) {
            channel.truncate(pos);
          }
          break;
        }
        int next = findNextRecord(bytes, pos + 1, seqBefore, crc);
        if (next < 0) {
          if (isLast) {
            log.warn(
                "Journal segment {} has a torn tail at offset {} ({} bytes, most likely a write"
                    + " cut short by a crash and never acknowledged); truncating it",
                file,
                pos,
                bytes.length - pos);
            channel.truncate(pos);
            options.diskSync().force(channel);
            logicalEnd = pos;
          } else {
            corruptRegions.incrementAndGet();
            skips.put((long) pos, (long) bytes.length);
            log.error(
                "Journal segment {} is corrupt from offset {} to its end ({} bytes); entries"
                    + " after sequence {} in it are lost. The file is kept for inspection",
                file,
                pos,
                bytes.length - pos,
                seqBefore);
          }
          break;
        }
        long resumedSeq = ByteBuffer.wrap(bytes).getLong(next + 8);
        corruptRegions.incrementAndGet();
        skips.put((long) pos, (long) next);
        log.error(
            "Journal segment {} is corrupt from offset {} to {}; skipped to the next valid record"
                + " (sequence {}). Entries {} to {} may be lost. The file is kept for inspection",
            file,
            pos,
            next,
            resumedSeq,
            seqBefore + 1,
            resumedSeq - 1);
        pos = next;
      }
      segment.lastSeq = Math.max(seqBefore, firstSeq - 1);
      segment.pendingLastSeq = segment.lastSeq;
      segment.writeSize = logicalEnd;
      segment.durableSize = logicalEnd;
      segment.allocatedEnd = channel.size();
      segment.sealed = !isLast;
      return segment;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The record's sequence if a valid record with a sequence above {@code after} starts here. */
  private long validRecordAt(byte[] bytes, int pos, long after, CRC32C crc) {
    if (pos + RECORD_HEADER_BYTES > bytes.length) {
      return -1;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int length = buf.getInt(pos);
    if (length < 0
        || length > options.maxRecordBytes()
        || (long) pos + RECORD_HEADER_BYTES + length > bytes.length) {
      return -1;
    }
    long seq = buf.getLong(pos + 8);
    if (seq <= after) {
      return -1;
    }
    crc.reset();
    crc.update(bytes, pos, 4);
    crc.update(bytes, pos + 8, 8);
    crc.update(bytes, pos + RECORD_HEADER_BYTES, length);
    return (int) crc.getValue() == buf.getInt(pos + 4) ? seq : -1;
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private int findNextRecord(byte[] bytes, int from, long after, CRC32C crc) {
    for (int p = from; p + RECORD_HEADER_BYTES <= bytes.length; p++) {
      if (validRecordAt(bytes, p, after, crc) > 0) {
        return p;
      }
    }
    return -1;
  }

  /** Places where corrupt bytes were skipped when the journal opened (0 on a healthy disk). */
  public long corruptRegionsSkipped() {
    return corruptRegions.get();
  }

  /** The directory the journal lives in. */
  public Path directory() {
    return directory;
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
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failRemaining(new IllegalStateException("the journal is closed"));
    try {
      preallocator.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      // A cleanly closed journal leaves no preallocated zeros behind.
      seal(active);
    } catch (IOException e) {
      log.warn("cannot trim journal segment {}: {}", active.file, e.toString());
    }
    completions.shutdown();
    try {
      completions.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    return "FileEventJournal[" + directory + ", last=" + last + ", committed=" + committed + "]";
  }

  private record PendingAppend(List<byte[]> payloads, CompletableFuture<long[]> future) {}

  /** One segment file and what is known about it in memory. */
  private static final class Segment {
    final Path file;
    final long firstSeq;
    final FileChannel channel;
    // Corrupt byte ranges found on open: start offset -> offset of the next valid record.
    final TreeMap<Long, Long> skips;
    volatile long durableSize;
    volatile long lastSeq;
    volatile long writeSize; // written by the writer thread only
    long pendingLastSeq; // writer thread only
    long allocatedEnd; // guarded by this: the file's size including preallocated zeros
    boolean sealed; // guarded by this: no more writes or preallocation
    private long records;
    private long[] indexSeq = new long[16];
    private long[] indexPos = new long[16];
    private int indexSize;

    Segment(Path file, long firstSeq, FileChannel channel, TreeMap<Long, Long> skips) {
      this.file = file;
      this.firstSeq = firstSeq;
      this.channel = channel;
      this.skips = skips;
      this.lastSeq = firstSeq - 1;
      this.pendingLastSeq = firstSeq - 1;
    }

    synchronized void index(long seq, long pos) {
      if (records++ % INDEX_EVERY == 0) {
        if (indexSize == indexSeq.length) {
          indexSeq = Arrays.copyOf(indexSeq, indexSize * 2);
          indexPos = Arrays.copyOf(indexPos, indexSize * 2);
        }
        indexSeq[indexSize] = seq;
        indexPos[indexSize] = pos;
        indexSize++;
      }
    }

    /** Offset of an indexed record at or before {@code seq}, or of the first record. */
    synchronized long floorPosition(long seq) {
      int i = Arrays.binarySearch(indexSeq, 0, indexSize, seq);
      if (i >= 0) {
        return indexPos[i];
      }
      int insertion = -i - 1;
      return insertion == 0 ? FILE_HEADER_BYTES : indexPos[insertion - 1];
    }
  }

  /** Positional reads of a segment in large chunks, so reading many small records is cheap. */
  private static final class ChunkReader {
    private final FileChannel channel;
    private final long end;
    private ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
    private long bufferStart = -1;

    ChunkReader(FileChannel channel, long end) {
      this.channel = channel;
      this.end = end;
    }

    /** A buffer positioned at {@code pos} with at least {@code bytes} readable. */
    ByteBuffer at(long pos, int bytes) throws IOException {
      if (pos + bytes > end) {
        throw new IOException("record at offset " + pos + " runs past the synced end " + end);
      }
      if (bufferStart < 0 || pos < bufferStart || pos + bytes > bufferStart + buffer.limit()) {
        if (bytes > buffer.capacity()) {
          buffer = ByteBuffer.allocate(bytes);
        }
        buffer.clear();
        int want = (int) Math.min(buffer.capacity(), end - pos);
        buffer.limit(want);
        while (buffer.hasRemaining()) {
          int n = channel.read(buffer, pos + buffer.position());
          if (n < 0) {
            throw new IOException("unexpected end of segment at offset " + pos);
          }
        }
        buffer.flip();
        bufferStart = pos;
      }
      buffer.position((int) (pos - bufferStart));
      return buffer;
    }
  }
}
