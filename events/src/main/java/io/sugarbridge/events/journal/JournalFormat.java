package io.sugarbridge.events.journal;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk format (version 1), as bytes in and bytes out, with no files involved: the
 * segment file header, records, the commit file's content and the segment file names. It is the
 * only place that knows the layout and the only place that computes a checksum, so the writer, the
 * recovery on open and the reader cannot drift apart.
 *
 * <pre>
 * segment-SSSSSSSSSSSSSSSSSSSS.log   SSS.. = first sequence the segment may hold, 20 digits
 *     file header  : int magic 0x53424A31 ("SBJ1"), int format version 1          (8 bytes)
 *     record, repeated:
 *       int  length    payload length in bytes
 *       int  crc32c    CRC32C over the 4 length bytes, the 8 sequence bytes, then the payload
 *       long sequence  1, 2, 3 ... strictly increasing across the whole journal
 *       byte[length]   payload
 * committed          int magic 0x53424A43 ("SBJC"), long committed sequence, int crc32c of the
 *                    12 bytes before it                                           (16 bytes)
 * </pre>
 *
 * All integers are big-endian.
 */
final class JournalFormat {
  static final int MAGIC = 0x53424A31;
  static final int COMMIT_MAGIC = 0x53424A43;
  static final int VERSION = 1;
  static final int FILE_HEADER_BYTES = 8;
  static final int RECORD_HEADER_BYTES = 16;
  static final int COMMIT_BYTES = 16;

  private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");

  /** What the first bytes of a file named like a segment are. */
  enum Header {
    /** A segment header of this format version. */
    VALID,
    /** Fewer bytes than a header: a crash while the segment was being created. */
    TORN,
    /** Not a header of this format version (another file, or another version). */
    FOREIGN
  }

  private JournalFormat() {}

  // ------------------------------------------------------------------------------ segment header

  /** The 8 header bytes every segment file starts with. */
  static byte[] segmentHeader() {
    return ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(MAGIC).putInt(VERSION).array();
  }

  /** What {@code fileBytes}, the start (or whole) of a segment file, begins with. */
  static Header readHeader(byte[] fileBytes) {
    if (fileBytes.length < FILE_HEADER_BYTES) {
      return Header.TORN;
    }
    ByteBuffer buf = ByteBuffer.wrap(fileBytes);
    return buf.getInt(0) == MAGIC && buf.getInt(4) == VERSION ? Header.VALID : Header.FOREIGN;
  }

  // ------------------------------------------------------------------------------------- records

  /** Bytes a record of {@code payloadLength} takes on disk. */
  static int recordBytes(int payloadLength) {
    return RECORD_HEADER_BYTES + payloadLength;
  }

  /**
   * The record checksum: CRC32C over the big-endian length, the big-endian sequence, then the
   * payload bytes {@code payload[offset, offset + length)}.
   */
  static int recordCrc(long sequence, byte[] payload, int offset, int length) {
    byte[] head = ByteBuffer.allocate(12).putInt(length).putLong(sequence).array();
    return crc32c(head, 0, head.length, payload, offset, length);
  }

  /** Appends one record to {@code out}, which must have {@link #recordBytes} remaining. */
  static void putRecord(ByteBuffer out, long sequence, byte[] payload) {
    out.putInt(payload.length);
    out.putInt(recordCrc(sequence, payload, 0, payload.length));
    out.putLong(sequence);
    out.put(payload);
  }

  /** One record as bytes. */
  static byte[] encodeRecord(long sequence, byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(recordBytes(payload.length));
    putRecord(out, sequence, payload);
    return out.array();
  }

  /** The payload length stored in the record header at {@code pos}. */
  static int recordLength(byte[] bytes, int pos) {
    return ByteBuffer.wrap(bytes).getInt(pos);
  }

  /** The sequence stored in the record header at {@code pos}. */
  static long recordSequence(byte[] bytes, int pos) {
    return ByteBuffer.wrap(bytes).getLong(pos + 8);
  }

  /**
   * The sequence of the record starting at {@code pos} in {@code bytes} if it is whole, its payload
   * is at most {@code maxPayload} bytes, its sequence is above {@code after} and its checksum
   * matches; otherwise -1.
   */
  static long validRecordAt(byte[] bytes, int pos, long after, int maxPayload) {
    if (pos < 0 || pos + RECORD_HEADER_BYTES > bytes.length) {
      return -1;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int length = buf.getInt(pos);
    if (length < 0
        || length > maxPayload
        || (long) pos + RECORD_HEADER_BYTES + length > bytes.length) {
      return -1;
    }
    long seq = buf.getLong(pos + 8);
    if (seq <= after) {
      return -1;
    }
    int crc = recordCrc(seq, bytes, pos + RECORD_HEADER_BYTES, length);
    return crc == buf.getInt(pos + 4) ? seq : -1;
  }

  /**
   * Whether {@code payload}, read from a record whose header held {@code sequence} and {@code
   * storedCrc}, is what was written.
   */
  static boolean checksumMatches(long sequence, byte[] payload, int storedCrc) {
    return recordCrc(sequence, payload, 0, payload.length) == storedCrc;
  }

  // --------------------------------------------------------------------------------- commit file

  /** The content of the commit file for {@code sequence}. */
  static byte[] encodeCommitted(long sequence) {
    ByteBuffer buf = ByteBuffer.allocate(COMMIT_BYTES).putInt(COMMIT_MAGIC).putLong(sequence);
    buf.putInt(crc32c(buf.array(), 0, 12, buf.array(), 0, 0));
    return buf.array();
  }

  /** The sequence in a commit file's content, or empty when the content is damaged. */
  static OptionalLong decodeCommitted(byte[] bytes) {
    if (bytes.length != COMMIT_BYTES) {
      return OptionalLong.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (buf.getInt(0) != COMMIT_MAGIC || buf.getInt(12) != crc32c(bytes, 0, 12, bytes, 0, 0)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(buf.getLong(4));
  }

  /** The one checksum routine: CRC32C over {@code a[aOff, aOff+aLen)} then {@code b[...]}. */
  private static int crc32c(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    CRC32C crc = new CRC32C();
    crc.update(a, aOff, aLen);
    crc.update(b, bOff, bLen);
    return (int) crc.getValue();
  }

  // ---------------------------------------------------------------------------------- file names

  /** The file name of the segment whose first sequence is {@code firstSeq}. */
  static String segmentName(long firstSeq) {
    return String.format(Locale.ROOT, "segment-%020d.log", firstSeq);
  }

  /** The first sequence in a segment file's name, or empty when it is not a segment's name. */
  static OptionalLong segmentStart(String fileName) {
    Matcher m = SEGMENT_NAME.matcher(fileName);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
