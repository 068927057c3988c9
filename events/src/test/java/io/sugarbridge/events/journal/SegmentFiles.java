package io.sugarbridge.events.journal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Segment files for tests, built from the format's own encoder. */
final class SegmentFiles {
  private SegmentFiles() {}

  /** The payload of the record with {@code sequence}. */
  static byte[] payload(long sequence) {
    return ("{\"n\":" + sequence + "}").getBytes(UTF_8);
  }

  /** A segment header followed by the records {@code from..to} (none when to < from). */
  static byte[] segment(long from, long to) {
    return concat(JournalFormat.segmentHeader(), records(from, to));
  }

  /** The records {@code from..to}, back to back. */
  static byte[] records(long from, long to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long s = from; s <= to; s++) {
      out.writeBytes(JournalFormat.encodeRecord(s, payload(s)));
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Writes {@code bytes} as the segment file starting at {@code firstSeq}. */
  static Path write(Path dir, long firstSeq, byte[] bytes) {
    try {
      return Files.write(dir.resolve(JournalFormat.segmentName(firstSeq)), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options without preallocation, and records of at most 1 KB. */
  static JournalOptions options() {
    return new JournalOptions(1024 * 1024, 1024, DiskSync.FSYNC, 0);
  }
}
