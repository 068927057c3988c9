package io.sugarbridge.events.delivery;

import io.sugarbridge.events.model.EventMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The deliverer's lanes: one queue per lane thread, chosen by person key so that one person's work
 * stays in order. Work on waiting events (a person's retry, a wait's end) is queued at most once
 * until it is taken.
 */
final class Lanes {
  /** What a lane does: an event read from the journal, or work on events waiting for traits. */
  enum Kind {
    JOURNAL,
    RETRY_PERSON,
    WAIT_ENDED
  }

  record Task(Kind kind, long sequence, EventMessage event, String key, long waitingId) {}

  private final List<BlockingQueue<Task>> queues = new ArrayList<>();
  // Waits whose end, and people whose retry, is queued in a lane: each is queued once. Both hold
  // at most a sweep's limit of entries per sweep that found them.
  private final Set<Long> expiryQueued = ConcurrentHashMap.newKeySet();
  private final Set<String> retryQueued = ConcurrentHashMap.newKeySet();

  Lanes(int lanes) {
    for (int i = 0; i < lanes; i++) {
      queues.add(new LinkedBlockingQueue<>());
    }
  }

  int size() {
    return queues.size();
  }

  BlockingQueue<Task> queue(int lane) {
    return queues.get(lane);
  }

  /** Queues an event read from the journal at {@code sequence}. */
  void journal(long sequence, EventMessage event) {
    queueFor(event.personKey()).add(new Task(Kind.JOURNAL, sequence, event, null, 0));
  }

  /** Queues another try of the events waiting for {@code key}'s traits, unless one is queued. */
  void retryPerson(String key) {
    if (retryQueued.add(key)) {
      queueFor(key).add(new Task(Kind.RETRY_PERSON, 0, null, key, 0));
    }
  }

  /** The retry of {@code key} is taken: another may be queued. */
  void retryTaken(String key) {
    retryQueued.remove(key);
  }

  /** Queues the end of the wait {@code id} of a person, unless it is queued. */
  void waitEnded(long id, String personKey) {
    if (expiryQueued.add(id)) {
      queueFor(personKey).add(new Task(Kind.WAIT_ENDED, 0, null, null, id));
    }
  }

  /** The end of the wait {@code id} is dealt with: it may be queued again. */
  void waitDone(long id) {
    expiryQueued.remove(id);
  }

  private BlockingQueue<Task> queueFor(String personKey) {
    String key = personKey == null ? "" : personKey;
    return queues.get(Math.floorMod(key.hashCode(), queues.size()));
  }
}
