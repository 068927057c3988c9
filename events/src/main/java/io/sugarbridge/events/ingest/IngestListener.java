package io.sugarbridge.events.ingest;

import io.sugarbridge.events.model.EventMessage;

/**
 * Told about every event the endpoints accept (after it is durable in the journal, with its
 * sequence number) and every one they refuse (with the reason), so the debugger and the deliverer
 * can follow without re-reading the journal. Called on the journal's completion threads or a
 * request thread: implementations must be quick and must not block.
 */
public interface IngestListener {
  /** A listener that ignores everything. */
  IngestListener NONE = new IngestListener() {};

  /** {@code event} is durable in the journal at {@code sequence} and has been acknowledged. */
  default void accepted(EventMessage event, long sequence) {}

  /** An event, or a whole request, was refused and not journaled. */
  default void rejected(RejectedEvent rejected) {}
}
