package io.sugarbridge.events.journal;

import static io.sugarbridge.events.journal.JournalFormat.FILE_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's group commit: one writer thread takes every append waiting at that moment, writes
 * them in one go, syncs once ({@link DiskSync}), then hands their futures to two completion threads
 * (so the next write starts at once; stages depending on the futures must still not block). It
 * rolls over to a new segment when the next record would not fit, runs the {@link Preallocator}
 * ahead of itself, and after a failed write or sync refuses appends until it can write again.
 */
final class GroupCommitWriter {
  // The journal's messages keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);
  private static final int WRITE_FLUSH_BYTES = 8 * 1024 * 1024;
  private static final long RECOVERY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final JournalDirectory directory;
  private final JournalOptions options;
  private final Consumer<Segment> onNewSegment;
  private final Runnable onDurable;
  private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
  private final ExecutorService completions;
  private final Thread writer;
  private final Preallocator preallocator;

  private volatile long last;
  private volatile boolean closed;
  private volatile IOException failure;
  private volatile long lastRecoveryTry;

  // Written by the writer thread only (after construction); read by the preallocator.
  private volatile Segment active;
  private long nextSequence;
  private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(1024 * 1024);

  /**
   * @param active the segment to write to (its file exists and has a header)
   * @param nextSequence the sequence of the next appended entry
   * @param last the highest durable sequence
   * @param onNewSegment called with each segment it creates, before writing to it
   * @param onDurable called after each group of appends became durable
   */
  GroupCommitWriter(
      JournalDirectory directory,
      JournalOptions options,
      Segment active,
      long nextSequence,
      long last,
      Consumer<Segment> onNewSegment,
      Runnable onDurable) {
    this.directory = directory;
    this.options = options;
    this.active = active;
    this.nextSequence = nextSequence;
    this.last = last;
    this.onNewSegment = onNewSegment;
    this.onDurable = onDurable;
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
    this.preallocator =
        new Preallocator(directory.path(), options, () -> this.active, () -> closed);
  }

  void start() {
    writer.start();
    preallocator.start();
  }

  /** The highest sequence made durable so far. */
  long last() {
    return last;
  }

  /** Why appends fail now, or null. */
  IOException failure() {
    return failure;
  }

  /** Queues valid, non-empty payloads; the future completes once they are durable. */
  CompletableFuture<long[]> submit(List<byte[]> payloads) {
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

  /**
   * Stops taking appends, lets the writer finish what is queued (up to 30 s), fails the rest, stops
   * the preallocator and trims the active segment's zeros.
   */
  void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failRemaining(new IllegalStateException("the journal is closed"));
    try {
      preallocator.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      // A cleanly closed journal leaves no preallocated zeros behind.
      active.seal();
    } catch (IOException e) {
      log.warn("cannot trim journal segment {}: {}", active.file, e.toString());
    }
    completions.shutdown();
    try {
      completions.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      Segment fresh = newSegment();
      active = fresh;
      IOException was = failure;
      failure = null;
      log.warn(
          "The event journal in {} writes again (it had failed: {}); new segment {}",
          directory.path(),
          was == null ? "?" : was.toString(),
          fresh.file.getFileName());
    } catch (IOException | RuntimeException e) {
      log.debug("the event journal in {} still cannot write: {}", directory.path(), e.toString());
    }
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
          int recordBytes = JournalFormat.recordBytes(payload.length);
          long segmentSize = active.writeSize + writeBuffer.position();
          if (segmentSize + recordBytes > options.maxSegmentBytes()
              && segmentSize > FILE_HEADER_BYTES) {
            flush(bufferStart);
            syncActive();
            active.seal();
            active = newSegment();
            bufferStart = active.writeSize;
          } else if (writeBuffer.position() + recordBytes > WRITE_FLUSH_BYTES) {
            flush(bufferStart);
            bufferStart = active.writeSize;
          }
          long seq = nextSequence++;
          ensureWriteCapacity(recordBytes);
          active.index(seq, bufferStart + writeBuffer.position());
          JournalFormat.putRecord(writeBuffer, seq, payload);
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
          directory.path(),
          cause.toString());
      for (PendingAppend p : batch) {
        p.future.completeExceptionally(journalFailed(cause));
      }
      failRemaining(journalFailed(cause));
      return;
    }
    onDurable.run();
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

  private Segment newSegment() throws IOException {
    Segment segment = Segment.create(directory, nextSequence, options.diskSync());
    onNewSegment.accept(segment);
    return segment;
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

  private void syncActive() throws IOException {
    options.diskSync().force(active.channel);
    active.durableSize = active.writeSize;
    if (active.pendingLastSeq > active.lastSeq) {
      active.lastSeq = active.pendingLastSeq;
      last = active.lastSeq;
    }
  }

  private void failRemaining(RuntimeException cause) {
    PendingAppend p;
    while ((p = queue.poll()) != null) {
      p.future.completeExceptionally(cause);
    }
  }

  static IllegalStateException journalFailed(IOException cause) {
    return new IllegalStateException(
        "the event journal cannot write to disk: " + cause.getMessage(), cause);
  }

  private record PendingAppend(List<byte[]> payloads, CompletableFuture<long[]> future) {}
}
