package io.sugarbridge.events.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM appends as fast as it can and prints each sequence once its future completed (what
 * the collector acknowledges); it is killed with SIGKILL mid-stream. Reopening must find every
 * acknowledged entry with its exact payload.
 */
class JournalKillTest {
  @TempDir Path dir;

  /** The child process: appends from 4 threads and prints "seq payload" for each durable entry. */
  public static void main(String[] args) throws Exception {
    FileEventJournal journal =
        FileEventJournal.open(
            Path.of(args[0]), JournalOptions.defaults().withMaxSegmentBytes(64 * 1024));
    System.out.println("ready");
    System.out.flush();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                for (long i = 0; ; i++) {
                  String payload = "t" + thread + "-" + i + "-" + "p".repeat((int) (i % 300));
                  CompletableFuture<long[]> f = journal.append(List.of(payload.getBytes(UTF_8)));
                  long seq = f.join()[0];
                  synchronized (System.out) {
                    System.out.println(seq + " " + payload);
                    System.out.flush();
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
  }

  @Test
  void everyAcknowledgedEntrySurvivesAKill9() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                JournalKillTest.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Map<Long, String> acknowledged = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((line = out.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space > 0) {
          acknowledged.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
        }
        if (acknowledged.size() >= 3000 || System.nanoTime() > deadline) {
          break;
        }
      }
      // SIGKILL on Linux: no shutdown hooks, no close, writes in flight cut off. Lines still in
      // the pipe are not read; only what this test saw acknowledged is checked.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1000);

    try (FileEventJournal journal =
        FileEventJournal.open(dir, JournalOptions.defaults().withMaxSegmentBytes(64 * 1024))) {
      Map<Long, String> found = new HashMap<>();
      long after = 0;
      while (true) {
        List<JournalEntry> page = journal.readAfter(after, 1000);
        if (page.isEmpty()) {
          break;
        }
        for (JournalEntry e : page) {
          found.put(e.sequence(), new String(e.payload(), UTF_8));
        }
        after = page.get(page.size() - 1).sequence();
      }
      assertThat(found).containsAllEntriesOf(acknowledged);
      assertThat(journal.corruptRegionsSkipped()).isZero();
      // and it goes on numbering after what survived
      long next = journal.append(List.of("after".getBytes(UTF_8))).get(10, TimeUnit.SECONDS)[0];
      assertThat(next)
          .isGreaterThan(found.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
    }
  }
}
