package io.sugarbridge.events.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts for what the endpoints refuse: counts the events under {@code events.rejected} by reason
 * and tells the {@link IngestListener}.
 */
final class Refusals {
  private final MeterRegistry registry;
  private final IngestListener listener;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  Refusals(MeterRegistry registry, IngestListener listener) {
    this.registry = registry;
    this.listener = listener;
  }

  /** Refuses a whole request of {@code events} events: counts it, tells the listener, answers. */
  IngestResponse request(
      int status,
      String reason,
      String error,
      String keyName,
      String path,
      Instant now,
      int events) {
    count(reason, events);
    listener.rejected(
        new RejectedEvent(keyName, path, null, null, reason, error, status, null, now));
    return IngestResponse.error(status, reason, error);
  }

  /** A 429: like {@link #request}, and the body names the setting of the limit. */
  IngestResponse limit(
      String reason,
      String setting,
      String error,
      long retryAfterSeconds,
      String keyName,
      String path,
      Instant now,
      int events) {
    count(reason, events);
    listener.rejected(new RejectedEvent(keyName, path, null, null, reason, error, 429, null, now));
    return IngestResponse.limited(reason, setting, error, retryAfterSeconds);
  }

  /** One refused event: counted and told. */
  void event(RejectedEvent event) {
    count(event.reason(), 1);
    listener.rejected(event);
  }

  void count(String reason, int events) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("events.rejected")
                    .description("Events refused and not journaled, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment(events);
  }
}
