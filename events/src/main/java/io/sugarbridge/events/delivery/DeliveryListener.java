package io.sugarbridge.events.delivery;

import io.sugarbridge.events.model.EventMessage;

/**
 * Told about each event's way through the deliverer, for the debugger and the metrics. Called on
 * the deliverer's threads; implementations must be quick and thread-safe.
 */
public interface DeliveryListener {
  /** The event was read from the journal and queued for its person. */
  default void read(long sequence, EventMessage event) {}

  /** An attempt failed in a way that may pass; it will be tried again. */
  default void retrying(long sequence, EventMessage event, String why) {}

  /** The event has its final outcome. */
  default void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {}

  /** One listener that tells each of {@code listeners}, in order. */
  static DeliveryListener all(DeliveryListener... listeners) {
    java.util.List<DeliveryListener> list = java.util.List.of(listeners);
    return new DeliveryListener() {
      @Override
      public void read(long sequence, EventMessage event) {
        list.forEach(l -> l.read(sequence, event));
      }

      @Override
      public void retrying(long sequence, EventMessage event, String why) {
        list.forEach(l -> l.retrying(sequence, event, why));
      }

      @Override
      public void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
        list.forEach(l -> l.finished(sequence, event, outcome));
      }
    };
  }

  /** A listener that ignores everything. */
  static DeliveryListener none() {
    return new DeliveryListener() {};
  }
}
