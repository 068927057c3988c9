package io.sugarbridge.events.journal;

import static io.sugarbridge.events.journal.JournalFormat.RECORD_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Reads synced records of one segment after a sequence, starting from the segment's sparse index,
 * in large positional chunks so that reading many small records is cheap. A record that was valid
 * when the journal opened and no longer is means a failing disk and fails the read.
 */
final class SegmentReader {
  private static final int READ_CHUNK = 256 * 1024;

  private final int maxRecordBytes;

  SegmentReader(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Adds entries of {@code segment} above {@code after} to {@code out} until it holds max. */
  void read(Segment segment, long after, int max, List<JournalEntry> out) throws IOException {
    long end = segment.durableSize;
    long lastSeq = segment.lastSeq;
    long pos = segment.floorPosition(after + 1);
    ChunkReader reader = new ChunkReader(segment.channel, end);
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
      if (length < 0 || length > maxRecordBytes) {
        throw corruptOnRead(segment, pos);
      }
      if (seq > after) {
        buf = reader.at(pos + RECORD_HEADER_BYTES, length);
        byte[] payload = new byte[length];
        buf.get(payload);
        if (!JournalFormat.checksumMatches(seq, payload, storedCrc)) {
          throw corruptOnRead(segment, pos);
        }
        out.add(new JournalEntry(seq, payload));
      }
      pos += JournalFormat.recordBytes(length);
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

  /** Positional reads of a segment in large chunks. */
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
