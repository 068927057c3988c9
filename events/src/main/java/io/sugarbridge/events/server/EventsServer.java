package io.sugarbridge.events.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfig.DebuggerAccess;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.debugger.EventDebugger;
import io.sugarbridge.events.delivery.Deliverer;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.delivery.DeliveryLog;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.events.ingest.IngestEndpoints;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.PresetCatalog;
import io.sugarbridge.events.profile.ProfileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The running collector: the Segment-compatible ingest endpoints in front of the journal, the
 * deliverer behind it, and the operator's pages ({@code GET /debugger} and {@code
 * /debugger/events}, only for this machine unless {@code debugger: open}; {@code /healthz},
 * Prometheus {@code /metrics}), on one Javalin server. Opens every store in the configured journal
 * directory, which it locks against a second collector, and closes them in order: stop accepting,
 * let the deliverer finish the attempt in progress and commit, then close the stores.
 */
public final class EventsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEBUGGER_CAPACITY = 500;

  /**
   * The most connections one client address may hold open at once; more are closed on opening, so
   * slow or idle clients from one address cannot take every request thread.
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 64;

  /** A connection that sends nothing for this long (mid-request or between requests) is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  // Headers a proxy adds: a request carrying any of them was forwarded, so is not local.
  private static final List<String> PROXY_HEADERS =
      List.of(
          "X-Forwarded-For",
          "Forwarded",
          "X-Real-IP",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Forwarded-Server",
          "X-Client-IP",
          "X-Cluster-Client-IP",
          "True-Client-IP",
          "CF-Connecting-IP",
          "Fastly-Client-IP",
          "X-ProxyUser-Ip",
          "Via");
  // Repeats come within minutes (client retries) or after a crash (the journal's unfinished tail);
  // older ones are still stopped by the messageId-derived record id.
  private static final Duration DELIVERY_LOG_KEPT = Duration.ofDays(30);

  private final EventsConfig config;
  private final EventJournal journal;
  private final ProfileStore profiles;
  private final DeliveryLog log;
  private final DeadLetterStore deadLetters;
  private final EventDebugger debugger;
  private final EventsMetrics metrics;
  private final Deliverer deliverer;
  private final Javalin app;
  private final Preset preset;
  private final JournalDirectoryLock directoryLock;

  private EventsServer(EventsConfig config, SugarClient client, Options options, Clock clock) {
    this.config = config;
    this.preset = PresetCatalog.forConfig(config);
    this.directoryLock = JournalDirectoryLock.acquire(config.journalDirectory());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      this.journal =
          opened(opened, FileEventJournal.open(config.journalDirectory().resolve("journal")));
      this.profiles = opened(opened, ProfileStore.open(config.journalDirectory(), clock));
      this.log = opened(opened, DeliveryLog.open(config.journalDirectory(), clock));
      this.deadLetters = opened(opened, DeadLetterStore.open(config.journalDirectory(), clock));
    } catch (RuntimeException e) {
      // Close what did open (the journal runs threads) and give the directory back.
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Already failing; the first failure is the one to report.
        }
      }
      directoryLock.close();
      throw new ConfigurationException(
          "journal",
          "cannot open the stores in "
              + config.journalDirectory()
              + " ("
              + e.getMessage()
              + (e.getCause() == null ? "" : ": " + e.getCause())
              + "); check journal: in the events file and that this user may write there");
    }
    log.forgetOlderThan(DELIVERY_LOG_KEPT);
    this.debugger = new EventDebugger(DEBUGGER_CAPACITY, clock);
    this.metrics = new EventsMetrics(journal, clock);
    EventProcessor processor =
        new EventProcessor(client, profiles, log, preset, config.consentCategory(), config.match());
    this.deliverer =
        new Deliverer(
            journal,
            processor,
            deadLetters,
            log,
            DeliveryListener.all(debugger, metrics),
            options.lanes,
            options.firstRetryPause,
            options.maxRetryPause);
    this.app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                    connector.addBean(new ConnectionsPerAddress(MAX_CONNECTIONS_PER_ADDRESS));
                    return connector;
                  });
            });
    new IngestEndpoints(config.ingest(), journal, metrics.registry(), clock, debugger)
        .register(app);
    app.get(
        "/debugger",
        ctx -> {
          if (debuggerRefused(ctx)) {
            return;
          }
          ctx.contentType(ContentType.TEXT_HTML).result(page());
        });
    app.get(
        "/debugger/events",
        ctx -> {
          if (debuggerRefused(ctx)) {
            return;
          }
          String limit = ctx.queryParam("limit");
          int n = 100;
          if (limit != null) {
            try {
              n = Math.max(1, Math.min(DEBUGGER_CAPACITY, Integer.parseInt(limit)));
            } catch (NumberFormatException e) {
              ctx.status(400).json(error("limit must be a whole number, e.g. 100"));
              return;
            }
          }
          ctx.contentType(ContentType.APPLICATION_JSON).result(debugger.recent(n).toString());
        });
    app.get(
        "/healthz",
        ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(health().toString()));
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

  /** Opens the stores, starts the deliverer, then starts listening. */
  public static EventsServer start(
      EventsConfig config, SugarClient client, Options options, Clock clock) {
    EventsServer s = new EventsServer(config, client, options, clock);
    s.deliverer.start();
    try {
      s.app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      s.close();
      throw new io.sugarbridge.client.error.SugarbridgeException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + e.getMessage()
              + "); choose another port with --port or listen: in the events file",
          e);
    }
    return s;
  }

  /** The port listened on (the actual one when 0 was configured). */
  public int port() {
    return app.port();
  }

  /** The collector's base URL. */
  public String url() {
    return config.withPort(port()).baseUrl();
  }

  public EventDebugger debugger() {
    return debugger;
  }

  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  public EventJournal journal() {
    return journal;
  }

  /** The state {@code /healthz} reports. */
  public ObjectNode health() {
    ObjectNode n = JSON.createObjectNode();
    String retrying = deliverer.recentRetryReason(Duration.ofMinutes(1));
    // Still 200: the collector accepts and keeps events; "retrying" says delivery is held up.
    n.put("status", retrying == null ? "ok" : "retrying");
    if (retrying != null) {
      n.put("deliveryProblem", retrying);
    }
    n.put("preset", preset.name());
    n.put("module", preset.module());
    n.put("journalLast", journal.last());
    n.put("journalCommitted", journal.committed());
    n.put("journalLag", journal.last() - journal.committed());
    n.put("inFlight", deliverer.inFlight());
    n.put("deadLettersWaiting", deadLetters.waitingCount());
    return n;
  }

  /**
   * Answers 403 and returns true when the debugger may not be shown to this request: with {@code
   * debugger: local}, only to a loopback client whose request no proxy forwarded (a reverse proxy
   * on this machine would otherwise pass the whole internet through as "local"), and whose {@code
   * Host} names this collector (a page from another site whose name was re-bound to 127.0.0.1 sends
   * its own name there, so the operator's browser cannot be used to read the debugger).
   */
  private boolean debuggerRefused(Context ctx) {
    if (config.debugger() == DebuggerAccess.OPEN) {
      return false;
    }
    boolean local;
    try {
      local = InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      local = false;
    }
    for (String h : PROXY_HEADERS) {
      if (ctx.header(h) != null) {
        local = false;
      }
    }
    if (local && !isOwnHost(ctx.header("Host"))) {
      ctx.status(403)
          .json(
              error(
                  "the event debugger answers only to its own address (Host "
                      + clipHost(ctx.header("Host"))
                      + " is not this collector); open http://127.0.0.1:"
                      + port()
                      + "/debugger"));
      return true;
    }
    if (!local) {
      ctx.status(403)
          .json(
              error(
                  "the event debugger shows people's personal data, so it answers only on the"
                      + " collector's own machine (e.g. http://127.0.0.1:"
                      + port()
                      + "/debugger); set debugger: open in the events file to show it to"
                      + " everyone who can reach the collector"));
    }
    return !local;
  }

  /**
   * Whether a Host header names this collector: a loopback address, localhost, or the configured
   * listen host. Any port: an SSH tunnel forwards from a port of its own. A name re-bound by DNS
   * (what a rebinding page sends) is none of these.
   */
  private boolean isOwnHost(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    String name;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      name = h.substring(1, end);
    } else {
      int colon = h.lastIndexOf(':');
      if (colon >= 0 && h.indexOf(':') != colon) {
        return false; // a bare IPv6 address is not a valid Host
      }
      name = colon < 0 ? h : h.substring(0, colon);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.equals(config.host().toLowerCase(Locale.ROOT))) {
      return true;
    }
    // Only literal addresses: a name would need a DNS lookup, which is what rebinding abuses.
    boolean literal =
        name.matches("[0-9.]+") || (name.contains(":") && name.matches("[0-9a-f:.]+"));
    if (!literal) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(name);
      return a.isLoopbackAddress() || a.equals(InetAddress.getByName(config.host()));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String clipHost(String host) {
    if (host == null) {
      return "(none)";
    }
    return host.length() > 80 ? host.substring(0, 80) + "..." : host;
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T store) {
    opened.add(store);
    return store;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("success", false).put("error", message);
  }

  private static String page() {
    try (InputStream in =
        EventsServer.class.getResourceAsStream("/io/sugarbridge/events/debugger/debugger.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops accepting, finishes the delivery in progress, commits, and closes every store. */
  @Override
  public void close() {
    app.stop();
    deliverer.close();
    journal.close();
    deadLetters.close();
    log.close();
    profiles.close();
    directoryLock.close();
  }
}
