package io.sugarbridge.events.journal;

import static io.sugarbridge.events.journal.SegmentFiles.concat;
import static io.sugarbridge.events.journal.SegmentFiles.payload;
import static io.sugarbridge.events.journal.SegmentFiles.segment;
import static io.sugarbridge.events.journal.SegmentFiles.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading one segment's records: bytes on disk in, entries out; segments built by hand. */
class SegmentReaderTest {
  private static final int MAX = 1024;

  @TempDir Path dir;
  private final List<FileChannel> open = new ArrayList<>();
  private final SegmentReader reader = new SegmentReader(MAX);

  @AfterEach
  void close() throws IOException {
    for (FileChannel c : open) {
      c.close();
    }
  }

  /**
   * The segment in {@code bytes} as the journal holds it after opening: records {@code
   * firstSeq..lastSeq} indexed, synced up to the end of the file.
   */
  private Segment opened(long firstSeq, long lastSeq, byte[] bytes) throws IOException {
    Path file = write(dir, firstSeq, bytes);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    open.add(channel);
    Segment s = new Segment(file, firstSeq, channel, new TreeMap<>());
    long pos = JournalFormat.FILE_HEADER_BYTES;
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      s.index(seq, pos);
      pos += JournalFormat.recordBytes(payload(seq).length);
    }
    s.durableSize = bytes.length;
    s.lastSeq = lastSeq;
    return s;
  }

  private List<JournalEntry> read(Segment s, long after, int max) throws IOException {
    List<JournalEntry> out = new ArrayList<>();
    reader.read(s, after, max, out);
    return out;
  }

  private static List<Long> sequences(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::sequence).toList();
  }

  @Test
  void readsEveryRecordWithItsPayload() throws IOException {
    List<JournalEntry> all = read(opened(1, 3, segment(1, 3)), 0, 100);

    assertThat(sequences(all)).containsExactly(1L, 2L, 3L);
    assertThat(new String(all.get(1).payload(), UTF_8)).isEqualTo("{\"n\":2}");
  }

  @Test
  void anEmptySegmentHasNothing() throws IOException {
    assertThat(read(opened(1, 0, segment(1, 0)), 0, 100)).isEmpty();
  }

  @Test
  void readingResumesAfterTheSequenceGivenWhereverTheIndexPointsAndStopsAtMax() throws IOException {
    // 200 records: the sparse index holds every 64th, so most positions are found by scanning.
    Segment s = opened(1, 200, segment(1, 200));

    assertThat(sequences(read(s, 0, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(sequences(read(s, 5, 3))).containsExactly(6L, 7L, 8L);
    assertThat(sequences(read(s, 64, 2))).containsExactly(65L, 66L);
    assertThat(sequences(read(s, 130, 1))).containsExactly(131L);
    assertThat(sequences(read(s, 198, 10))).containsExactly(199L, 200L);
    assertThat(read(s, 200, 10)).isEmpty();
  }

  @Test
  void readingAcrossSegmentsContinuesFromTheLastSequenceRead() throws IOException {
    Segment first = opened(1, 4, segment(1, 4));
    Segment second = opened(5, 7, segment(5, 7));
    List<JournalEntry> out = new ArrayList<>();

    reader.read(first, 2, 3, out);
    reader.read(second, out.get(out.size() - 1).sequence(), 3, out);

    assertThat(sequences(out)).containsExactly(3L, 4L, 5L);
  }

  @Test
  void recordsWrittenButNotYetSyncedAreNotRead() throws IOException {
    Segment s = opened(1, 5, segment(1, 5));
    s.lastSeq = 3;

    assertThat(sequences(read(s, 0, 100))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aCorruptRegionFoundOnOpenIsSkipped() throws IOException {
    byte[] head = segment(1, 1);
    byte[] garbage = "corrupt bytes".getBytes(UTF_8);
    Segment s = opened(1, 3, concat(head, garbage, SegmentFiles.records(2, 3)));
    s.skips.put((long) head.length, (long) head.length + garbage.length);

    assertThat(sequences(read(s, 0, 100))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aRecordDamagedSinceTheOpenFailsTheReadNamingTheFailingDisk() throws IOException {
    byte[] bytes = segment(1, 3);
    Segment s = opened(1, 3, bytes);
    int second = JournalFormat.FILE_HEADER_BYTES + JournalFormat.recordBytes(payload(1).length);
    bytes[second + JournalFormat.RECORD_HEADER_BYTES] ^= 0x01;
    Files.write(s.file, bytes);

    assertThatThrownBy(() -> read(s, 0, 100))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("record at offset " + second)
        .hasMessageContaining("the disk is failing");
    assertThat(sequences(read(s, 2, 100))).as("records after it still read").containsExactly(3L);
  }

  @Test
  void aLengthOverTheLimitFailsTheRead() throws IOException {
    Segment s = opened(1, 1, segment(1, 1));
    byte[] bytes = concat(JournalFormat.segmentHeader(), JournalFormat.encodeRecord(1, payload(1)));
    bytes[JournalFormat.FILE_HEADER_BYTES] = 0x7F; // length far above the limit
    Files.write(s.file, bytes);

    assertThatThrownBy(() -> read(s, 0, 100))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the disk is failing");
  }
}
