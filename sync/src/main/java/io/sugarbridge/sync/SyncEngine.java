package io.sugarbridge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.mapping.LookupResolver;
import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.mapping.ModuleSchema;
import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.mapping.RowChecker;
import io.sugarbridge.sync.mapping.RowMapper;
import io.sugarbridge.sync.plan.Candidate;
import io.sugarbridge.sync.plan.Differ;
import io.sugarbridge.sync.plan.MatchClaims;
import io.sugarbridge.sync.plan.TargetResolver;
import io.sugarbridge.sync.report.ErrorFile;
import io.sugarbridge.sync.report.FieldChange;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.PlannedRow;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceException;
import io.sugarbridge.sync.source.SourceRow;
import io.sugarbridge.sync.spec.SpecChecks;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RowState;
import io.sugarbridge.sync.state.RunRecord;
import io.sugarbridge.sync.state.StateFiles;
import io.sugarbridge.sync.state.SugarInstance;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.write.BatchWriter;
import io.sugarbridge.sync.write.BulkSender;
import io.sugarbridge.sync.write.Recovery;
import io.sugarbridge.sync.write.SyncKeyStamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The entry point of warehouse sync: {@link #run} moves a sync file's rows into Sugar, {@link
 * #plan} says what a run would do without writing to Sugar, {@link #runs} lists the run history. A
 * run streams the source (never holding it whole), maps each row, compares it with the state store
 * (unchanged rows cost no API call), checks the rest against Sugar's metadata, and writes them in
 * {@code /bulk} batches with {@code concurrency} calls in flight. Every source row gets exactly one
 * {@link RowOutcome}; counts always add up. A run killed at any point and run again ends with the
 * same records in Sugar as an uninterrupted run: write intents are stored before each call and
 * resolved against Sugar (what its records really hold) before the next run sends anything. State
 * is kept per Sugar instance and user ({@link StateFiles}); {@link #plan} and {@link #runs} never
 * create it.
 */
public final class SyncEngine {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Sugar ids of an earlier version's state file looked up (at random, in one {@code $in} call) to
   * decide which instance owns it; a few records deleted since must not disown the rest.
   */
  private static final int LEGACY_SAMPLE = 100;

  /** Rows compared with the state store per query. */
  private static final int DIFF_CHUNK = 500;

  private final SugarClient client;
  private final SourceOpener source;
  private final Clock clock;

  public SyncEngine(SugarClient client, SourceOpener source, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * An engine for a sync file as the command line runs it: the client from the file's {@code
   * sugar:} connection file, rows from the JDBC source, the system clock.
   */
  public static SyncEngine forSpec(SyncSpec spec) {
    return new SyncEngine(
        SugarClient.fromConnectionFile(spec.sugarFile()), SourceOpener.jdbc(), Clock.systemUTC());
  }

  /** Runs the sync: writes to Sugar and records outcomes and history in the state store. */
  public RunReport run(SyncSpec spec, SyncOptions options) {
    return execute(spec, options, false);
  }

  /** What a run would do: counts per outcome and a sample of rows with field changes. */
  public RunReport plan(SyncSpec spec, SyncOptions options) {
    return execute(spec, options, true);
  }

  /**
   * The most recent runs, newest first, of the sync against the instance its connection file points
   * to now (read without logging in). Creates nothing: a sync never run there has none.
   */
  public static List<RunRecord> runs(SyncSpec spec, int limit, Clock clock) {
    return runs(spec, limit, clock, n -> {});
  }

  /**
   * As {@link #runs(SyncSpec, int, Clock)}, telling {@code notices} about an earlier-version file.
   */
  public static List<RunRecord> runs(
      SyncSpec spec, int limit, Clock clock, Consumer<String> notices) {
    return runs(spec, instance(spec), limit, clock, notices);
  }

  /** The most recent runs of the sync against {@code instance}, newest first. */
  public static List<RunRecord> runs(
      SyncSpec spec, SugarInstance instance, int limit, Clock clock, Consumer<String> notices) {
    try (SyncState state =
        StateFiles.openForReading(spec.stateDir(), spec.name(), instance, clock, null, notices)) {
      return state.runs(limit);
    }
  }

  /** The instance and user the sync's connection file points to (read without logging in). */
  public static SugarInstance instance(SyncSpec spec) {
    return SugarInstance.of(SugarConnectionFile.load(spec.sugarFile()));
  }

  /**
   * The state store of a sync against one instance: {@code .sugarbridge/<name>.<hash>.state.db}
   * beside the sync file (see {@link StateFiles}).
   */
  public static Path stateFile(SyncSpec spec, SugarInstance instance) {
    return StateFiles.instanceFile(spec.stateDir(), spec.name(), instance);
  }

  private RunReport execute(SyncSpec given, SyncOptions options, boolean dryRun) {
    Instant started = clock.instant();
    // A first read for the match values that several rows claim (see MatchClaims).
    MatchClaims claims =
        given.match() == null
            ? MatchClaims.NONE
            : MatchClaims.scan(openSource(given), new RowMapper(given));
    SugarInstance instance = SugarInstance.of(client.config());
    Predicate<SyncState> ownsLegacy = old -> holdsRecords(given.module(), old);
    try (SyncState state =
            dryRun
                ? StateFiles.openForReading(
                    given.stateDir(), given.name(), instance, clock, ownsLegacy, options.notices())
                : StateFiles.openForRun(
                    given.stateDir(),
                    given.name(),
                    instance,
                    clock,
                    ownsLegacy,
                    options.notices());
        RowStream rows = openSource(given)) {
      SyncSpec spec = given;
      List<String> columns = rows.columns();
      if (spec.defaultMappings()) {
        spec = spec.withMappings(SpecChecks.seedMappings(spec.module(), columns));
      }
      List<ConfigProblem> problems = new ArrayList<>(SpecChecks.checkColumns(spec, columns));
      if (!problems.isEmpty()) {
        // Report Sugar's objections in the same message, so one fix round is enough.
        problems.addAll(fieldProblems(spec));
        throw new ConfigurationException(problems);
      }
      Run run = new Run(spec, state, options, dryRun);
      run.claims = claims;
      if (!dryRun && !state.pendingIntents().isEmpty()) {
        run.prepare();
        Recovery.recover(state, run.finder, spec.module(), options.notices());
      }
      long runId = dryRun ? 0 : state.startRun(options.full());
      String status = "failed";
      try {
        run.stream(rows);
        status =
            run.counts.getOrDefault(Outcome.FAILED, 0L) > 0
                ? "finished_with_failures"
                : "succeeded";
      } finally {
        run.closeErrors();
        if (!dryRun) {
          state.finishRun(runId, status, countsJson(run.counts));
        }
      }
      return new RunReport(
          spec.name(),
          runId,
          dryRun,
          started,
          clock.instant(),
          run.rowsRead,
          run.counts,
          run.errors == null ? null : run.errors.path(),
          run.errors == null ? 0 : run.errors.entries(),
          run.sample,
          run.warnedRows,
          run.warned);
    }
  }

  /**
   * Opens the source. A source that cannot be opened for a reason the sync file must fix (an
   * unknown URL scheme, a missing file, a query the database rejects) is a configuration problem
   * like any other; one that may open later (the database is down) stays as it is.
   */
  private RowStream openSource(SyncSpec spec) {
    try {
      return source.open(spec.source(), spec.baseDir());
    } catch (SourceException e) {
      if (e.isRetryable()) {
        throw e;
      }
      String prefix = e.setting() + ": ";
      String message =
          e.getMessage().startsWith(prefix)
              ? e.getMessage().substring(prefix.length())
              : e.getMessage();
      ConfigurationException c =
          new ConfigurationException(
              List.of(new ConfigProblem(e.setting(), message, spec.location(e.setting()))));
      c.initCause(e);
      throw c;
    }
  }

  /**
   * Whether a state file from an earlier version (no instance recorded) belongs to this client's
   * instance: true when any of a sample of its Sugar ids exists here (one {@code $in} call).
   */
  private boolean holdsRecords(String module, SyncState old) {
    List<String> ids = old.syncedIds(LEGACY_SAMPLE);
    return ids.isEmpty() || !new RecordFinder(client).find(module, "id", ids).isEmpty();
  }

  /** Mapped fields Sugar's metadata does not know, or none when Sugar cannot be asked. */
  private List<ConfigProblem> fieldProblems(SyncSpec spec) {
    try {
      Map<String, Map<String, FieldDefinition>> fields = new HashMap<>();
      List<ConfigProblem> problems =
          new ArrayList<>(
              SpecChecks.checkFields(
                  spec, m -> fields.computeIfAbsent(m, x -> client.metadata().fields(x)).keySet()));
      problems.addAll(SpecChecks.checkFieldTypes(spec, fields.get(spec.module())));
      return problems;
    } catch (io.sugarbridge.common.error.SugarbridgeException e) {
      return List.of();
    }
  }

  private static String countsJson(Map<Outcome, Long> counts) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      m.put(o.label(), counts.getOrDefault(o, 0L));
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One execution's mutable parts. */
  private final class Run {
    final SyncSpec spec;
    final SyncState state;
    final SyncOptions options;
    final boolean dryRun;
    final RowMapper mapper;
    final Differ differ;
    final RecordFinder finder = new RecordFinder(client);
    final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);

    /** The records rows of this run wrote or hold (see {@link #heldRecord}). */
    final Map<String, String> claimedRecords = new HashMap<>();

    final List<PlannedRow> sample = new ArrayList<>();
    final List<RowOutcome> warned = new ArrayList<>();
    long warnedRows;
    int sampledFailures;
    int sampledOthers;
    final ErrorFile errors;
    long rowsRead;
    MatchClaims claims = MatchClaims.NONE;
    RowChecker checker;
    BatchWriter writer;

    Run(SyncSpec spec, SyncState state, SyncOptions options, boolean dryRun) {
      this.spec = spec;
      this.state = state;
      this.options = options;
      this.dryRun = dryRun;
      this.mapper = new RowMapper(spec);
      this.differ = new Differ(spec.mode(), options.full());
      this.errors = dryRun ? null : ErrorFile.create(spec.errorFile(), spec.baseDir());
    }

    /**
     * Reads Sugar's metadata and checks the sync file against it; done only once a row needs
     * sending, so a run with nothing to send makes no API call at all.
     */
    void prepare() {
      if (writer != null) {
        return;
      }
      Set<String> enumFields = new HashSet<>(spec.mappings().keySet());
      ModuleSchema schema = ModuleSchema.load(client, spec.module(), enumFields);
      Map<String, Set<String>> fieldsByModule = new HashMap<>();
      fieldsByModule.put(spec.module(), schema.fieldNames());
      List<ConfigProblem> problems =
          SpecChecks.checkFields(
              spec,
              m -> fieldsByModule.computeIfAbsent(m, x -> client.metadata().fields(x).keySet()));
      problems.addAll(SpecChecks.checkFieldTypes(spec, schema.fields()));
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      boolean integrate =
          spec.mode() == SyncMode.UPSERT
              && spec.match() != null
              && !spec.match().byId()
              && !spec.match().byEmail()
              && client.apiVersion().isAtLeast(ApiVersion.INTEGRATE)
              && client.me().admin();
      checker = new RowChecker(spec, schema);
      BulkSender sender =
          options.bulkSender() != null ? options.bulkSender() : BulkSender.of(client.bulk());
      TargetResolver targets =
          new TargetResolver(
              spec.module(), spec.mode(), spec.match(), finder, integrate, claimedRecords);
      writer =
          new BatchWriter(
              spec,
              targets,
              new LookupResolver(finder),
              state,
              sender,
              schema.has("sync_key") ? "sync_key" : null,
              SyncKeyStamp.namespace(spec.name(), state.storeId()),
              dryRun);
    }

    void stream(RowStream rows) {
      ExecutorService pool =
          Executors.newFixedThreadPool(
              spec.concurrency(),
              r -> {
                Thread t = new Thread(r, "sync-" + spec.name());
                t.setDaemon(true);
                return t;
              });
      Semaphore inFlight = new Semaphore(spec.concurrency());
      AtomicReference<Throwable> fatal = new AtomicReference<>();
      // Keys seen this run, as 64-bit hashes: flat enough for millions of rows.
      Set<Long> seen = new HashSet<>();
      List<Candidate> batch = new ArrayList<>(spec.batchSize());
      try {
        Iterator<SourceRow> it = rows;
        List<MappedRow> chunk = new ArrayList<>(DIFF_CHUNK);
        while (it.hasNext()) {
          rethrow(fatal);
          SourceRow row = it.next();
          rowsRead++;
          MappedRow mapped = mapper.map(row);
          if (!mapped.ok()) {
            emit(
                RowOutcome.failed(
                    row.number(), null, "invalid_row", null, String.join("; ", mapped.problems())),
                null);
          } else if (!seen.add(hash64(mapped.key()))) {
            emit(
                RowOutcome.skipped(
                    row.number(),
                    mapped.key(),
                    "duplicate_key",
                    "an earlier row of this run has the same key; only the first is sent"),
                null);
          } else if (!claims.others(mapped).isEmpty()) {
            emit(duplicateMatch(mapped, claims.others(mapped)), null);
          } else {
            chunk.add(mapped);
            if (chunk.size() >= DIFF_CHUNK) {
              batch = diff(chunk, batch, pool, inFlight, fatal);
              chunk.clear();
            }
          }
          if (rowsRead % 1000 == 0) {
            options.progress().accept(rowsRead);
          }
        }
        batch = diff(chunk, batch, pool, inFlight, fatal);
        if (!batch.isEmpty()) {
          submit(pool, inFlight, fatal, batch);
        }
        inFlight.acquireUninterruptibly(spec.concurrency());
        inFlight.release(spec.concurrency());
        rethrow(fatal);
        options.progress().accept(rowsRead);
      } finally {
        pool.shutdownNow();
        try {
          pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * With a match rule, another row of this run may resolve to the record an unchanged row holds:
     * the unchanged row notes its record, so that row is refused as {@code duplicate_match}; and if
     * another row already wrote that record in this run, the unchanged row's record no longer holds
     * its values, so it fails as {@code duplicate_match} too rather than reporting unchanged.
     */
    private RowOutcome heldRecord(RowOutcome settled) {
      if (spec.match() == null
          || settled.outcome() != Outcome.UNCHANGED
          || settled.sugarId() == null) {
        return settled;
      }
      String other = TargetResolver.hold(claimedRecords, settled.sugarId(), settled.key());
      if (other == null) {
        return settled;
      }
      if (!dryRun) {
        state.record(
            List.of(
                new RowState(settled.key(), null, null, RowState.FAILED, null, "duplicate_match")));
      }
      return RowOutcome.failed(
          settled.row(),
          settled.key(),
          "duplicate_match",
          null,
          "the row with key "
              + other
              + " also resolves to "
              + spec.module()
              + " record "
              + settled.sugarId()
              + ", which this row's earlier run wrote, and was written to it in this run. Give each"
              + " row its own "
              + spec.match().column()
              + " value or match by another field");
    }

    /** Compares a chunk of rows with their states (one query) and batches what must be sent. */
    private List<Candidate> diff(
        List<MappedRow> chunk,
        List<Candidate> batch,
        ExecutorService pool,
        Semaphore inFlight,
        AtomicReference<Throwable> fatal) {
      if (chunk.isEmpty()) {
        return batch;
      }
      Map<String, RowState> states = state.getAll(chunk.stream().map(MappedRow::key).toList());
      for (MappedRow mapped : chunk) {
        RowState prev = states.get(mapped.key());
        RowOutcome settled = differ.decide(mapped, prev);
        if (settled != null) {
          emit(heldRecord(settled), null);
          continue;
        }
        prepare();
        MappedRow checked = checker.check(mapped);
        if (!checked.ok()) {
          emit(
              RowOutcome.failed(
                  mapped.number(),
                  mapped.key(),
                  "invalid_row",
                  null,
                  String.join("; ", checked.problems())),
              new Candidate(checked, prev));
          if (!dryRun) {
            state.record(
                List.of(
                    new RowState(mapped.key(), null, null, RowState.FAILED, null, "invalid_row")));
          }
          continue;
        }
        batch.add(new Candidate(checked, prev));
        if (batch.size() >= spec.batchSize()) {
          submit(pool, inFlight, fatal, batch);
          batch = new ArrayList<>(spec.batchSize());
        }
      }
      return batch;
    }

    private void submit(
        ExecutorService pool,
        Semaphore inFlight,
        AtomicReference<Throwable> fatal,
        List<Candidate> batch) {
      inFlight.acquireUninterruptibly();
      rethrowAfterRelease(fatal, inFlight);
      pool.execute(
          () -> {
            try {
              List<RowOutcome> outs = writer.write(batch);
              Map<Long, Candidate> byRow = new HashMap<>();
              batch.forEach(c -> byRow.put(c.row().number(), c));
              for (RowOutcome o : outs) {
                emit(o, byRow.get(o.row()));
              }
            } catch (Throwable t) {
              fatal.compareAndSet(null, t);
            } finally {
              inFlight.release();
            }
          });
    }

    private void rethrowAfterRelease(AtomicReference<Throwable> fatal, Semaphore inFlight) {
      if (fatal.get() != null) {
        inFlight.release();
        rethrow(fatal);
      }
    }

    private void rethrow(AtomicReference<Throwable> fatal) {
      Throwable t = fatal.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    synchronized void emit(RowOutcome outcome, Candidate c) {
      RowOutcome o = c == null ? outcome : outcome.withWarnings(c.row().warnings());
      if (!o.warnings().isEmpty()) {
        warnedRows++;
        if (warned.size() < RunReport.WARNING_SAMPLE) {
          warned.add(o);
        }
      }
      counts.merge(o.outcome(), 1L, Long::sum);
      if (errors != null) {
        errors.add(o);
      }
      if (dryRun && o.outcome() != Outcome.UNCHANGED) {
        // Every failing row is shown with its reason (up to a bound); others up to the sample size.
        boolean failed = o.outcome() == Outcome.FAILED;
        if (failed
            ? sampledFailures < RunReport.FAILURE_SAMPLE
            : sampledOthers < options.sampleSize()) {
          sample.add(new PlannedRow(o, c == null ? List.of() : changes(c)));
          if (failed) {
            sampledFailures++;
          } else {
            sampledOthers++;
          }
        }
      }
    }

    /** Nothing is written and the state is left as it was, so the row fails until fixed. */
    private RowOutcome duplicateMatch(MappedRow row, List<String> others) {
      return RowOutcome.failed(
          row.number(),
          row.key(),
          "duplicate_match",
          null,
          "other rows of this run (keys "
              + MatchClaims.describe(others)
              + ") have the same "
              + spec.match().column()
              + " '"
              + row.matchValue()
              + "', so they would all write the one "
              + spec.module()
              + " record whose "
              + spec.match().field()
              + " it matches; none of them was sent. Make "
              + spec.match().column()
              + " unique in the source or match by another field");
    }

    void closeErrors() {
      if (errors != null) {
        errors.close();
      }
    }
  }

  private static List<FieldChange> changes(Candidate c) {
    Map<String, String> before = new HashMap<>();
    if (c.previous() != null && c.previous().valuesJson() != null) {
      try {
        JsonNode prev = JSON.readTree(c.previous().valuesJson());
        prev.fields().forEachRemaining(e -> before.put(e.getKey(), text(e.getValue())));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // An unreadable earlier value shows as unknown rather than failing the plan.
      }
    }
    JsonNode now = JSON.valueToTree(jsonValues(c.row()));
    List<FieldChange> out = new ArrayList<>();
    now.fields()
        .forEachRemaining(
            e -> {
              String after = text(e.getValue());
              String b = before.get(e.getKey());
              if (!Objects.equals(b, after)) {
                out.add(new FieldChange(e.getKey(), b, after));
              }
            });
    return out;
  }

  private static Map<String, Object> jsonValues(MappedRow row) {
    try {
      return JSON.readValue(
          RowMapper.json(row.values()),
          new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field value as a plan shows it: lookups and email lists in words, not as JSON. */
  private static String text(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isValueNode()) {
      return n.asText();
    }
    JsonNode lookup = n.get("$lookup");
    if (n.isObject() && n.size() == 1 && lookup != null && lookup.isTextual()) {
      // Module.field=value, as RowMapper writes it
      String l = lookup.asText();
      int dot = l.indexOf('.');
      int eq = l.indexOf('=', dot + 1);
      if (dot > 0 && eq > dot) {
        return "id of the "
            + l.substring(0, dot)
            + " record whose "
            + l.substring(dot + 1, eq)
            + " is '"
            + l.substring(eq + 1)
            + "'";
      }
    }
    if (n.isArray() && n.size() > 0 && n.get(0).has("email_address")) {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : n) {
        String flags = e.path("primary_address").asBoolean(false) ? "primary" : "";
        if (e.has("opt_out")) {
          flags +=
              (flags.isEmpty() ? "" : ", ")
                  + (e.path("opt_out").asBoolean() ? "opted out" : "opted in");
        }
        parts.add(e.path("email_address").asText() + (flags.isEmpty() ? "" : " (" + flags + ")"));
      }
      return String.join(", ", parts);
    }
    return n.toString();
  }

  private static long hash64(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    // FNV-1a: fast and well spread; a collision would only mislabel a row as a duplicate.
    long h = 0xcbf29ce484222325L;
    for (byte x : b) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
