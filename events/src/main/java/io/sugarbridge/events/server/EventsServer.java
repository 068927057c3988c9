package io.sugarbridge.events.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfig.DebuggerAccess;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.debugger.EventDebugger;
import io.sugarbridge.events.delivery.Deliverer;
import io.sugarbridge.events.delivery.DeliveryListener;
import io.sugarbridge.events.delivery.DeliveryLog;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.events.delivery.WaitingEvents;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventsServer.class);
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
  private final WaitingEvents waiting;
  private final SugarClient client;
  private final Options options;
  private final java.util.concurrent.ScheduledExecutorService checks =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "events-metadata-check");
            t.setDaemon(true);
            return t;
          });
  private final EventProcessor processor;
  private volatile String configurationProblem;
  private volatile java.util.Map<String, String> checkedFields;

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
      this.waiting = opened(opened, WaitingEvents.open(config.journalDirectory(), clock));
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
    this.client = client;
    this.options = options;
    this.processor =
        new EventProcessor(client, profiles, log, preset, config.consentCategory(), config.match());
    this.deliverer =
        new Deliverer(
            journal,
            processor,
            deadLetters,
            log,
            DeliveryListener.all(debugger, metrics, options.listener),
            options.lanes,
            options.firstRetryPause,
            options.maxRetryPause,
            waiting,
            config.waitForIdentify(),
            clock);
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
                    connector.addBean(
                        new ConnectionsPerAddress(
                            MAX_CONNECTIONS_PER_ADDRESS, config.ingest().trustedProxies()));
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
        ctx -> {
          ObjectNode h = health();
          // 503 only when events cannot be taken or kept; delivery trouble is in status.
          boolean refuses = false;
          for (com.fasterxml.jackson.databind.JsonNode p : h.path("problems")) {
            refuses |= !p.path("acceptsEvents").asBoolean(true);
          }
          ctx.status(refuses ? 503 : 200)
              .contentType(ContentType.APPLICATION_JSON)
              .result(h.toString());
        });
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

  /** Opens the stores, starts the deliverer, then starts listening. */
  public static EventsServer start(
      EventsConfig config, SugarClient client, Options options, Clock clock) {
    EventsServer s = new EventsServer(config, client, options, clock);
    try {
      s.checkAgainstSugar(true);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    s.deliverer.start();
    long every = Math.max(1, options.metadataCheckEvery.toMillis());
    s.checks.scheduleWithFixedDelay(
        () -> {
          try {
            s.checkAgainstSugar(false);
          } catch (RuntimeException e) {
            LOG.warn("checking Sugar's metadata failed; trying again later: {}", e.getMessage());
          }
        },
        every,
        every,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      s.app.start(config.host(), config.port());
    } catch (RuntimeException e) {
      s.close();
      // A busy port or a foreign address is a setting to change (exit 2), said in one line.
      boolean inUse = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        inUse |=
            t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("in use");
      }
      throw new ConfigurationException(
          "listen",
          inUse
              ? "Port "
                  + config.port()
                  + " on "
                  + config.host()
                  + " is in use; stop the other process or pass --port N (or change listen: in"
                  + " the events file)"
              : "cannot listen on "
                  + config.host()
                  + ":"
                  + config.port()
                  + " ("
                  + e.getMessage()
                  + "); pass --port N or change listen: in the events file");
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

  /**
   * The state {@code /healthz} reports: {@code status} ok, retrying (delivery held up by something
   * that may pass) or failing, and {@code problems}, one entry per thing wrong ({@code check},
   * {@code status}, {@code reason}, {@code acceptsEvents}); the endpoint answers 503 when one of
   * them means events cannot be taken or kept.
   */
  public ObjectNode health() {
    ObjectNode n = JSON.createObjectNode();
    com.fasterxml.jackson.databind.node.ArrayNode problems = JSON.createArrayNode();
    String journalFailure = journal.failure();
    if (journalFailure != null) {
      problem(problems, "journal", "failing", journalFailure, false);
    }
    String died = deliverer.died();
    if (died != null) {
      problem(problems, "deliverer", "failing", died + "; restart the collector", false);
    }
    String config = configurationProblem;
    if (config != null) {
      problem(problems, "configuration", "failing", config, true);
    }
    io.sugarbridge.events.delivery.PermanentFailures permanent =
        deliverer.permanentFailures(PERMANENT_FAILURES_SHOWN);
    if (permanent != null) {
      problem(
          problems,
          "delivery",
          "failing",
          io.sugarbridge.common.config.KnownSecrets.scrub(deliveryFailing(permanent)),
          true);
    }
    String retrying = deliverer.recentRetryReason(Duration.ofMinutes(1));
    if (retrying != null) {
      problem(problems, "delivery", "retrying", retrying, true);
    }
    boolean failing = false;
    for (com.fasterxml.jackson.databind.JsonNode p : problems) {
      failing |= p.path("status").asText().equals("failing");
    }
    n.put("status", failing ? "failing" : retrying != null ? "retrying" : "ok");
    n.set("problems", problems);
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
    n.put("waitingForTraits", deliverer.waitingCount());
    return n;
  }

  /**
   * Why every recent delivery failed, by kind only: how many, Sugar's status and error code, the
   * fields at fault (names, never values) with the setting that maps each, and what to do. Sugar's
   * own words echo people's data, so they stay with the dead letters, which {@code events replay
   * --list} shows to the operator.
   */
  private String deliveryFailing(io.sugarbridge.events.delivery.PermanentFailures p) {
    String module = preset.module();
    java.util.Set<String> mapped = new java.util.LinkedHashSet<>(preset.traits().values());
    mapped.addAll(preset.properties().values());
    mapped.addAll(preset.defaults().keySet());
    if (preset.campaignField() != null) {
      mapped.add(preset.campaignField());
    }
    int status = p.httpStatus();
    boolean data = status == 0 || status == 400 || status == 409 || status == 412 || status == 422;
    // A refusal of the user or the module is about no field, even when Sugar echoes the record.
    List<String> fields = data ? p.fieldsNamed(mapped) : List.of();
    StringBuilder b = new StringBuilder();
    b.append("the last ").append(p.count()).append(" deliveries all failed permanently");
    if (p.httpStatus() == 0) {
      b.append(" (not sent to Sugar: the events could not be made into ")
          .append(module)
          .append(" records)");
    } else {
      b.append(" (Sugar answered ").append(p.httpStatus());
      if (p.errorCode() != null) {
        b.append(' ').append(p.errorCode());
      }
      b.append(')');
    }
    if (!fields.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (String f : fields) {
        String setting = settingOf(f);
        named.add(f + (setting == null ? "" : " (" + setting + ")"));
      }
      b.append("; field ").append(String.join(", ", named));
    }
    b.append("; ");
    if (status == 403) {
      b.append("the API user ")
          .append(config.sugar().username())
          .append(" may not create or edit ")
          .append(module)
          .append(" records: give the user's role create and edit access to ")
          .append(module)
          .append(" (Admin > Role Management), or use another user in the connection file");
    } else if (status == 404) {
      b.append("Sugar has no module ")
          .append(module)
          .append(" for this user: correct module: in the events file (case-sensitive, e.g.")
          .append(" Leads) and check that the module is enabled");
    } else if (data) {
      b.append(
          fields.isEmpty()
              ? "fix the traits the senders send or the mappings: in the events file"
              : "fix the trait the senders send for that field, or its mapping under mappings: in"
                  + " the events file");
    } else {
      b.append("check what Sugar says about the records");
    }
    b.append("; see `sugarbridge events replay --list` for details, then run")
        .append(" `sugarbridge events replay`");
    return b.toString();
  }

  /** The setting that maps a field of the module: the events file's or the preset's own. */
  private String settingOf(String field) {
    io.sugarbridge.events.config.MappingOverrides o = config.mappings();
    for (java.util.Map.Entry<String, String> e : preset.traits().entrySet()) {
      if (e.getValue().equals(field)) {
        return mappingSetting(o.traits().containsKey(e.getKey()), "traits", "trait", e.getKey());
      }
    }
    for (java.util.Map.Entry<String, String> e : preset.properties().entrySet()) {
      if (e.getValue().equals(field)) {
        return mappingSetting(
            o.properties().containsKey(e.getKey()), "properties", "property", e.getKey());
      }
    }
    if (preset.defaults().containsKey(field)) {
      return mappingSetting(o.defaults().containsKey(field), "defaults", "default", field);
    }
    if (field.equals(preset.campaignField())) {
      return o.campaignField() != null
          ? "mappings.campaign_field"
          : "preset " + preset.name() + " (campaign_field)";
    }
    return null;
  }

  /** How many deliveries in a row must fail permanently before {@code /healthz} says failing. */
  static final int PERMANENT_FAILURES_SHOWN = 5;

  private static void problem(
      com.fasterxml.jackson.databind.node.ArrayNode problems,
      String check,
      String status,
      String reason,
      boolean acceptsEvents) {
    problems
        .addObject()
        .put("check", check)
        .put("status", status)
        .put("reason", reason)
        .put("acceptsEvents", acceptsEvents);
  }

  /**
   * Checks the module and every mapped field against Sugar's metadata, and that the login works. At
   * start-up a problem refuses the start, naming the setting; later (Sugar's metadata may change)
   * it is shown on {@code /healthz} and the preset's field checks are read again. Sugar being
   * unreachable does not stop the start: events are kept and delivered once it answers.
   */
  void checkAgainstSugar(boolean starting) {
    java.util.Map<String, String> fields;
    try {
      fields = new java.util.LinkedHashMap<>();
      for (io.sugarbridge.client.meta.FieldDefinition f :
          client.metadata().fields(preset.module()).values()) {
        fields.put(f.name(), f.type() + (f.required() ? "!" : ""));
      }
    } catch (io.sugarbridge.client.error.InvalidCredentialsException e) {
      throw problemAt(
          starting,
          new io.sugarbridge.common.error.ConfigProblem(
              "password",
              "Sugar at "
                  + config.sugar().instanceUrl()
                  + " refused the login of "
                  + config.sugar().username()
                  + " ("
                  + e.getMessage()
                  + "); correct username:/password: in the connection file",
              String.valueOf(config.sugarConnectionFile())));
    } catch (io.sugarbridge.client.error.PlatformNotRegisteredException e) {
      throw problemAt(
          starting,
          new io.sugarbridge.common.error.ConfigProblem(
              "platform", e.getMessage(), String.valueOf(config.sugarConnectionFile())));
    } catch (io.sugarbridge.client.error.PermissionDeniedException e) {
      throw problemAt(starting, mayNotRead("answered 403"));
    } catch (io.sugarbridge.client.error.NotFoundException
        | io.sugarbridge.client.error.UnknownModuleOrRouteException e) {
      // Sugar leaves out of the metadata a module the user may not see: a module of that exact
      // name in the full list exists, and it is the user's access that is missing.
      if (moduleExists(preset.module())) {
        throw problemAt(starting, mayNotRead("gives no metadata of it to this user"));
      }
      throw problemAt(
          starting,
          new io.sugarbridge.common.error.ConfigProblem(
              "module",
              "Sugar at "
                  + config.sugar().instanceUrl()
                  + " has no module '"
                  + preset.module()
                  + "' that "
                  + config.sugar().username()
                  + " can see"
                  + suggestion(preset.module())
                  + "; correct module: in the events file (module names are case-sensitive)",
              null));
    } catch (io.sugarbridge.common.error.SugarbridgeException e) {
      if (starting) {
        LOG.warn(
            "cannot read Sugar's metadata at start-up ({}); starting anyway, events are kept and"
                + " the module and mappings are checked again later",
            e.getMessage());
      }
      return;
    }
    if (!mayRead()) {
      throw problemAt(starting, mayNotRead("says in its ACL (GET /me) that access is 'no'"));
    }
    java.util.List<io.sugarbridge.common.error.ConfigProblem> problems = new ArrayList<>();
    io.sugarbridge.events.config.MappingOverrides o = config.mappings();
    preset
        .traits()
        .forEach(
            (trait, field) ->
                unknown(
                    problems,
                    fields,
                    field,
                    mappingSetting(o.traits().containsKey(trait), "traits", "trait", trait)));
    preset
        .properties()
        .forEach(
            (prop, field) ->
                unknown(
                    problems,
                    fields,
                    field,
                    mappingSetting(
                        o.properties().containsKey(prop), "properties", "property", prop)));
    preset
        .defaults()
        .keySet()
        .forEach(
            field ->
                unknown(
                    problems,
                    fields,
                    field,
                    mappingSetting(o.defaults().containsKey(field), "defaults", "default", field)));
    if (preset.campaignField() != null) {
      unknown(
          problems,
          fields,
          preset.campaignField(),
          o.campaignField() != null
              ? "mappings.campaign_field"
              : "preset " + preset.name() + " (campaign_field)");
    }
    if (starting && !problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    java.util.Map<String, String> before = checkedFields;
    checkedFields = fields;
    if (before != null && !before.equals(fields)) {
      LOG.warn("Sugar's metadata of {} changed; reading its fields again", preset.module());
      processor.metadataChanged();
    }
    String now =
        problems.isEmpty()
            ? null
            : "Sugar's metadata no longer fits the settings: "
                + String.join(
                    "; ", problems.stream().map(p -> p.setting() + ": " + p.message()).toList());
    if (now != null && !now.equals(configurationProblem)) {
      LOG.error("{}", now);
    }
    configurationProblem = now;
  }

  /** The user may not read the module: Sugar's answer and what to do. */
  private io.sugarbridge.common.error.ConfigProblem mayNotRead(String sugarAnswer) {
    return new io.sugarbridge.common.error.ConfigProblem(
        "username",
        "Sugar at "
            + config.sugar().instanceUrl()
            + " "
            + sugarAnswer
            + ": the user "
            + config.sugar().username()
            + " may not read the module '"
            + preset.module()
            + "' (module: in the events file); give the user's role access to "
            + preset.module()
            + " (Admin > Role Management), or use another user in the connection file",
        String.valueOf(config.sugarConnectionFile()));
  }

  /**
   * Whether Sugar's ACL for the user ({@code GET /me}) allows reading the module at all; true when
   * it cannot be read (then the deliveries say what is wrong).
   */
  private boolean mayRead() {
    try {
      return client.users().me().access(preset.module()).canRead();
    } catch (RuntimeException e) {
      return true;
    }
  }

  private boolean moduleExists(String module) {
    try {
      return client.metadata().modules().contains(module);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private RuntimeException problemAt(
      boolean starting, io.sugarbridge.common.error.ConfigProblem p) {
    if (starting) {
      return new ConfigurationException(List.of(p));
    }
    configurationProblem = p.setting() + ": " + p.message();
    LOG.error("{}", configurationProblem);
    return new io.sugarbridge.common.error.SugarbridgeException(configurationProblem);
  }

  /**
   * The setting a mapping of {@code key} comes from: {@code mappings.<section>.<key>} when the
   * events file sets it, else the preset's own ({@code kind} names it there, e.g. "trait").
   */
  private String mappingSetting(boolean inEventsFile, String section, String kind, String key) {
    return inEventsFile
        ? "mappings." + section + "." + key
        : "preset " + preset.name() + " (" + kind + " " + key + ")";
  }

  private void unknown(
      java.util.List<io.sugarbridge.common.error.ConfigProblem> problems,
      java.util.Map<String, String> fields,
      String field,
      String setting) {
    if (!fields.containsKey(field)) {
      problems.add(
          new io.sugarbridge.common.error.ConfigProblem(
              setting,
              preset.module()
                  + " has no field '"
                  + field
                  + "' (Sugar would drop its value silently); correct it under mappings: in the"
                  + " events file, or '-' to drop the mapping",
              null));
    }
  }

  private String suggestion(String module) {
    try {
      for (String m : client.metadata().modules()) {
        if (m.equalsIgnoreCase(module)
            || m.equalsIgnoreCase(module + "s")
            || (m.length() > 2 && m.regionMatches(true, 0, module, 0, module.length()))) {
          return " (did you mean " + m + "?)";
        }
      }
    } catch (RuntimeException e) {
      // Only a hint.
    }
    return "";
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
    checks.shutdownNow();
    app.stop();
    deliverer.close();
    journal.close();
    deadLetters.close();
    log.close();
    profiles.close();
    waiting.close();
    directoryLock.close();
  }
}
