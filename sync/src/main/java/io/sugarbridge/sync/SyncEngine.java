package io.sugarbridge.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.mapping.RowMapper;
import io.sugarbridge.sync.plan.MatchClaims;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceException;
import io.sugarbridge.sync.spec.SpecChecks;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RunRecord;
import io.sugarbridge.sync.state.StateFiles;
import io.sugarbridge.sync.state.SugarInstance;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.write.Recovery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
      SyncRun run = new SyncRun(client, spec, state, options, dryRun, claims);
      if (!dryRun && !state.pendingIntents().isEmpty()) {
        run.prepare();
        Recovery.recover(state, run.finder(), spec.module(), options.notices());
      }
      long runId = dryRun ? 0 : state.startRun(options.full());
      String status = "failed";
      try {
        run.stream(rows);
        status = run.tally().anyFailed() ? "finished_with_failures" : "succeeded";
      } finally {
        run.tally().closeErrors();
        if (!dryRun) {
          state.finishRun(runId, status, countsJson(run.tally().counts()));
        }
      }
      return run.tally().report(spec.name(), runId, started, clock.instant(), run.rowsRead());
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
}
