package io.sugarbridge.events.journal;

import static io.sugarbridge.events.journal.SegmentFiles.concat;
import static io.sugarbridge.events.journal.SegmentFiles.options;
import static io.sugarbridge.events.journal.SegmentFiles.records;
import static io.sugarbridge.events.journal.SegmentFiles.segment;
import static io.sugarbridge.events.journal.SegmentFiles.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a journal's segments: bytes on disk in, segments and repairs out. */
class RecoveryTest {
  @TempDir Path dir;
  private Recovery.Recovered found;

  @AfterEach
  void close() throws IOException {
    if (found != null) {
      for (Segment s : found.segments().values()) {
        s.channel.close();
      }
    }
  }

  private Recovery.Recovered recover() throws IOException {
    found = Recovery.recover(new JournalDirectory(dir), options());
    return found;
  }

  private static int recordSize(long sequence) {
    return JournalFormat.recordBytes(SegmentFiles.payload(sequence).length);
  }

  @Test
  void anEmptyDirectoryHasNoSegmentsAndNoSequence() throws IOException {
    Recovery.Recovered r = recover();

    assertThat(r.segments()).isEmpty();
    assertThat(r.lastSequence()).isZero();
    assertThat(r.corruptRegions()).isZero();
  }

  @Test
  void wholeSegmentsAreIndexedAndAllButTheLastSealed() throws IOException {
    byte[] first = segment(1, 5);
    write(dir, 1, first);
    write(dir, 6, segment(6, 9));

    Recovery.Recovered r = recover();

    assertThat(r.segments()).containsOnlyKeys(1L, 6L);
    assertThat(r.lastSequence()).isEqualTo(9);
    assertThat(r.corruptRegions()).isZero();
    Segment a = r.segments().get(1L);
    Segment b = r.segments().get(6L);
    assertThat(a.lastSeq).isEqualTo(5);
    assertThat(a.sealed).isTrue();
    assertThat(a.durableSize).isEqualTo(first.length);
    assertThat(b.lastSeq).isEqualTo(9);
    assertThat(b.sealed).isFalse();
    assertThat(a.floorPosition(1)).isEqualTo(JournalFormat.FILE_HEADER_BYTES);
  }

  @Test
  void aSegmentWithOnlyItsHeaderIsEmptyAndTakesTheSequenceBeforeIt() throws IOException {
    write(dir, 1, segment(1, 3));
    write(dir, 4, segment(4, 3));

    Recovery.Recovered r = recover();

    assertThat(r.lastSequence()).isEqualTo(3);
    Segment empty = r.segments().get(4L);
    assertThat(empty.lastSeq).isEqualTo(3);
    assertThat(empty.writeSize).isEqualTo(JournalFormat.FILE_HEADER_BYTES);
  }

  @Test
  void aTornTailOfTheLastSegmentIsCutOff() throws IOException {
    byte[] whole = segment(1, 3);
    byte[] torn = Arrays.copyOf(JournalFormat.encodeRecord(4, SegmentFiles.payload(4)), 11);
    Path file = write(dir, 1, concat(whole, torn));

    Recovery.Recovered r = recover();

    assertThat(r.lastSequence()).isEqualTo(3);
    assertThat(r.corruptRegions()).isZero();
    assertThat(Files.size(file)).isEqualTo(whole.length);
    assertThat(r.segments().get(1L).writeSize).isEqualTo(whole.length);
  }

  @Test
  void aBadChecksumFollowedByAValidRecordIsSkippedAndCounted() throws IOException {
    byte[] bytes = segment(1, 4);
    int second = JournalFormat.FILE_HEADER_BYTES + recordSize(1);
    bytes[second + JournalFormat.RECORD_HEADER_BYTES] ^= 0x01; // the payload of record 2
    Path file = write(dir, 1, bytes);

    Recovery.Recovered r = recover();

    assertThat(r.lastSequence()).isEqualTo(4);
    assertThat(r.corruptRegions()).isEqualTo(1);
    Segment s = r.segments().get(1L);
    assertThat(s.skips).containsExactly(Map.entry((long) second, (long) second + recordSize(2)));
    assertThat(Files.size(file)).as("kept for inspection").isEqualTo(bytes.length);
  }

  @Test
  void damageAtTheEndOfASealedSegmentIsKeptAndSkippedToItsEnd() throws IOException {
    byte[] whole = segment(1, 2);
    byte[] bytes = concat(whole, "garbage, not a record".getBytes(UTF_8));
    Path file = write(dir, 1, bytes);
    write(dir, 3, segment(3, 4));

    Recovery.Recovered r = recover();

    assertThat(r.lastSequence()).isEqualTo(4);
    assertThat(r.corruptRegions()).isEqualTo(1);
    assertThat(r.segments().get(1L).skips)
        .containsExactly(Map.entry((long) whole.length, (long) bytes.length));
    assertThat(Files.size(file)).isEqualTo(bytes.length);
  }

  @Test
  void zerosAfterTheLastRecordArePreallocatedSpaceNotDamage() throws IOException {
    byte[] whole = segment(1, 2);
    Path sealed = write(dir, 1, concat(whole, new byte[4096]));
    Path last = write(dir, 3, concat(segment(3, 3), new byte[4096]));

    Recovery.Recovered r = recover();

    assertThat(r.corruptRegions()).isZero();
    assertThat(r.lastSequence()).isEqualTo(3);
    assertThat(Files.size(sealed)).as("a sealed segment loses its zeros").isEqualTo(whole.length);
    assertThat(Files.size(last)).as("the last keeps them to write into").isGreaterThan(4096);
    assertThat(r.segments().get(3L).writeSize).isEqualTo(segment(3, 3).length);
  }

  @Test
  void aTornOrEmptySegmentHeaderIsRewritten() throws IOException {
    write(dir, 1, segment(1, 2));
    Path torn = write(dir, 3, Arrays.copyOf(JournalFormat.segmentHeader(), 5));
    Recovery.Recovered r = recover();
    assertThat(Files.readAllBytes(torn)).isEqualTo(JournalFormat.segmentHeader());
    assertThat(r.segments().get(3L).lastSeq).isEqualTo(2);
    assertThat(r.lastSequence()).isEqualTo(2);
    close();

    Files.write(torn, new byte[0]);
    found = Recovery.recover(new JournalDirectory(dir), options());
    assertThat(Files.readAllBytes(torn)).isEqualTo(JournalFormat.segmentHeader());
  }

  @Test
  void aFileNamedLikeASegmentWithAnotherHeaderStopsTheOpenAndIsLeftAlone() throws IOException {
    write(dir, 1, segment(1, 2));
    byte[] notes = "somebody's notes, not a journal".getBytes(UTF_8);
    Path foreign = write(dir, 3, notes);

    assertThatThrownBy(this::recover)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not an event journal segment of format version 1")
        .hasMessageContaining("move it out of the journal directory");
    assertThat(Files.readAllBytes(foreign)).isEqualTo(notes);
  }

  @Test
  void aSequenceNotAboveTheOneBeforeItIsNotAValidRecord() throws IOException {
    // Segment 1 ends at 3; the next starts again at 2: those records are out of order.
    write(dir, 1, segment(1, 3));
    Path next = write(dir, 4, concat(JournalFormat.segmentHeader(), records(2, 3)));

    Recovery.Recovered r = recover();

    assertThat(r.lastSequence()).isEqualTo(3);
    assertThat(Files.size(next)).as("cut as a torn tail").isEqualTo(8);
  }
}
