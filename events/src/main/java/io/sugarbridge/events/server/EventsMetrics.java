package io.sugarbridge.events.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.delivery.DeliveryOutcome;
import io.sugarbridge.events.delivery.DeliveryState;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.model.EventMessage;
import java.time.Clock;
import java.time.Duration;

/**
 * The collector's Prometheus registry and the deliverer's metrics in it: events delivered, failed
 * attempts (retried), dead-lettered, ignored and repeated; the journal lag (entries not yet
 * committed); and the delivery latency from receipt to final outcome. The ingest endpoints add
 * theirs (received, rejected, journaled, acknowledgement latency) to the same registry.
 */
public final class EventsMetrics implements DeliveryListener {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final Counter delivered;
  private final Counter failed;
  private final Counter deadLettered;
  private final Counter noAction;
  private final Counter duplicates;
  private final Timer latency;

  public EventsMetrics(EventJournal journal, Clock clock) {
    this.clock = clock;
    delivered =
        Counter.builder("events.delivered")
            .description("Events that created or updated a Sugar record")
            .register(registry);
    failed =
        Counter.builder("events.failed")
            .description("Delivery attempts that failed and will be retried")
            .register(registry);
    deadLettered =
        Counter.builder("events.dead.lettered")
            .description("Events moved to the dead-letter store")
            .register(registry);
    noAction =
        Counter.builder("events.no.action")
            .description("Events the preset does nothing with")
            .register(registry);
    duplicates =
        Counter.builder("events.duplicate")
            .description("Events skipped as a repeated messageId")
            .register(registry);
    latency =
        Timer.builder("events.delivery.latency")
            .description("From receipt to the event's final outcome")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    Gauge.builder("events.journal.lag", journal, j -> j.last() - j.committed())
        .description("Journaled events not yet finished and committed")
        .register(registry);
  }

  @Override
  public void retrying(long sequence, EventMessage event, String why) {
    failed.increment();
  }

  @Override
  public void finished(long sequence, EventMessage event, DeliveryOutcome outcome) {
    DeliveryState s = outcome.state();
    switch (s) {
      case CREATED, UPDATED -> delivered.increment();
      case DEAD_LETTERED -> deadLettered.increment();
      case NO_ACTION -> noAction.increment();
      case DUPLICATE -> duplicates.increment();
      default -> {}
    }
    if (event.receivedAt() != null) {
      Duration d = Duration.between(event.receivedAt(), clock.instant());
      if (!d.isNegative()) {
        latency.record(d);
      }
    }
  }

  /** The registry, for the ingest endpoints to add their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
