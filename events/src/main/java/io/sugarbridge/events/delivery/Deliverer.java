package io.sugarbridge.events.delivery;

import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  private final WaitingEvents waiting;
  private final Duration waitForIdentify;
  private final java.time.Clock clock;
  // Waits whose end, and people whose retry, is queued in a lane: the sweep queues each once. Both
  // hold at most SWEEP_LIMIT entries per sweep that found them.
  private final Set<Long> expiryQueued = ConcurrentHashMap.newKeySet();
  private final Set<String> retryQueued = ConcurrentHashMap.newKeySet();
  private final AtomicInteger permanentStreak = new AtomicInteger();
  private volatile DeliveryOutcome lastPermanent;
  private volatile String died;
  private java.util.concurrent.ScheduledFuture<?> expiries;

  /** What a lane does: an event read from the journal, or work on events waiting for traits. */
  private enum Kind {
    JOURNAL,
    RETRY_PERSON,
    WAIT_ENDED
  }

  private record Task(Kind kind, long sequence, EventMessage event, String key, long waitingId) {
    static Task journal(long sequence, EventMessage event) {
      return new Task(Kind.JOURNAL, sequence, event, null, 0);
    }
  }

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
        java.time.Clock.systemUTC());
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
      java.time.Clock clock) {
    this.waiting = waiting;
    this.waitForIdentify = waiting == null ? Duration.ZERO : waitForIdentify;
    this.clock = clock;
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
    if (waiting != null) {
      // People an event's traits reached just before a stop: their re-queue was kept, not lost.
      for (String key : waiting.markedForRetry(null, SWEEP_LIMIT)) {
        if (retryQueued.add(key)) {
          retryPerson(key);
        }
      }
    }
    for (int i = 0; i < lanes.size(); i++) {
      BlockingQueue<Task> q = lanes.get(i);
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
      String name = Thread.currentThread().getName();
      died = io.sugarbridge.common.config.KnownSecrets.scrub("the thread " + name + " died: " + t);
      if (t instanceof OutOfMemoryError) {
        // Nothing more is allocated here than the message; the handler decides what follows.
        died = "the thread " + name + " ran out of memory";
      }
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
    return died;
  }

  /**
   * When at least {@code atLeast} deliveries in a row (and none since) failed permanently: how many
   * and the last one's kind of failure; null otherwise. A misspelt module or a field Sugar refuses
   * makes every sign-up a dead letter, which a health check must show.
   */
  public PermanentFailures permanentFailures(int atLeast) {
    int n = permanentStreak.get();
    DeliveryOutcome last = lastPermanent;
    return n >= atLeast && last != null ? new PermanentFailures(n, last) : null;
  }

  /** Events waiting for a trait. */
  public int waitingCount() {
    return waiting == null ? 0 : waiting.count();
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
          lanes.get(lane(event.personKey())).add(Task.journal(e.sequence(), event));
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

  private int lane(String personKey) {
    String key = personKey == null ? "" : personKey;
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
      if (t.kind() == Kind.RETRY_PERSON) {
        retryWaiting(t.key());
        continue;
      }
      if (t.kind() == Kind.WAIT_ENDED) {
        waitEnded(t.waitingId());
        continue;
      }
      DeliveryOutcome outcome = attempt(t);
      if (outcome == null) {
        return; // stopped while retrying: left unfinished, read again on restart
      }
      // Whose waiting events this event's traits may complete, marked durably before the journal
      // may be committed past it: a stop before their retry ran loses nothing.
      Set<String> retry = peopleToRetry(t.event());
      if (retry == null) {
        return; // stopped: the event is read again on restart and marks them then
      }
      pending.remove(t.sequence());
      finished(t.sequence(), t.event(), outcome);
      for (String key : retry) {
        if (retryQueued.add(key)) {
          retryPerson(key);
        }
      }
    }
  }

  /**
   * The people (person keys, anonymous ids) whose traits this event may bring and who have events
   * waiting for a trait or such dead letters, marked for a retry; looked up in the stores by index,
   * only for an event that brings traits, so nothing about waiting people is held in memory. Null
   * when stopped while the stores failed.
   */
  private Set<String> peopleToRetry(EventMessage event) {
    Duration wait = firstRetryPause;
    while (running) {
      try {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String key : processor.peopleTouchedBy(event)) {
          if ((waiting != null && waiting.hasKey(key)) || deadLetters.hasWaitingForTraits(key)) {
            out.add(key);
          }
        }
        if (!out.isEmpty() && waiting != null) {
          waiting.markForRetry(out, clock.instant().plus(RETRY_MARK_DUE));
        }
        return out;
      } catch (RuntimeException e) {
        // A store on a full or failing disk: hold this person's lane (and the commit) until it
        // passes, rather than lose the re-queue.
        LOG.warn(
            "cannot tell whose waiting events {} may complete; trying again in {} ms: {}",
            event.messageId(),
            wait.toMillis(),
            e.getMessage());
        pause(jitter(wait));
        wait = min(LOCAL_RETRY, wait.multipliedBy(2));
      }
    }
    return null;
  }

  /** How many waits or marked people one sweep queues at most. */
  private static final int SWEEP_LIMIT = 1000;

  /**
   * When a mark whose first try was queued at once is due for the sweep: long after that try, so
   * only one that failed (Sugar unreachable, a store busy) or was lost in a stop is tried again.
   */
  private static final Duration RETRY_MARK_DUE = Duration.ofSeconds(30);

  private void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
    switch (outcome.state()) {
      case CREATED, UPDATED -> {
        permanentStreak.set(0);
        // Sugar answers again: what held delivery up has passed (a lane still failing says so
        // again at its next attempt).
        lastRetry = null;
      }
      case DEAD_LETTERED -> {
        // A trait its sender never sent says nothing about the collector or Sugar.
        if (!outcome.missingTrait()) {
          lastPermanent = outcome;
          permanentStreak.incrementAndGet();
        }
      }
      default -> {}
    }
    listener.finished(sequence, event, outcome);
  }

  /** Queues, in the person's lane, another try of the events waiting for their traits. */
  private void retryPerson(String key) {
    lanes.get(lane(key)).add(new Task(Kind.RETRY_PERSON, 0, null, key, 0));
  }

  /**
   * Queues, in its person's lane, the last try of each event whose wait has ended, and another try
   * for each person whose earlier try failed.
   */
  private void queueEndedWaits() {
    if (!running) {
      return;
    }
    try {
      for (WaitingEvents.Waiting w : waiting.endedBy(clock.instant(), SWEEP_LIMIT)) {
        if (expiryQueued.add(w.id())) {
          lanes.get(lane(w.personKey())).add(new Task(Kind.WAIT_ENDED, 0, null, null, w.id()));
        }
      }
      for (String key : waiting.markedForRetry(clock.instant(), SWEEP_LIMIT)) {
        if (retryQueued.add(key)) {
          retryPerson(key);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot read the events waiting for traits; trying again shortly: {}", e.getMessage());
    }
  }

  /**
   * Tries a person's waiting events again (their traits may have come) and re-queues their dead
   * letters that only lacked a trait.
   */
  private void retryWaiting(String key) {
    retryQueued.remove(key);
    boolean failed = false;
    try {
      if (waiting != null) {
        for (WaitingEvents.Waiting w : waiting.forKey(key)) {
          retryOne(w, false);
        }
      }
      for (DeadLetter d : deadLetters.waitingForTraits(key)) {
        EventMessage event = EventCodec.decode(d.event().getBytes(StandardCharsets.UTF_8));
        DeliveryOutcome o = processor.replay(event, d.sequence());
        if (o.state() != DeliveryState.DEAD_LETTERED) {
          deadLetters.replayed(d.id());
          LOG.info(
              "dead letter {} (messageId {}) delivered once its person's traits came: {}",
              d.id(),
              d.messageId(),
              o.state().label());
          finished(d.sequence(), event, o);
        }
      }
    } catch (RuntimeException e) {
      // Sugar unreachable or a store busy: the wait's end (or the next identify) tries again.
      LOG.warn("events waiting for the traits of {} not tried yet: {}", key, e.getMessage());
      failed = true;
    }
    if (waiting != null) {
      try {
        if (failed) {
          waiting.markForRetry(Set.of(key), clock.instant().plus(RETRY_MARK_DUE));
        } else {
          waiting.tried(key);
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot update the retry mark of {}: {}", key, e.getMessage());
      }
    }
  }

  /**
   * One more try of a waiting event; at the end of its wait a still missing trait makes it a dead
   * letter.
   */
  private void retryOne(WaitingEvents.Waiting w, boolean waitEnded) {
    EventMessage event = EventCodec.decode(w.event().getBytes(StandardCharsets.UTF_8));
    DeliveryOutcome o = processor.retry(event, w.sequence());
    if (o.state() == DeliveryState.WAITING) {
      if (!waitEnded) {
        return;
      }
      o = deadLetter(event, w.sequence(), EventProcessor.deadLetter(o), true);
    } else if (o.state() == DeliveryState.DEAD_LETTERED) {
      o = deadLetter(event, w.sequence(), o, false);
    }
    waiting.remove(w.id());
    finished(w.sequence(), event, o);
  }

  private void waitEnded(long id) {
    try {
      Optional<WaitingEvents.Waiting> w = waiting.get(id);
      if (w.isPresent()) {
        retryOne(w.get(), true);
      }
    } catch (RuntimeException e) {
      // Sugar could not be reached as the wait ended: try again in a while, not dead-letter it.
      LOG.warn("event waiting for traits (#{}) not tried yet: {}", id, e.getMessage());
      try {
        waiting.postpone(id, clock.instant().plusSeconds(30));
      } catch (RuntimeException ignored) {
        // The store is failing too; the next sweep tries again.
      }
    } finally {
      expiryQueued.remove(id);
    }
  }

  /** Stores a dead letter (and its final outcome in the delivery log); returns the outcome. */
  private DeliveryOutcome deadLetter(
      EventMessage event, long sequence, DeliveryOutcome o, boolean missingTrait) {
    long id =
        deadLetters.add(
            event.messageId(),
            sequence,
            new String(EventCodec.encode(event), StandardCharsets.UTF_8),
            event.personKey(),
            event.anonymousId(),
            missingTrait,
            o.sugarPayload() == null ? null : o.sugarPayload().toString(),
            o.httpStatus(),
            o.sugarError(),
            o.detail());
    log.finished(event.messageId(), sequence, o.state(), null, o.detail());
    // The number is what `events replay --id N` takes.
    return new DeliveryOutcome(
        o.state(),
        o.sugarPayload(),
        null,
        "dead letter " + id + ": " + o.detail(),
        o.httpStatus(),
        o.sugarError(),
        missingTrait);
  }

  private DeliveryOutcome attempt(Task t) {
    Duration wait = firstRetryPause;
    while (running) {
      try {
        DeliveryOutcome o = processor.deliver(t.event(), t.sequence());
        if (o.state() == DeliveryState.WAITING) {
          if (waitForIdentify.isZero()) {
            return deadLetter(t.event(), t.sequence(), EventProcessor.deadLetter(o), true);
          }
          // Kept (durably) before the journal moves past it; a restart keeps the first deadline.
          Instant until = clock.instant().plus(waitForIdentify);
          waiting.add(
              t.event().messageId(),
              t.sequence(),
              t.event().personKey(),
              t.event().anonymousId(),
              new String(EventCodec.encode(t.event()), StandardCharsets.UTF_8),
              o.detail(),
              until);
          return new DeliveryOutcome(
              DeliveryState.WAITING,
              o.sugarPayload(),
              null,
              "waiting up to "
                  + waitForIdentify.toSeconds()
                  + " s (wait_for_identify) for the person's identify: "
                  + o.detail(),
              0,
              null);
        }
        if (o.state() == DeliveryState.DEAD_LETTERED) {
          o = deadLetter(t.event(), t.sequence(), o, false);
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
        // Sugar's failures back off up to the maximum; a failure of this machine (a store on a
        // full disk) is tried again every few seconds, so delivery resumes soon after it passes.
        Duration max =
            e instanceof EventProcessor.RetryLater
                ? maxRetryPause
                : min(maxRetryPause, LOCAL_RETRY);
        wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
      }
    }
    return null;
  }

  private static final Duration LOCAL_RETRY = Duration.ofSeconds(2);

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
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
