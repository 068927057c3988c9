package io.sugarbridge.events.journal;

import static io.sugarbridge.events.journal.JournalFormat.FILE_HEADER_BYTES;
import static io.sugarbridge.events.journal.JournalFormat.RECORD_HEADER_BYTES;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening a journal does to its segments: reads every one, checks each record's length,
 * sequence and checksum, truncates a torn tail of the last segment (a write a crash cut short,
 * never acknowledged), skips and counts damage in the middle (a valid record follows it; only disk
 * corruption does this), rewrites a torn segment header, and finds the last sequence. A file named
 * like a segment whose header is not a journal header stops the open, so a wrong directory is never
 * "repaired".
 */
final class Recovery {
  // The journal's messages keep the logger name operators know from before the split.
  private static final Logger log = LoggerFactory.getLogger(FileEventJournal.class);

  /**
   * The journal as found on disk.
   *
   * @param segments every segment by first sequence, open for reading and writing; all but the last
   *     sealed
   * @param lastSequence the highest valid sequence found, 0 when none
   * @param corruptRegions places where corrupt bytes were skipped
   */
  record Recovered(SortedMap<Long, Segment> segments, long lastSequence, long corruptRegions) {}

  private final JournalDirectory directory;
  private final JournalOptions options;
  private long corruptRegions;

  private Recovery(JournalDirectory directory, JournalOptions options) {
    this.directory = directory;
    this.options = options;
  }

  /** Scans and repairs the segments in {@code directory}. */
  static Recovered recover(JournalDirectory directory, JournalOptions options) throws IOException {
    return new Recovery(directory, options).run();
  }

  private Recovered run() throws IOException {
    Map<Long, Path> files = directory.segmentFiles();
    SortedMap<Long, Segment> segments = new TreeMap<>();
    long prevSeq = 0;
    int i = 0;
    try {
      for (Map.Entry<Long, Path> e : files.entrySet()) {
        boolean isLast = ++i == files.size();
        Segment segment = scan(e.getValue(), e.getKey(), isLast, prevSeq);
        segments.put(e.getKey(), segment);
        prevSeq = Math.max(prevSeq, segment.lastSeq);
      }
    } catch (IOException | RuntimeException e) {
      for (Segment s : segments.values()) {
        s.channel.close();
      }
      throw e;
    }
    return new Recovered(segments, prevSeq, corruptRegions);
  }

  private Segment scan(Path file, long firstSeq, boolean isLast, long prevSeq) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is too large to be a journal segment (" + size + " bytes)");
      }
      byte[] bytes = Files.readAllBytes(file);
      Map<Long, Long> skips = new TreeMap<>();
      Segment segment = new Segment(file, firstSeq, channel, skips);
      segment.lastSeq = Math.max(prevSeq, firstSeq - 1);
      switch (JournalFormat.readHeader(bytes)) {
        case TORN -> {
          // A crash while a new segment was being created: nothing in it was ever acknowledged.
          if (bytes.length > 0) {
            log.warn(
                "Journal segment {} has a torn header ({} bytes); rewriting it",
                file,
                bytes.length);
          }
          Segment.writeHeader(channel, options.diskSync());
          segment.writeSize = FILE_HEADER_BYTES;
          segment.durableSize = FILE_HEADER_BYTES;
          return segment;
        }
        case FOREIGN ->
            throw new IOException(
                file
                    + " is not an event journal segment of format version "
                    + JournalFormat.VERSION
                    + " (wrong header); move it out of the journal directory");
        case VALID -> {}
      }
      long seqBefore = scanRecords(segment, bytes, isLast, prevSeq);
      segment.lastSeq = Math.max(seqBefore, firstSeq - 1);
      segment.pendingLastSeq = segment.lastSeq;
      segment.allocatedEnd = channel.size();
      segment.sealed = !isLast;
      return segment;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Indexes the segment's valid records, deals with damage as the class describes, sets the
   * segment's written and synced size, and returns the last valid sequence in it.
   */
  private long scanRecords(Segment segment, byte[] bytes, boolean isLast, long prevSeq)
      throws IOException {
    Path file = segment.file;
    FileChannel channel = segment.channel;
    int maxPayload = options.maxRecordBytes();
    int pos = FILE_HEADER_BYTES;
    long seqBefore = prevSeq;
    long logicalEnd = bytes.length;
    while (pos < bytes.length) {
      long seq = JournalFormat.validRecordAt(bytes, pos, seqBefore, maxPayload);
      if (seq > 0) {
        segment.index(seq, pos);
        seqBefore = seq;
        pos += JournalFormat.recordBytes(JournalFormat.recordLength(bytes, pos));
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
      int next = findNextRecord(bytes, pos + 1, seqBefore, maxPayload);
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
          corruptRegions++;
          segment.skips.put((long) pos, (long) bytes.length);
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
      long resumedSeq = JournalFormat.recordSequence(bytes, next);
      corruptRegions++;
      segment.skips.put((long) pos, (long) next);
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
    segment.writeSize = logicalEnd;
    segment.durableSize = logicalEnd;
    return seqBefore;
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int findNextRecord(byte[] bytes, int from, long after, int maxPayload) {
    for (int p = from; p + RECORD_HEADER_BYTES <= bytes.length; p++) {
      if (JournalFormat.validRecordAt(bytes, p, after, maxPayload) > 0) {
        return p;
      }
    }
    return -1;
  }
}
