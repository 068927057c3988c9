package io.sugarbridge.events.journal;

import java.util.Objects;

/**
 * Tuning of a {@link FileEventJournal}: how large a segment file grows before the journal starts a
 * new one (whole segments are the unit of reclaiming space), the largest payload it accepts, and
 * how it syncs to disk. {@link #defaults()} suits the collector; tests shrink the segment size to
 * exercise roll-over.
 *
 * @param maxSegmentBytes a segment is closed and a new one started once the next record would take
 *     it past this size (a record larger than a whole segment still gets a segment of its own)
 * @param maxRecordBytes the largest payload accepted by {@code append}; larger ones fail the append
 * @param diskSync how written bytes are made durable; {@link DiskSync#FSYNC} outside tests
 * @param preallocateBytes how far ahead of the last record a background thread fills the segment
 *     with zeros (and syncs them), so that the fsync after each group of appends only writes data
 *     and no file-size metadata, which is what makes fsyncs slow and erratic on a shared disk; 0
 *     turns it off
 */
public record JournalOptions(
    long maxSegmentBytes, int maxRecordBytes, DiskSync diskSync, int preallocateBytes) {
  public static final int DEFAULT_PREALLOCATE_BYTES = 8 * 1024 * 1024;
  public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  public JournalOptions(long maxSegmentBytes, int maxRecordBytes, DiskSync diskSync) {
    this(maxSegmentBytes, maxRecordBytes, diskSync, DEFAULT_PREALLOCATE_BYTES);
  }

  public JournalOptions {
    Objects.requireNonNull(diskSync, "diskSync");
    if (preallocateBytes < 0) {
      throw new IllegalArgumentException(
          "preallocateBytes must be 0 (off) or more, was " + preallocateBytes);
    }
    if (maxSegmentBytes < 1024) {
      throw new IllegalArgumentException(
          "maxSegmentBytes must be at least 1024, was " + maxSegmentBytes);
    }
    if (maxRecordBytes < 1 || maxRecordBytes > maxSegmentBytes) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be between 1 and maxSegmentBytes ("
              + maxSegmentBytes
              + "), was "
              + maxRecordBytes);
    }
  }

  public static JournalOptions defaults() {
    return new JournalOptions(DEFAULT_MAX_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES, DiskSync.FSYNC);
  }

  public JournalOptions withMaxSegmentBytes(long bytes) {
    return new JournalOptions(
        bytes, (int) Math.min(maxRecordBytes, bytes), diskSync, preallocateBytes);
  }

  public JournalOptions withDiskSync(DiskSync sync) {
    return new JournalOptions(maxSegmentBytes, maxRecordBytes, sync, preallocateBytes);
  }

  public JournalOptions withPreallocateBytes(int bytes) {
    return new JournalOptions(maxSegmentBytes, maxRecordBytes, diskSync, bytes);
  }
}
