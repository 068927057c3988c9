package io.sugarbridge.events.delivery;

import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.journal.JournalEntry;
import io.sugarbridge.events.model.EventCodec;
import io.sugarbridge.events.model.EventMessage;
import java.nio.charset.StandardCharsets;

/**
 * Makes an event a dead letter: stored with why it failed, its final outcome in the delivery log,
 * and the outcome naming the dead letter's number (what {@code events replay --id N} takes).
 */
final class DeadLettering {
  private final DeadLetterStore deadLetters;
  private final DeliveryLog log;

  DeadLettering(DeadLetterStore deadLetters, DeliveryLog log) {
    this.deadLetters = deadLetters;
    this.log = log;
  }

  /** Stores a dead letter (and its final outcome in the delivery log); returns the outcome. */
  DeliveryOutcome add(EventMessage event, long sequence, DeliveryOutcome o, boolean missingTrait) {
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

  /** Keeps a journal entry that cannot be read as an event, as it is. */
  void unreadable(JournalEntry e, RuntimeException damaged) {
    // The journal checksums entries, so this is a format mismatch, not a torn write; keep it.
    deadLetters.add(
        "(unreadable)",
        e.sequence(),
        new String(e.payload(), StandardCharsets.UTF_8),
        null,
        0,
        null,
        "The journal entry could not be read as an event (" + damaged.getMessage() + ")");
  }
}
