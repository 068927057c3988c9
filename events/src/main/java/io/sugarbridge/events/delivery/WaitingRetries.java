package io.sugarbridge.events.delivery;

import io.sugarbridge.events.deadletter.DeadLetter;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliverer's work on events that lack a required trait: finding whose waiting events a new
 * event's traits may complete, trying them again (and the dead letters that only lacked a trait),
 * and the last try as a wait ends. Runs in the person's lane.
 */
final class WaitingRetries {
  // The deliverer's messages keep the logger name operators know from before the split.
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  /** How many waits or marked people one sweep queues at most. */
  static final int SWEEP_LIMIT = 1000;

  /**
   * When a mark whose first try was queued at once is due for the sweep: long after that try, so
   * only one that failed (Sugar unreachable, a store busy) or was lost in a stop is tried again.
   */
  private static final Duration RETRY_MARK_DUE = Duration.ofSeconds(30);

  /** Told an event's final outcome. */
  @FunctionalInterface
  interface Finished {
    void finished(long sequence, EventMessage event, DeliveryOutcome outcome);
  }

  private final WaitingEvents waiting;
  private final DeadLetterStore deadLetters;
  private final DeadLettering deadLettering;
  private final EventProcessor processor;
  private final Lanes lanes;
  private final Clock clock;
  private final Finished finished;

  /** {@code waiting} may be null: events are then dead-lettered at once and never wait. */
  WaitingRetries(
      WaitingEvents waiting,
      DeadLetterStore deadLetters,
      DeadLettering deadLettering,
      EventProcessor processor,
      Lanes lanes,
      Clock clock,
      Finished finished) {
    this.waiting = waiting;
    this.deadLetters = deadLetters;
    this.deadLettering = deadLettering;
    this.processor = processor;
    this.lanes = lanes;
    this.clock = clock;
    this.finished = finished;
  }

  /** On start: people an event's traits reached just before a stop; their re-queue was kept. */
  void queueMarked() {
    if (waiting != null) {
      for (String key : waiting.markedForRetry(null, SWEEP_LIMIT)) {
        lanes.retryPerson(key);
      }
    }
  }

  /**
   * The people (person keys, anonymous ids) whose traits this event may bring and who have events
   * waiting for a trait or such dead letters, marked for a retry; looked up in the stores by index,
   * only for an event that brings traits, so nothing about waiting people is held in memory. Null
   * when stopped while the stores failed.
   */
  Set<String> peopleToRetry(EventMessage event, Duration firstPause, BooleanSupplier running) {
    Duration wait = firstPause;
    while (running.getAsBoolean()) {
      try {
        Set<String> out = new LinkedHashSet<>();
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
        Backoff.pause(Backoff.jitter(wait), running);
        wait = Backoff.nextLocal(wait);
      }
    }
    return null;
  }

  /**
   * Keeps an event that lacks a trait waiting for its person's identify, for {@code
   * waitForIdentify}, durably before the journal moves past it (a restart keeps the first
   * deadline); returns its outcome.
   */
  DeliveryOutcome startWaiting(
      EventMessage event, long sequence, DeliveryOutcome o, Duration waitForIdentify) {
    Instant until = clock.instant().plus(waitForIdentify);
    waiting.add(
        event.messageId(),
        sequence,
        event.personKey(),
        event.anonymousId(),
        new String(EventCodec.encode(event), StandardCharsets.UTF_8),
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

  /**
   * Queues, in its person's lane, the last try of each event whose wait has ended, and another try
   * for each person whose earlier try failed.
   */
  void queueEndedWaits() {
    try {
      for (WaitingEvents.Waiting w : waiting.endedBy(clock.instant(), SWEEP_LIMIT)) {
        lanes.waitEnded(w.id(), w.personKey());
      }
      for (String key : waiting.markedForRetry(clock.instant(), SWEEP_LIMIT)) {
        lanes.retryPerson(key);
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
  void retryWaiting(String key) {
    lanes.retryTaken(key);
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
          finished.finished(d.sequence(), event, o);
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

  /** The last try of the event whose wait {@code id} has ended. */
  void waitEnded(long id) {
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
      lanes.waitDone(id);
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
      o = deadLettering.add(event, w.sequence(), EventProcessor.deadLetter(o), true);
    } else if (o.state() == DeliveryState.DEAD_LETTERED) {
      o = deadLettering.add(event, w.sequence(), o, false);
    }
    waiting.remove(w.id());
    finished.finished(w.sequence(), event, o);
  }
}
