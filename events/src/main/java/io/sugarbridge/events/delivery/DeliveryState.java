package io.sugarbridge.events.delivery;

/** Where an event stands, as the debugger and the delivery log show it. */
public enum DeliveryState {
  /** Journaled and read by the deliverer, not yet finished. */
  PENDING,
  /** Sent, failed for a reason that passes (429, 5xx, timeout, login); being tried again. */
  RETRYING,
  /** A new record was created. */
  CREATED,
  /** An existing record (match: email) was updated. */
  UPDATED,
  /** The preset does nothing with this event (identify, page, other track events). */
  NO_ACTION,
  /** The same messageId was already finished; nothing was sent again. */
  DUPLICATE,
  /**
   * Lacks a required trait that the person's {@code identify} may still bring (Segment's libraries
   * send batches that overtake each other); kept in {@code waiting.db} and delivered when it comes,
   * dead-lettered when {@code wait_for_identify} runs out. Final for the journal.
   */
  WAITING,
  /** Failed for a reason a person must fix; kept in the dead-letter store for a replay. */
  DEAD_LETTERED;

  /**
   * True when the journal may move past the event: it has its outcome, or (waiting) is kept
   * elsewhere.
   */
  public boolean isFinal() {
    return this != PENDING && this != RETRYING;
  }

  /** The state as the debugger and docs spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
