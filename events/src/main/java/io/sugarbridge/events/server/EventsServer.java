package io.sugarbridge.events.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.server.WebServer;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.debugger.DebuggerRoutes;
import io.sugarbridge.events.debugger.EventDebugger;
import io.sugarbridge.events.delivery.Deliverer;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.ingest.IngestEndpoints;
import io.sugarbridge.events.journal.EventJournal;
import java.time.Clock;
import java.time.Duration;

/**
 * The running collector: the Segment-compatible ingest endpoints in front of the journal, the
 * deliverer behind it, and the operator's pages ({@code GET /debugger} and {@code
 * /debugger/events}, only for this machine unless {@code debugger: open}; {@code /healthz},
 * Prometheus {@code /metrics}), on one server. Opens every store in the configured journal
 * directory ({@link Collector#forServing}), which it locks against a second collector, and closes
 * them in order: stop accepting, let the deliverer finish the attempt in progress and commit, then
 * close the stores.
 */
public final class EventsServer implements AutoCloseable {
  /**
   * The most connections one client address may hold open at once; more are closed on opening, so
   * slow or idle clients from one address cannot take every request thread.
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 64;

  /** A connection that sends nothing for this long (mid-request or between requests) is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final EventsConfig config;
  private final Collector collector;
  private final EventDebugger debugger;
  private final EventsMetrics metrics;
  private final Deliverer deliverer;
  private final SugarMetadataCheck metadataCheck;
  private final CollectorHealth health;
  private final WebServer server;

  private EventsServer(EventsConfig config, SugarClient client, Options options, Clock clock) {
    this.config = config;
    this.collector = Collector.forServing(config, client, clock);
    EventJournal journal = collector.journal();
    this.debugger = new EventDebugger(DebuggerRoutes.CAPACITY, clock);
    this.metrics = new EventsMetrics(journal, clock);
    this.deliverer =
        new Deliverer(
            journal,
            collector.processor(),
            collector.deadLetters(),
            collector.log(),
            DeliveryListener.all(debugger, metrics, options.listener),
            options.lanes,
            options.firstRetryPause,
            options.maxRetryPause,
            collector.waiting(),
            config.waitForIdentify(),
            clock);
    this.metadataCheck =
        new SugarMetadataCheck(config, client, collector.preset(), collector.processor());
    this.health =
        new CollectorHealth(
            config,
            collector.preset(),
            journal,
            deliverer,
            collector.deadLetters(),
            metadataCheck::problem);
    this.server =
        WebServer.on(config.host(), config.port())
            .idleTimeout(IDLE_TIMEOUT)
            .connectionListener(
                new ConnectionsPerAddress(
                    MAX_CONNECTIONS_PER_ADDRESS, config.ingest().trustedProxies()))
            .bindFixes(
                "listen",
                "pass --port N (or change listen: in the events file)",
                "pass --port N or change listen: in the events file")
            .build();
    Javalin app = server.app();
    new IngestEndpoints(config.ingest(), journal, metrics.registry(), clock, debugger)
        .register(app);
    new DebuggerRoutes(debugger, config.debugger(), config.host(), this::port).register(app);
    health.register(app);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  /** Tuning of the deliverer; the defaults suit a production Sugar instance. */
  public static final class Options {
    int lanes = 4;
    Duration firstRetryPause = Duration.ofSeconds(1);
    Duration maxRetryPause = Duration.ofMinutes(2);
    Duration metadataCheckEvery = Duration.ofMinutes(10);
    DeliveryListener listener = DeliveryListener.none();

    /**
     * How often Sugar's metadata is read again to check the module and mappings; default 10 min.
     */
    public Options metadataCheckEvery(Duration v) {
      this.metadataCheckEvery = v;
      return this;
    }

    /** Told about every event's way through the deliverer, after the debugger and the metrics. */
    public Options listener(DeliveryListener v) {
      this.listener = v;
      return this;
    }

    /** How many people are delivered to at once; default 4. */
    public Options lanes(int v) {
      this.lanes = v;
      return this;
    }

    /** Pause after a first failure that may pass (doubled per attempt up to the maximum). */
    public Options retryPauses(Duration first, Duration max) {
      this.firstRetryPause = first;
      this.maxRetryPause = max;
      return this;
    }
  }

  /** Starts the collector with the default options. */
  public static EventsServer start(EventsConfig config, SugarClient client, Clock clock) {
    return start(config, client, new Options(), clock);
  }

  /**
   * Opens the stores, checks the settings against Sugar's metadata, starts the deliverer, then
   * starts listening.
   *
   * @throws io.sugarbridge.common.error.ConfigurationException when a store cannot be opened, the
   *     settings do not fit Sugar, or the port is in use or the address cannot be listened on
   */
  public static EventsServer start(
      EventsConfig config, SugarClient client, Options options, Clock clock) {
    EventsServer s = new EventsServer(config, client, options, clock);
    try {
      s.metadataCheck.check(true);
      s.deliverer.start();
      s.metadataCheck.repeatEvery(options.metadataCheckEvery);
      s.server.start();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The port listened on (the actual one when 0 was configured). */
  public int port() {
    return server.port();
  }

  /** The collector's base URL. */
  public String url() {
    return config.withPort(port()).baseUrl();
  }

  public EventDebugger debugger() {
    return debugger;
  }

  public DeadLetterStore deadLetters() {
    return collector.deadLetters();
  }

  public EventJournal journal() {
    return collector.journal();
  }

  /** The state {@code /healthz} reports; see {@link CollectorHealth}. */
  public ObjectNode health() {
    return health.now();
  }

  /** Stops accepting, finishes the delivery in progress, commits, and closes every store. */
  @Override
  public void close() {
    metadataCheck.stop();
    server.close();
    deliverer.close();
    collector.close();
  }
}
