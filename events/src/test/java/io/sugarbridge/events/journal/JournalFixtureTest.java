package io.sugarbridge.events.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format does not drift: {@code fixture-v1/} under this package's test resources is a
 * journal directory written by the journal as it was before it was split into format, recovery,
 * commit file and writer (several segments, one reclaimed, a commit point, a reopen in between).
 * Today's code must read every entry and the commit point from a copy of it, and the same appends
 * must produce the same bytes, so files move freely between the two versions in both directions.
 *
 * <p>To regenerate it (only for a deliberate format change, which also needs a new format version):
 * run {@link #main} with the folder to write, e.g. {@code
 * src/test/resources/io/sugarbridge/events/journal/fixture-v2}.
 */
class JournalFixtureTest {
  private static final JournalOptions SMALL_SEGMENTS =
      JournalOptions.defaults().withMaxSegmentBytes(1024);
  private static final long COMMITTED = 15;

  @TempDir Path dir;

  /** The payloads of the fixture, in sequence order: text of varied lengths, empty and binary. */
  static List<byte[]> payloads() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      out.add(
          ("{\"event\":" + i + ",\"pad\":\"" + "x".repeat(i * 13 % 97) + "\"}").getBytes(UTF_8));
    }
    out.set(9, new byte[0]);
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    out.set(29, binary);
    return out;
  }

  /** Writes the fixture: 20 single appends, one append of 5, commit, reopen, the rest singly. */
  static void writeFixture(Path target) throws Exception {
    List<byte[]> payloads = payloads();
    try (FileEventJournal journal = FileEventJournal.open(target, SMALL_SEGMENTS)) {
      for (int i = 0; i < 20; i++) {
        journal.append(List.of(payloads.get(i))).get(10, TimeUnit.SECONDS);
      }
      journal.append(payloads.subList(20, 25)).get(10, TimeUnit.SECONDS);
      journal.commit(COMMITTED);
    }
    try (FileEventJournal journal = FileEventJournal.open(target, SMALL_SEGMENTS)) {
      for (int i = 25; i < payloads.size(); i++) {
        journal.append(List.of(payloads.get(i))).get(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Writes the fixture into {@code args[0]}, a folder that must not exist yet (not a test, so that
   * no run skips it): {@code java -cp <test classpath> io.sugarbridge.events.journal
   * .JournalFixtureTest DIR}, with the code of the format the fixture is to show.
   */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " exists; name a folder that does not");
    }
    writeFixture(target);
  }

  @Test
  void aJournalWrittenBeforeTheSplitReadsBackEveryEntryAndTheCommitPoint() throws Exception {
    Path copy = copyOfFixture();
    List<byte[]> payloads = payloads();
    try (FileEventJournal journal = FileEventJournal.open(copy, SMALL_SEGMENTS)) {
      assertThat(journal.committed()).isEqualTo(COMMITTED);
      assertThat(journal.last()).isEqualTo(payloads.size());
      assertThat(journal.corruptRegionsSkipped()).isZero();

      List<JournalEntry> pending = journal.readAfter(journal.committed(), 1000);
      assertThat(pending).hasSize(payloads.size() - (int) COMMITTED);
      for (JournalEntry e : pending) {
        assertThat(e.payload())
            .as("payload of sequence %d", e.sequence())
            .isEqualTo(payloads.get((int) e.sequence() - 1));
      }
      assertThat(pending.get(0).sequence()).isEqualTo(COMMITTED + 1);

      // the segment below the commit was reclaimed; what is left is a contiguous run to the end
      List<JournalEntry> all = journal.readAfter(0, 1000);
      long first = all.get(0).sequence();
      assertThat(first).isGreaterThan(1).isLessThanOrEqualTo(COMMITTED + 1);
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).sequence()).isEqualTo(first + i);
        assertThat(all.get(i).payload()).isEqualTo(payloads.get((int) (first + i) - 1));
      }
      assertThat(all.get(all.size() - 1).sequence()).isEqualTo(payloads.size());

      journal.append(List.of("after the split".getBytes(UTF_8))).get(10, TimeUnit.SECONDS);
      journal.commit(payloads.size());
    }
    try (FileEventJournal journal = FileEventJournal.open(copy, SMALL_SEGMENTS)) {
      assertThat(journal.committed()).isEqualTo(payloads.size());
      List<JournalEntry> rest = journal.readAfter(journal.committed(), 10);
      assertThat(rest).hasSize(1);
      assertThat(rest.get(0).sequence()).isEqualTo(payloads.size() + 1);
      assertThat(new String(rest.get(0).payload(), UTF_8)).isEqualTo("after the split");
    }
  }

  @Test
  void theSameAppendsWriteTheSameBytesAsBeforeTheSplit() throws Exception {
    Path fresh = dir.resolve("fresh");
    writeFixture(fresh);
    Path fixture = fixture();
    assertThat(fileNames(fresh)).isEqualTo(fileNames(fixture));
    for (String name : fileNames(fixture)) {
      assertThat(Files.readAllBytes(fresh.resolve(name)))
          .as("bytes of %s", name)
          .isEqualTo(Files.readAllBytes(fixture.resolve(name)));
    }
  }

  private static Path fixture() throws URISyntaxException {
    URL url = JournalFixtureTest.class.getResource("fixture-v1");
    assertThat(url).as("test resource fixture-v1").isNotNull();
    return Path.of(url.toURI());
  }

  private Path copyOfFixture() throws IOException, URISyntaxException {
    Path fixture = fixture();
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy);
    for (String name : fileNames(fixture)) {
      Files.copy(fixture.resolve(name), copy.resolve(name));
    }
    return copy;
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
