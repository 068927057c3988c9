package io.sugarbridge.events.delivery;

import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the journal and delivers every event to Sugar, in order per person: events are spread
 * over a few lanes by person key, so one person's events stay in order while a slow or failing
 * person does not hold up everyone else. An event that fails in a way that may pass is retried in
 * its lane, with growing pauses, before anything after it for that person; a permanent failure goes
 * to the dead-letter store. The journal is committed up to a sequence only when every event up to
 * it has its final outcome, so after a crash exactly the unfinished events are read again (and the
 * delivery log skips those already finished).
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
  private static final int READ_BATCH = 500;

  private final EventJournal journal;
  private final EventProcessor processor;
  private final DeadLetterStore deadLetters;
  private final DeliveryLog log;
  private final DeliveryListener listener;
  private final Duration firstRetryPause;
  private final Duration maxRetryPause;
  private final int maxPending;
  private final List<BlockingQueue<Task>> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
  private final ScheduledExecutorService committer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "events-commit");
            t.setDaemon(true);
            return t;
          });
  private final Object commitLock = new Object();
  private volatile boolean running;
  private volatile String lastRetry;
  private volatile long lastRetryNanos;
  private java.util.concurrent.ScheduledFuture<?> commits;
  private long dispatched;
  private long committed;

  private record Task(long sequence, EventMessage event) {}

  /**
   * @param lanes how many people are delivered to at once (each lane is one thread; the client
   *     limits requests in flight on its own)
   * @param firstRetryPause the pause after a first failure that may pass; doubled per attempt
   * @param maxRetryPause the longest pause between attempts
   */
  public Deliverer(
      EventJournal journal,
      EventProcessor processor,
      DeadLetterStore deadLetters,
      DeliveryLog log,
      DeliveryListener listener,
      int lanes,
      Duration firstRetryPause,
      Duration maxRetryPause) {
    this.journal = journal;
    this.processor = processor;
    this.deadLetters = deadLetters;
    this.log = log;
    this.listener = listener;
    this.firstRetryPause = firstRetryPause;
    this.maxRetryPause = maxRetryPause;
    this.maxPending = 2000 * lanes;
    for (int i = 0; i < lanes; i++) {
      this.lanes.add(new LinkedBlockingQueue<>());
    }
  }

  /** Starts following the journal from its last commit. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    committed = journal.committed();
    dispatched = committed;
    for (int i = 0; i < lanes.size(); i++) {
      BlockingQueue<Task> q = lanes.get(i);
      Thread t = new Thread(() -> work(q), "events-deliver-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread reader = new Thread(this::read, "events-read");
    reader.setDaemon(true);
    threads.add(reader);
    reader.start();
    commits = committer.scheduleWithFixedDelay(this::commit, 200, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * Why the last attempt that will be retried failed, when that was within {@code window}; null
   * otherwise. Shows a stuck delivery (wrong password, platform not registered, Sugar down).
   */
  public String recentRetryReason(java.time.Duration window) {
    String why = lastRetry;
    return why != null && System.nanoTime() - lastRetryNanos < window.toNanos() ? why : null;
  }

  /** Events read but not finished. */
  public int inFlight() {
    return pending.size();
  }

  private void read() {
    long cursor = dispatched;
    while (running) {
      try {
        if (pending.size() >= maxPending) {
          Thread.sleep(20);
          continue;
        }
        List<JournalEntry> entries = journal.readAfter(cursor, READ_BATCH);
        if (entries.isEmpty()) {
          journal.awaitAfter(cursor, 500);
          continue;
        }
        for (JournalEntry e : entries) {
          EventMessage event;
          try {
            event = EventCodec.decode(e.payload());
          } catch (RuntimeException damaged) {
            unreadable(e, damaged);
            cursor = e.sequence();
            continue;
          }
          synchronized (commitLock) {
            pending.add(e.sequence());
            dispatched = e.sequence();
          }
          listener.read(e.sequence(), event);
          lanes.get(lane(event)).add(new Task(e.sequence(), event));
          cursor = e.sequence();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("reading the journal failed; trying again in a second: {}", e.getMessage());
        pause(Duration.ofSeconds(1));
      }
    }
  }

  private void unreadable(JournalEntry e, RuntimeException damaged) {
    // The journal checksums entries, so this is a format mismatch, not a torn write; keep it.
    deadLetters.add(
        "(unreadable)",
        e.sequence(),
        new String(e.payload(), StandardCharsets.UTF_8),
        null,
        0,
        null,
        "The journal entry could not be read as an event (" + damaged.getMessage() + ")");
    synchronized (commitLock) {
      dispatched = e.sequence();
    }
  }

  private int lane(EventMessage event) {
    String key = event.personKey() == null ? "" : event.personKey();
    return Math.floorMod(key.hashCode(), lanes.size());
  }

  private void work(BlockingQueue<Task> queue) {
    while (running) {
      Task t;
      try {
        t = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t == null) {
        continue;
      }
      DeliveryOutcome outcome = attempt(t);
      if (outcome == null) {
        return; // stopped while retrying: left unfinished, read again on restart
      }
      pending.remove(t.sequence());
      listener.finished(t.sequence(), t.event(), outcome);
    }
  }

  private DeliveryOutcome attempt(Task t) {
    Duration wait = firstRetryPause;
    while (running) {
      try {
        DeliveryOutcome o = processor.deliver(t.event(), t.sequence());
        if (o.state() == DeliveryState.DEAD_LETTERED) {
          long id =
              deadLetters.add(
                  t.event().messageId(),
                  t.sequence(),
                  new String(EventCodec.encode(t.event()), StandardCharsets.UTF_8),
                  o.sugarPayload() == null ? null : o.sugarPayload().toString(),
                  o.httpStatus(),
                  o.sugarError(),
                  o.detail());
          log.finished(t.event().messageId(), t.sequence(), o.state(), null, o.detail());
          // The number is what `events replay --id N` takes.
          o =
              new DeliveryOutcome(
                  o.state(),
                  o.sugarPayload(),
                  null,
                  "dead letter " + id + ": " + o.detail(),
                  o.httpStatus(),
                  o.sugarError());
        }
        return o;
      } catch (RuntimeException e) {
        String why = e.getMessage();
        LOG.warn(
            "event {} (messageId {}) not delivered yet, trying again in {} ms: {}",
            t.sequence(),
            t.event().messageId(),
            wait.toMillis(),
            why);
        listener.retrying(t.sequence(), t.event(), why);
        lastRetry = why;
        lastRetryNanos = System.nanoTime();
        pause(jitter(wait));
        wait =
            wait.multipliedBy(2).compareTo(maxRetryPause) > 0
                ? maxRetryPause
                : wait.multipliedBy(2);
      }
    }
    return null;
  }

  private static Duration jitter(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
  }

  private void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    // Short steps so that close() is not held up by a long pause.
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Commits the journal up to the last sequence below which every event is finished. */
  void commit() {
    try {
      long upTo;
      synchronized (commitLock) {
        upTo = pending.isEmpty() ? dispatched : pending.first() - 1;
      }
      if (upTo > committed) {
        journal.commit(upTo);
        committed = upTo;
      }
    } catch (RuntimeException e) {
      LOG.error("committing the journal failed; trying again shortly: {}", e.getMessage());
    }
  }

  /** Stops reading, lets the lanes finish the attempt in progress, and commits what finished. */
  @Override
  public void close() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    if (commits != null) {
      commits.cancel(false);
    }
    committer.shutdown();
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      committer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    commit();
  }
}
