package io.sugarbridge.events.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sugarbridge.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventJournalTest {
  @TempDir Path dir;

  private static byte[] payload(String s) {
    return s.getBytes(UTF_8);
  }

  private static List<String> texts(List<JournalEntry> entries) {
    return entries.stream().map(e -> new String(e.payload(), UTF_8)).toList();
  }

  private static List<Long> sequences(List<JournalEntry> entries) {
    return entries.stream().map(JournalEntry::sequence).toList();
  }

  private static void appendAll(EventJournal journal, String... texts) throws Exception {
    for (String t : texts) {
      journal.append(List.of(payload(t))).get(10, TimeUnit.SECONDS);
    }
  }

  private Path onlySegment() throws IOException {
    try (var files = Files.list(dir)) {
      List<Path> segments =
          files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
      assertThat(segments).hasSize(1);
      return segments.get(0);
    }
  }

  @Test
  void appendsAreNumberedInOrderAndReadBack() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      long[] first = journal.append(List.of(payload("a"), payload("b"))).get(10, TimeUnit.SECONDS);
      long[] second = journal.append(List.of(payload("c"))).get(10, TimeUnit.SECONDS);

      assertThat(first).containsExactly(1, 2);
      assertThat(second).containsExactly(3);
      assertThat(journal.last()).isEqualTo(3);
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("a", "b", "c");
      assertThat(texts(journal.readAfter(1, 1))).containsExactly("b");
      assertThat(journal.readAfter(3, 10)).isEmpty();
    }
  }

  @Test
  void reopeningKeepsEntriesAndContinuesTheNumbering() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "a", "b");
    }
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(journal.last()).isEqualTo(2);
      appendAll(journal, "c");
      assertThat(sequences(journal.readAfter(0, 10))).containsExactly(1L, 2L, 3L);
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("a", "b", "c");
    }
  }

  @Test
  void theCommittedSequenceSurvivesAReopenAndNeverMovesBack() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "a", "b", "c");
      journal.commit(2);
      journal.commit(1);
      assertThat(journal.committed()).isEqualTo(2);
    }
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(journal.committed()).isEqualTo(2);
      assertThat(texts(journal.readAfter(journal.committed(), 10))).containsExactly("c");
    }
  }

  @Test
  void committingBeyondTheLastEntryIsRefused() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "a");
      assertThatThrownBy(() -> journal.commit(5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("last sequence is 1");
    }
  }

  @Test
  void segmentsRollOverAndCommittedOnesAreReclaimed() throws Exception {
    JournalOptions small = JournalOptions.defaults().withMaxSegmentBytes(1024);
    String body = "x".repeat(100);
    try (FileEventJournal journal = FileEventJournal.open(dir, small)) {
      for (int i = 1; i <= 50; i++) {
        appendAll(journal, i + ":" + body);
      }
      assertThat(journal.segmentFiles()).hasSizeGreaterThan(5);
      for (Path f : journal.segmentFiles()) {
        assertThat(Files.size(f)).isLessThanOrEqualTo(1024);
      }
      assertThat(journal.readAfter(0, 100)).hasSize(50);
      assertThat(texts(journal.readAfter(29, 1))).containsExactly("30:" + body);

      int before = journal.segmentFiles().size();
      journal.commit(30);
      List<Path> left = journal.segmentFiles();
      assertThat(left).hasSizeLessThan(before);
      // every entry above the commit is still readable, and the first file left may start lower
      assertThat(sequences(journal.readAfter(30, 100))).containsExactlyElementsOf(seqRange(31, 50));
      assertThat(journal.readAfter(0, 100).get(0).sequence()).isLessThanOrEqualTo(31);
      for (Path gone : new ArrayList<>(listSegments())) {
        assertThat(left).contains(gone);
      }
    }
    try (FileEventJournal journal = FileEventJournal.open(dir, small)) {
      assertThat(journal.committed()).isEqualTo(30);
      assertThat(journal.last()).isEqualTo(50);
      assertThat(sequences(journal.readAfter(30, 100))).containsExactlyElementsOf(seqRange(31, 50));
      appendAll(journal, "51");
      assertThat(journal.last()).isEqualTo(51);
    }
  }

  @Test
  void everyEntryCommittedThenReopenedStartsAboveTheCommit() throws Exception {
    JournalOptions small = JournalOptions.defaults().withMaxSegmentBytes(1024);
    try (FileEventJournal journal = FileEventJournal.open(dir, small)) {
      for (int i = 0; i < 30; i++) {
        appendAll(journal, "y".repeat(100));
      }
      journal.commit(30);
      assertThat(journal.segmentFiles()).hasSize(1);
    }
    try (FileEventJournal journal = FileEventJournal.open(dir, small)) {
      appendAll(journal, "next");
      assertThat(sequences(journal.readAfter(30, 10))).containsExactly(31L);
    }
  }

  private List<Path> listSegments() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).toList();
    }
  }

  private static List<Long> seqRange(long from, long to) {
    List<Long> l = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      l.add(i);
    }
    return l;
  }

  @Test
  void aTruncatedLastRecordIsDroppedOnOpenAndTheFileRepaired() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "one", "two", "three");
    }
    Path segment = onlySegment();
    long size = Files.size(segment);
    truncate(segment, size - 2);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two");
      assertThat(journal.last()).isEqualTo(2);
      assertThat(journal.corruptRegionsSkipped()).isZero();
      appendAll(journal, "four");
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two", "four");
    }
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two", "four");
    }
  }

  @Test
  void aPartialRecordHeaderAtTheEndIsTruncated() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "one");
    }
    Path segment = onlySegment();
    long good = Files.size(segment);
    Files.write(segment, new byte[] {0, 0, 0, 9, 1}, StandardOpenOption.APPEND);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one");
    }
    assertThat(Files.size(segment)).isEqualTo(good);
  }

  @Test
  void preallocatedZerosLeftByACrashAreFreeSpaceNotDamage() throws Exception {
    Path copy = dir.resolve("after-crash");
    try (FileEventJournal journal = FileEventJournal.open(dir.resolve("live"))) {
      appendAll(journal, "one", "two", "three");
      Path segment = journal.segmentFiles().get(0);
      Await.until(
          "the preallocator to fill ahead",
          Duration.ofSeconds(10),
          () -> segment.toFile().length() >= 1024 * 1024);
      // the files as a kill -9 leaves them: zeros after the last record
      Files.createDirectories(copy);
      Files.copy(segment, copy.resolve(segment.getFileName()));
    }
    try (FileEventJournal journal = FileEventJournal.open(copy)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two", "three");
      assertThat(journal.corruptRegionsSkipped()).isZero();
      appendAll(journal, "four");
      assertThat(sequences(journal.readAfter(0, 10))).containsExactly(1L, 2L, 3L, 4L);
    }
    try (FileEventJournal journal = FileEventJournal.open(copy)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two", "three", "four");
    }
    // a clean close trims the zeros
    long records = 8 + 3 * 16 + "onetwothreefour".length() + 16;
    assertThat(Files.size(copy.resolve(FileEventJournal.segmentName(1)))).isEqualTo(records);
  }

  @Test
  void zeroFilledTailLikeAfterAPowerCutIsTreatedAsFreeSpace() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "one", "two");
    }
    Path segment = onlySegment();
    Files.write(segment, new byte[4096], StandardOpenOption.APPEND);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two");
      assertThat(journal.corruptRegionsSkipped()).isZero();
    }
  }

  @Test
  void aFlippedByteInTheLastRecordIsTreatedAsATornTail() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "one", "two");
    }
    Path segment = onlySegment();
    flipByte(segment, Files.size(segment) - 1);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one");
      assertThat(journal.last()).isEqualTo(1);
    }
  }

  @Test
  void aFlippedByteInTheMiddleIsSkippedCountedAndTheRestKept() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "first-entry", "second-entry", "third-entry");
    }
    Path segment = onlySegment();
    // the payload of the second record: file header 8 + record 16+11, then its header 16
    long secondPayload = 8 + 16 + "first-entry".length() + 16 + 3;
    flipByte(segment, secondPayload);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      List<JournalEntry> entries = journal.readAfter(0, 10);
      assertThat(texts(entries)).containsExactly("first-entry", "third-entry");
      assertThat(sequences(entries)).containsExactly(1L, 3L);
      assertThat(journal.corruptRegionsSkipped()).isEqualTo(1);
      assertThat(texts(journal.readAfter(1, 10))).containsExactly("third-entry");
      appendAll(journal, "fourth-entry");
      assertThat(sequences(journal.readAfter(0, 10))).containsExactly(1L, 3L, 4L);
    }
  }

  @Test
  void anEmptySegmentFileFromACrashDuringRollOverIsRepaired() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "one");
    }
    Files.write(dir.resolve(FileEventJournal.segmentName(2)), new byte[0]);

    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "two");
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two");
    }
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("one", "two");
    }
  }

  @Test
  void aFileThatIsNotAJournalSegmentStopsTheOpenWithTheFileNamed() throws Exception {
    Path stranger = dir.resolve(FileEventJournal.segmentName(1));
    Files.writeString(stranger, "this is somebody's notes, not a journal");

    assertThatThrownBy(() -> FileEventJournal.open(dir))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage(
            stranger
                + " is not an event journal segment of format version 1 (wrong header); move it"
                + " out of the journal directory");
  }

  @Test
  void aDamagedCommitFileFallsBackToRedeliveringEverything() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      appendAll(journal, "a", "b");
      journal.commit(1);
    }
    flipByte(dir.resolve(FileEventJournal.COMMIT_FILE), 6);
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(journal.committed()).isZero();
      assertThat(texts(journal.readAfter(journal.committed(), 10))).containsExactly("a", "b");
    }
  }

  @Test
  void concurrentAppendersShareSyncsAndEveryEntryIsKeptOnce() throws Exception {
    AtomicInteger syncs = new AtomicInteger();
    JournalOptions counting =
        JournalOptions.defaults()
            .withMaxSegmentBytes(256 * 1024)
            .withDiskSync(
                ch -> {
                  syncs.incrementAndGet();
                  ch.force(false);
                });
    int threads = 8;
    int perThread = 400;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FileEventJournal journal = FileEventJournal.open(dir, counting)) {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  List<CompletableFuture<long[]>> inFlight = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    inFlight.add(journal.append(List.of(payload(thread + "-" + i))));
                  }
                  for (CompletableFuture<long[]> f : inFlight) {
                    seqs.add(f.get(30, TimeUnit.SECONDS)[0]);
                  }
                  return seqs;
                }));
      }
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : results) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      int total = threads * perThread;
      assertThat(all).hasSize(total);
      assertThat(journal.last()).isEqualTo(total);
      assertThat(syncs.get()).isLessThan(total);

      List<JournalEntry> entries = readEverything(journal);
      assertThat(sequences(entries)).containsExactlyElementsOf(seqRange(1, total));
      Set<String> payloads = new HashSet<>(texts(entries));
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          assertThat(payloads).contains(t + "-" + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (FileEventJournal journal = FileEventJournal.open(dir, counting)) {
      assertThat(readEverything(journal)).hasSize(threads * perThread);
    }
  }

  private static List<JournalEntry> readEverything(EventJournal journal) {
    List<JournalEntry> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<JournalEntry> page = journal.readAfter(after, 500);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).sequence();
    }
  }

  @Test
  void nothingIsCompletedOrReadableBeforeTheSyncFinishes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch syncing = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    DiskSync held =
        ch -> {
          // the first sync is the new segment's header; hold the one after it
          if (calls.incrementAndGet() > 1) {
            syncing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          ch.force(false);
        };
    try (FileEventJournal journal =
        FileEventJournal.open(dir, JournalOptions.defaults().withDiskSync(held))) {
      CompletableFuture<long[]> pending = journal.append(List.of(payload("held")));
      assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(pending).isNotDone();
      assertThat(journal.readAfter(0, 10)).isEmpty();
      assertThat(journal.last()).isZero();
      assertThat(journal.awaitAfter(0, 10)).isFalse();

      release.countDown();
      assertThat(pending.get(10, TimeUnit.SECONDS)).containsExactly(1);
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("held");
    }
  }

  @Test
  void aFailedSyncFailsTheAppendAndLaterOnesUntilTheDiskWorksAgainThenItRecoversByItself()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean full =
        new java.util.concurrent.atomic.AtomicBoolean();
    DiskSync failing =
        ch -> {
          calls.incrementAndGet();
          if (full.get()) {
            throw new IOException("disk full");
          }
          ch.force(false);
        };
    try (FileEventJournal journal =
        FileEventJournal.open(
            dir, JournalOptions.defaults().withDiskSync(failing).withPreallocateBytes(0))) {
      journal.append(List.of(payload("before"))).get(10, TimeUnit.SECONDS);
      full.set(true);
      CompletableFuture<long[]> first = journal.append(List.of(payload("a")));
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("disk full");
      assertThatThrownBy(() -> journal.append(List.of(payload("b"))).get(10, TimeUnit.SECONDS))
          .hasMessageContaining("cannot write");
      assertThat(journal.failure()).contains("cannot write").contains("disk full");

      full.set(false);
      long[] after =
          Await.value(
              "the journal to write again by itself",
              Duration.ofSeconds(10),
              () -> {
                try {
                  return journal.append(List.of(payload("after"))).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException stillFailing) {
                  return null;
                }
              });
      assertThat(journal.failure()).isNull();
      assertThat(texts(journal.readAfter(0, 10))).containsExactly("before", "after");
    }
    // The failed append was never acknowledged and is not found after a restart either.
    try (FileEventJournal reopened = FileEventJournal.open(dir)) {
      assertThat(texts(reopened.readAfter(0, 10))).containsExactly("before", "after");
    }
  }

  @Test
  void awaitAfterWakesWhenAnEntryArrives() throws Exception {
    try (FileEventJournal journal = FileEventJournal.open(dir)) {
      assertThat(journal.awaitAfter(0, 20)).isFalse();
      CompletableFuture<Boolean> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return journal.awaitAfter(0, 30_000);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      appendAll(journal, "wake");
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aPayloadOverTheLimitIsRefusedAndAppendAfterCloseFails() throws Exception {
    JournalOptions tiny = new JournalOptions(4096, 10, DiskSync.FSYNC);
    FileEventJournal journal = FileEventJournal.open(dir, tiny);
    assertThatThrownBy(() -> journal.append(List.of(new byte[11])).get())
        .hasMessageContaining("over the journal's limit of 10");
    journal.close();
    assertThatThrownBy(() -> journal.append(List.of(payload("late"))).get())
        .hasMessageContaining("closed");
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= 0x5A;
    Files.write(file, bytes);
  }
}
