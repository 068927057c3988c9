package io.sugarbridge.events.delivery;

import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
  private final DeliveryListener listener;
  private final Backoff backoff;
  private final int maxPending;
  private final Lanes lanes;
  private final DeadLettering deadLettering;
  private final WaitingRetries retries;
  private final DeliveryHealth health = new DeliveryHealth();
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
  private ScheduledFuture<?> commits;
  private long dispatched;
  private long committed;

  private final WaitingEvents waiting;
  private final Duration waitForIdentify;
  private ScheduledFuture<?> expiries;

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
    this(
        journal,
        processor,
        deadLetters,
        log,
        listener,
        lanes,
        firstRetryPause,
        maxRetryPause,
        null,
        Duration.ZERO,
        Clock.systemUTC());
  }

  /**
   * @param waiting where events that lack a required trait wait for their person's identify, or
   *     null to dead-letter them at once
   * @param waitForIdentify how long such an event waits; zero dead-letters it at once
   */
  public Deliverer(
      EventJournal journal,
      EventProcessor processor,
      DeadLetterStore deadLetters,
      DeliveryLog log,
      DeliveryListener listener,
      int lanes,
      Duration firstRetryPause,
      Duration maxRetryPause,
      WaitingEvents waiting,
      Duration waitForIdentify,
      Clock clock) {
    this.waiting = waiting;
    this.waitForIdentify = waiting == null ? Duration.ZERO : waitForIdentify;
    this.journal = journal;
    this.processor = processor;
    this.listener = listener;
    this.backoff = new Backoff(firstRetryPause, maxRetryPause);
    this.maxPending = 2000 * lanes;
    this.lanes = new Lanes(lanes);
    this.deadLettering = new DeadLettering(deadLetters, log);
    this.retries =
        new WaitingRetries(
            waiting, deadLetters, deadLettering, processor, this.lanes, clock, this::finished);
  }

  /** Starts following the journal from its last commit. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    committed = journal.committed();
    dispatched = committed;
    // People an event's traits reached just before a stop: their re-queue was kept, not lost.
    retries.queueMarked();
    for (int i = 0; i < lanes.size(); i++) {
      BlockingQueue<Lanes.Task> q = lanes.queue(i);
      Thread t = new Thread(() -> guarded(() -> work(q)), "events-deliver-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread reader = new Thread(() -> guarded(this::read), "events-read");
    reader.setDaemon(true);
    threads.add(reader);
    reader.start();
    commits =
        committer.scheduleWithFixedDelay(
            () -> guarded(this::commit), 200, 200, TimeUnit.MILLISECONDS);
    if (waiting != null) {
      expiries =
          committer.scheduleWithFixedDelay(
              () -> guarded(this::queueEndedWaits), 1, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Runs a thread's loop; a failure it does not handle (out of memory, a bug) is recorded, so that
   * {@code /healthz} says the collector is broken, and passed to the thread's uncaught-exception
   * handler, which in {@code events serve} stops the process with a non-zero exit so a supervisor
   * restarts it: a collector never lingers with a dead deliverer.
   */
  private void guarded(Runnable loop) {
    try {
      loop.run();
    } catch (Throwable t) {
      health.died(Thread.currentThread().getName(), t);
      Thread.UncaughtExceptionHandler h = Thread.currentThread().getUncaughtExceptionHandler();
      if (h != null && Thread.currentThread().getName().startsWith("events-commit")) {
        // A scheduled task's failure would only cancel the schedule: tell the handler directly.
        h.uncaughtException(Thread.currentThread(), t);
        return;
      }
      throw t;
    }
  }

  /** Why the deliverer can no longer work (one of its threads died), or null. */
  public String died() {
    return health.died();
  }

  /**
   * When at least {@code atLeast} deliveries in a row (and none since) failed permanently: how many
   * and the last one's kind of failure; null otherwise. A misspelt module or a field Sugar refuses
   * makes every sign-up a dead letter, which a health check must show.
   */
  public PermanentFailures permanentFailures(int atLeast) {
    return health.permanentFailures(atLeast);
  }

  /** Events waiting for a trait. */
  public int waitingCount() {
    return waiting == null ? 0 : waiting.count();
  }

  /**
   * Why the last attempt that will be retried failed, when that was within {@code window}; null
   * otherwise. Shows a stuck delivery (wrong password, platform not registered, Sugar down).
   */
  public String recentRetryReason(Duration window) {
    return health.recentRetryReason(window);
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
            deadLettering.unreadable(e, damaged);
            synchronized (commitLock) {
              dispatched = e.sequence();
            }
            cursor = e.sequence();
            continue;
          }
          synchronized (commitLock) {
            pending.add(e.sequence());
            dispatched = e.sequence();
          }
          listener.read(e.sequence(), event);
          lanes.journal(e.sequence(), event);
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

  private void work(BlockingQueue<Lanes.Task> queue) {
    while (running) {
      Lanes.Task t;
      try {
        t = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t == null) {
        continue;
      }
      if (t.kind() == Lanes.Kind.RETRY_PERSON) {
        retries.retryWaiting(t.key());
        continue;
      }
      if (t.kind() == Lanes.Kind.WAIT_ENDED) {
        retries.waitEnded(t.waitingId());
        continue;
      }
      DeliveryOutcome outcome = attempt(t);
      if (outcome == null) {
        return; // stopped while retrying: left unfinished, read again on restart
      }
      // Whose waiting events this event's traits may complete, marked durably before the journal
      // may be committed past it: a stop before their retry ran loses nothing.
      Set<String> retry = retries.peopleToRetry(t.event(), backoff.first(), () -> running);
      if (retry == null) {
        return; // stopped: the event is read again on restart and marks them then
      }
      pending.remove(t.sequence());
      finished(t.sequence(), t.event(), outcome);
      for (String key : retry) {
        lanes.retryPerson(key);
      }
    }
  }

  private void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
    health.finished(outcome);
    listener.finished(sequence, event, outcome);
  }

  private void queueEndedWaits() {
    if (running) {
      retries.queueEndedWaits();
    }
  }

  private DeliveryOutcome attempt(Lanes.Task t) {
    Duration wait = backoff.first();
    while (running) {
      try {
        DeliveryOutcome o = processor.deliver(t.event(), t.sequence());
        if (o.state() == DeliveryState.WAITING) {
          if (waitForIdentify.isZero()) {
            return deadLettering.add(t.event(), t.sequence(), EventProcessor.deadLetter(o), true);
          }
          return retries.startWaiting(t.event(), t.sequence(), o, waitForIdentify);
        }
        if (o.state() == DeliveryState.DEAD_LETTERED) {
          o = deadLettering.add(t.event(), t.sequence(), o, false);
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
        health.retrying(why);
        pause(Backoff.jitter(wait));
        // Sugar's failures back off up to the maximum; a failure of this machine (a store on a
        // full disk) is tried again every few seconds, so delivery resumes soon after it passes.
        wait = backoff.next(wait, e instanceof EventProcessor.RetryLater);
      }
    }
    return null;
  }

  private void pause(Duration d) {
    Backoff.pause(d, () -> running);
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
    if (expiries != null) {
      expiries.cancel(false);
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
