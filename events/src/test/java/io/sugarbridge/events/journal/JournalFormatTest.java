package io.sugarbridge.events.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The on-disk format as bytes in, bytes out: no files, no threads. */
class JournalFormatTest {
  private static final int MAX = 1024;

  @Test
  void aRecordIsLaidOutAsDocumented() {
    byte[] payload = "{\"a\":1}".getBytes(UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(12).putInt(payload.length).putLong(42).array());
    crc.update(payload);
    byte[] expected =
        ByteBuffer.allocate(16 + payload.length)
            .putInt(payload.length)
            .putInt((int) crc.getValue())
            .putLong(42)
            .put(payload)
            .array();

    assertThat(JournalFormat.encodeRecord(42, payload)).isEqualTo(expected);
  }

  @Test
  void recordsRoundTripBackToBack() {
    byte[] first = "first".getBytes(UTF_8);
    byte[] empty = new byte[0];
    byte[] bytes =
        concat(JournalFormat.encodeRecord(7, first), JournalFormat.encodeRecord(9, empty));

    assertThat(JournalFormat.validRecordAt(bytes, 0, 0, MAX)).isEqualTo(7);
    assertThat(JournalFormat.recordLength(bytes, 0)).isEqualTo(first.length);
    assertThat(JournalFormat.recordSequence(bytes, 0)).isEqualTo(7);
    assertThat(Arrays.copyOfRange(bytes, 16, 16 + first.length)).isEqualTo(first);
    int second = JournalFormat.recordBytes(first.length);
    assertThat(JournalFormat.validRecordAt(bytes, second, 7, MAX)).isEqualTo(9);
    assertThat(JournalFormat.recordLength(bytes, second)).isZero();
    assertThat(second + JournalFormat.recordBytes(0)).isEqualTo(bytes.length);
  }

  @Test
  void theChecksumOfARecordReadBackMatchesOnlyItsOwnPayloadAndSequence() {
    byte[] payload = "payload".getBytes(UTF_8);
    int stored = ByteBuffer.wrap(JournalFormat.encodeRecord(5, payload)).getInt(4);

    assertThat(JournalFormat.checksumMatches(5, payload, stored)).isTrue();
    assertThat(JournalFormat.checksumMatches(6, payload, stored)).isFalse();
    assertThat(JournalFormat.checksumMatches(5, "payloae".getBytes(UTF_8), stored)).isFalse();
  }

  @Test
  void aTornRecordIsNotARecord() {
    byte[] whole = JournalFormat.encodeRecord(1, "a torn write".getBytes(UTF_8));
    for (int cut = 0; cut < whole.length; cut++) {
      byte[] torn = Arrays.copyOf(whole, cut);
      assertThat(JournalFormat.validRecordAt(torn, 0, 0, MAX)).as("cut at %d", cut).isEqualTo(-1);
    }
    assertThat(JournalFormat.validRecordAt(whole, 0, 0, MAX)).isEqualTo(1);
  }

  @Test
  void everyFlippedBitOfARecordIsNoticed() {
    byte[] whole = JournalFormat.encodeRecord(3, "flip me".getBytes(UTF_8));
    for (int bit = 0; bit < whole.length * 8; bit++) {
      byte[] flipped = whole.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(JournalFormat.validRecordAt(flipped, 0, 0, MAX))
          .as("bit %d flipped", bit)
          .isEqualTo(-1);
    }
  }

  @Test
  void aRecordAtOrBelowTheSequenceBeforeItOrOverTheLimitIsNotAccepted() {
    byte[] bytes = JournalFormat.encodeRecord(10, new byte[100]);

    assertThat(JournalFormat.validRecordAt(bytes, 0, 9, MAX)).isEqualTo(10);
    assertThat(JournalFormat.validRecordAt(bytes, 0, 10, MAX)).isEqualTo(-1);
    assertThat(JournalFormat.validRecordAt(bytes, 0, 9, 99)).isEqualTo(-1);
    assertThat(JournalFormat.validRecordAt(new byte[64], 0, 0, MAX)).as("zeros").isEqualTo(-1);
  }

  @Test
  void theSegmentHeaderIsMagicThenVersion() {
    byte[] header = JournalFormat.segmentHeader();

    assertThat(header).containsExactly(0x53, 0x42, 0x4A, 0x31, 0, 0, 0, 1);
    assertThat(JournalFormat.readHeader(header)).isEqualTo(JournalFormat.Header.VALID);
    assertThat(JournalFormat.readHeader(concat(header, new byte[] {1, 2})))
        .isEqualTo(JournalFormat.Header.VALID);
  }

  @Test
  void aHeaderOfAnotherVersionOrAnotherFileIsForeignAndAShortOneTorn() {
    byte[] version2 = ByteBuffer.allocate(8).putInt(0x53424A31).putInt(2).array();
    assertThat(JournalFormat.readHeader(version2)).isEqualTo(JournalFormat.Header.FOREIGN);
    assertThat(JournalFormat.readHeader("somebody's notes".getBytes(UTF_8)))
        .isEqualTo(JournalFormat.Header.FOREIGN);
    assertThat(JournalFormat.readHeader(new byte[0])).isEqualTo(JournalFormat.Header.TORN);
    assertThat(JournalFormat.readHeader(Arrays.copyOf(JournalFormat.segmentHeader(), 7)))
        .isEqualTo(JournalFormat.Header.TORN);
  }

  @Test
  void theCommittedSequenceRoundTripsAndDamageIsNoticed() {
    byte[] bytes = JournalFormat.encodeCommitted(123_456_789_012L);

    assertThat(bytes).hasSize(16);
    assertThat(ByteBuffer.wrap(bytes).getInt(0)).isEqualTo(0x53424A43);
    assertThat(JournalFormat.decodeCommitted(bytes)).hasValue(123_456_789_012L);
    for (int i = 0; i < bytes.length; i++) {
      byte[] flipped = bytes.clone();
      flipped[i] ^= 0x10;
      assertThat(JournalFormat.decodeCommitted(flipped)).as("byte %d", i).isEmpty();
    }
    assertThat(JournalFormat.decodeCommitted(Arrays.copyOf(bytes, 15))).isEmpty();
    assertThat(JournalFormat.decodeCommitted(new byte[0])).isEqualTo(OptionalLong.empty());
  }

  @Test
  void segmentNamesCarryTheFirstSequenceInTwentyDigits() {
    assertThat(JournalFormat.segmentName(13)).isEqualTo("segment-00000000000000000013.log");
    assertThat(JournalFormat.segmentStart("segment-00000000000000000013.log")).hasValue(13);
    assertThat(JournalFormat.segmentStart("segment-13.log")).isEmpty();
    assertThat(JournalFormat.segmentStart("committed")).isEmpty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
