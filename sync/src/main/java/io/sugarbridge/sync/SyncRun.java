package io.sugarbridge.sync;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.mapping.LookupResolver;
import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.mapping.ModuleSchema;
import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.mapping.RowChecker;
import io.sugarbridge.sync.mapping.RowMapper;
import io.sugarbridge.sync.plan.Candidate;
import io.sugarbridge.sync.plan.Decision;
import io.sugarbridge.sync.plan.Differ;
import io.sugarbridge.sync.plan.MatchClaims;
import io.sugarbridge.sync.plan.TargetResolver;
import io.sugarbridge.sync.report.ErrorFile;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceRow;
import io.sugarbridge.sync.spec.SpecChecks;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RowState;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.write.BatchWriter;
import io.sugarbridge.sync.write.BulkSender;
import io.sugarbridge.sync.write.SyncKeyStamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One execution of a sync, as stages over the source's rows: map each row, drop duplicate keys and
 * contested match values, compare chunks with the state store ({@link Differ}), check what must be
 * sent against Sugar's metadata, and hand full batches to {@link InFlightWrites}; every outcome
 * goes to the {@link RunTally}.
 */
final class SyncRun {
  /** Rows compared with the state store per query. */
  private static final int DIFF_CHUNK = 500;

  private final SugarClient client;
  private final SyncSpec spec;
  private final SyncState state;
  private final SyncOptions options;
  private final boolean dryRun;
  private final MatchClaims claims;
  private final RowMapper mapper;
  private final Differ differ;
  private final RecordFinder finder;
  private final RunTally tally;

  /** The records rows of this run wrote or hold (see {@link #heldRecord}). */
  private final Map<String, String> claimedRecords = new HashMap<>();

  private long rowsRead;
  private RowChecker checker;
  private BatchWriter writer;

  SyncRun(
      SugarClient client,
      SyncSpec spec,
      SyncState state,
      SyncOptions options,
      boolean dryRun,
      MatchClaims claims) {
    this.client = client;
    this.spec = spec;
    this.state = state;
    this.options = options;
    this.dryRun = dryRun;
    this.claims = claims;
    this.mapper = new RowMapper(spec);
    this.differ = new Differ(spec.mode(), options.full());
    this.finder = new RecordFinder(client);
    this.tally =
        new RunTally(
            dryRun,
            options.sampleSize(),
            dryRun ? null : ErrorFile.create(spec.errorFile(), spec.baseDir()));
  }

  RecordFinder finder() {
    return finder;
  }

  RunTally tally() {
    return tally;
  }

  long rowsRead() {
    return rowsRead;
  }

  /**
   * Reads Sugar's metadata and checks the sync file against it; done only once a row needs sending,
   * so a run with nothing to send makes no API call at all.
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
    // Keys seen this run, as 64-bit hashes: flat enough for millions of rows.
    Set<Long> seen = new HashSet<>();
    List<Candidate> batch = new ArrayList<>(spec.batchSize());
    try (InFlightWrites writes = new InFlightWrites(spec.name(), spec.concurrency())) {
      List<MappedRow> chunk = new ArrayList<>(DIFF_CHUNK);
      while (rows.hasNext()) {
        writes.rethrow();
        SourceRow row = rows.next();
        rowsRead++;
        MappedRow mapped = mapper.map(row);
        if (!mapped.ok()) {
          tally.add(
              RowOutcome.failed(
                  row.number(), null, "invalid_row", null, String.join("; ", mapped.problems())),
              null);
        } else if (!seen.add(hash64(mapped.key()))) {
          tally.add(
              RowOutcome.skipped(
                  row.number(),
                  mapped.key(),
                  "duplicate_key",
                  "an earlier row of this run has the same key; only the first is sent"),
              null);
        } else if (!claims.others(mapped).isEmpty()) {
          tally.add(duplicateMatch(mapped, claims.others(mapped)), null);
        } else {
          chunk.add(mapped);
          if (chunk.size() >= DIFF_CHUNK) {
            batch = diff(chunk, batch, writes);
            chunk.clear();
          }
        }
        if (rowsRead % 1000 == 0) {
          options.progress().accept(rowsRead);
        }
      }
      batch = diff(chunk, batch, writes);
      if (!batch.isEmpty()) {
        submit(writes, batch);
      }
      writes.awaitAll();
      options.progress().accept(rowsRead);
    }
  }

  /** Compares a chunk of rows with their states (one query) and batches what must be sent. */
  private List<Candidate> diff(
      List<MappedRow> chunk, List<Candidate> batch, InFlightWrites writes) {
    if (chunk.isEmpty()) {
      return batch;
    }
    Map<String, RowState> states = state.getAll(chunk.stream().map(MappedRow::key).toList());
    for (MappedRow mapped : chunk) {
      Decision decision = differ.decide(mapped, states.get(mapped.key()));
      if (decision instanceof Decision.Settled settled) {
        RowOutcome outcome = settled.outcome(mapped);
        tally.add(decision instanceof Decision.Unchanged ? heldRecord(outcome) : outcome, null);
        continue;
      }
      RowState prev = ((Decision.Send) decision).candidate().previous();
      prepare();
      MappedRow checked = checker.check(mapped);
      if (!checked.ok()) {
        tally.add(
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
        submit(writes, batch);
        batch = new ArrayList<>(spec.batchSize());
      }
    }
    return batch;
  }

  private void submit(InFlightWrites writes, List<Candidate> batch) {
    writes.submit(
        () -> {
          List<RowOutcome> outs = writer.write(batch);
          Map<Long, Candidate> byRow = new HashMap<>();
          batch.forEach(c -> byRow.put(c.row().number(), c));
          for (RowOutcome o : outs) {
            tally.add(o, byRow.get(o.row()));
          }
        });
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
