package io.sugarbridge.events.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One segment file and what is known about it in memory: how far it is written and synced, its last
 * synced sequence, the corrupt ranges found when the journal opened, and a sparse index of record
 * offsets so that a read seeks close to the wanted entry.
 */
final class Segment {
  private static final int INDEX_EVERY = 64;

  final Path file;
  final long firstSeq;
  final FileChannel channel;
  // Corrupt byte ranges found on open: start offset -> offset of the next valid record.
  final Map<Long, Long> skips;
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

  Segment(Path file, long firstSeq, FileChannel channel, Map<Long, Long> skips) {
    this.file = file;
    this.firstSeq = firstSeq;
    this.channel = channel;
    this.skips = skips;
    this.lastSeq = firstSeq - 1;
    this.pendingLastSeq = firstSeq - 1;
  }

  /**
   * Creates the segment starting at {@code firstSeq}: its header written and synced, and its
   * directory entry synced. On failure (a full disk) nothing half-made is left behind.
   */
  static Segment create(JournalDirectory directory, long firstSeq, DiskSync sync)
      throws IOException {
    Path file = directory.segmentFile(firstSeq);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      writeHeader(channel, sync);
      directory.sync();
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(file);
      throw e;
    }
    Segment segment = new Segment(file, firstSeq, channel, new TreeMap<>());
    segment.writeSize = JournalFormat.FILE_HEADER_BYTES;
    segment.durableSize = JournalFormat.FILE_HEADER_BYTES;
    segment.allocatedEnd = JournalFormat.FILE_HEADER_BYTES;
    return segment;
  }

  /** Empties the file and writes and syncs a segment header: all it holds afterwards. */
  static void writeHeader(FileChannel channel, DiskSync sync) throws IOException {
    channel.truncate(0);
    ByteBuffer header = ByteBuffer.wrap(JournalFormat.segmentHeader());
    while (header.hasRemaining()) {
      channel.write(header, header.position());
    }
    sync.force(channel);
  }

  /** Ends writing to the segment: the preallocator leaves it alone and its zeros are cut off. */
  void seal() throws IOException {
    synchronized (this) {
      sealed = true;
      if (channel.isOpen() && channel.size() > writeSize) {
        channel.truncate(writeSize);
      }
    }
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
    return insertion == 0 ? JournalFormat.FILE_HEADER_BYTES : indexPos[insertion - 1];
  }
}
