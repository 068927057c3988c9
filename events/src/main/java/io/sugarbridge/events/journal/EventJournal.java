package io.sugarbridge.events.journal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The collector's durable, ordered log of accepted events. The collector appends and acknowledges
 * an event only once the future returned by {@link #append} has completed, which means the entry is
 * on disk (fsynced) and survives a {@code kill -9}. The deliverer reads entries in sequence order
 * and {@link #commit commits} a sequence once every entry up to it has a final outcome (delivered,
 * ignored, dead-lettered); the journal may then reclaim the space below it. A journal reopened
 * after a crash yields every appended entry above the last commit again, so delivery is
 * at-least-once and de-duplication by {@code messageId} makes it exactly-once in Sugar.
 */
public interface EventJournal extends AutoCloseable {

  /**
   * Appends one entry per payload, in list order, and completes with their sequence numbers once
   * all are durable. The future completes exceptionally if they could not be made durable; the
   * caller must then not acknowledge them.
   */
  CompletableFuture<long[]> append(List<byte[]> payloads);

  /** Up to {@code max} entries with a sequence above {@code after}, in sequence order. */
  List<JournalEntry> readAfter(long after, int max);

  /**
   * Records that every entry up to and including {@code sequence} is finished. Durable when this
   * returns; never moves backwards.
   */
  void commit(long sequence);

  /** The last committed sequence, 0 when none. */
  long committed();

  /** The highest sequence appended so far, 0 when none. Lag is {@code last() - committed()}. */
  long last();

  /**
   * Waits up to {@code timeoutMillis} for an entry above {@code after} to be appended; returns at
   * once if one exists. Lets the deliverer follow the journal without polling.
   */
  boolean awaitAfter(long after, long timeoutMillis) throws InterruptedException;

  /**
   * Why appends fail now (the disk is full, a write or sync failed, the writer stopped), or null
   * when the journal takes events.
   */
  default String failure() {
    return null;
  }

  @Override
  void close();
}
