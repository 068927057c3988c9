package io.sugarbridge.sync.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.sync.mapping.LookupRef;
import io.sugarbridge.sync.mapping.LookupResolver;
import io.sugarbridge.sync.mapping.MappedRow;
import io.sugarbridge.sync.plan.Action;
import io.sugarbridge.sync.plan.Candidate;
import io.sugarbridge.sync.plan.PlannedWrite;
import io.sugarbridge.sync.plan.TargetResolver;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.spec.MatchRule;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.state.RowState;
import io.sugarbridge.sync.state.SyncState;
import io.sugarbridge.sync.state.WriteIntent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one batch of candidate rows: decides each row's target record, resolves parent lookups,
 * records the write intents, sends one {@code /bulk} call and checks every sub-result on its own,
 * so a refused record fails only its row. Confirmed outcomes are stored in one transaction. In a
 * dry run (plan) it stops after deciding, sending nothing. Thread-safe: batches run concurrently.
 */
public final class BatchWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SyncSpec spec;
  private final TargetResolver targets;
  private final LookupResolver lookups;
  private final SyncState state;
  private final BulkSender sender;
  private final String stampField;
  private final String stampNamespace;
  private final boolean dryRun;

  /**
   * @param stampField the field a created record is stamped with ({@link SyncKeyStamp}), {@code
   *     sync_key} when the module has it, else null
   * @param stampNamespace the {@link SyncKeyStamp#namespace} of this sync's stamps
   */
  public BatchWriter(
      SyncSpec spec,
      TargetResolver targets,
      LookupResolver lookups,
      SyncState state,
      BulkSender sender,
      String stampField,
      String stampNamespace,
      boolean dryRun) {
    this.spec = spec;
    this.targets = targets;
    this.lookups = lookups;
    this.state = state;
    this.sender = sender;
    this.stampField = stampField;
    this.stampNamespace = stampNamespace;
    this.dryRun = dryRun;
  }

  /** Outcomes of every row of the batch (one each). */
  public List<RowOutcome> write(List<Candidate> batch) {
    List<RowOutcome> outcomes = new ArrayList<>();
    TargetResolver.Resolved resolved;
    try {
      resolved = targets.resolve(batch);
    } catch (SugarbridgeException e) {
      return failAll(batch, "lookup_failed", e);
    }
    outcomes.addAll(resolved.settled());
    List<Prepared> prepared = new ArrayList<>();
    Map<LookupRef, LookupResolver.Resolution> parents;
    try {
      parents = lookups.resolve(refs(resolved.writes()));
    } catch (SugarbridgeException e) {
      outcomes.addAll(
          failAll(
              resolved.writes().stream().map(PlannedWrite::candidate).toList(),
              "lookup_failed",
              e));
      persistSettled(resolved.settled(), batch);
      return outcomes;
    }
    for (PlannedWrite w : resolved.writes()) {
      MappedRow row = w.candidate().row();
      ObjectNode payload = JSON.createObjectNode();
      String problem = null;
      for (Map.Entry<String, Object> e : row.values().entrySet()) {
        Object v = e.getValue();
        if (v instanceof LookupRef ref) {
          LookupResolver.Resolution r = parents.get(ref);
          if (r == null || r.matches() == 0) {
            problem =
                "no "
                    + ref.module()
                    + " record has "
                    + ref.field()
                    + " = '"
                    + ref.value()
                    + "' (mappings."
                    + e.getKey()
                    + "); create the parent first or fix the value";
            break;
          }
          if (r.matches() > 1) {
            problem =
                r.matches()
                    + " "
                    + ref.module()
                    + " records have "
                    + ref.field()
                    + " = '"
                    + ref.value()
                    + "' (mappings."
                    + e.getKey()
                    + "); the parent is ambiguous";
            break;
          }
          payload.put(e.getKey(), r.id());
        } else {
          payload.set(e.getKey(), JSON.valueToTree(v));
        }
      }
      if (problem != null) {
        outcomes.add(RowOutcome.failed(row.number(), row.key(), "lookup_not_found", null, problem));
        continue;
      }
      prepared.add(prepare(w, payload));
    }
    if (dryRun) {
      for (Prepared p : prepared) {
        MappedRow row = p.write.candidate().row();
        boolean create =
            p.write.action() == Action.CREATE
                || p.write.action() == Action.INTEGRATE && p.write.candidate().previousId() == null;
        outcomes.add(
            RowOutcome.of(
                row.number(),
                row.key(),
                create ? Outcome.CREATED : Outcome.UPDATED,
                p.write.sugarId()));
      }
      return outcomes;
    }
    List<RowState> states = new ArrayList<>();
    for (RowOutcome o : resolved.settled()) {
      states.add(settledState(o, batch));
    }
    if (prepared.isEmpty()) {
      persist(states);
      return outcomes;
    }
    List<WriteIntent> intents = new ArrayList<>();
    for (Prepared p : prepared) {
      MappedRow row = p.write.candidate().row();
      intents.add(
          new WriteIntent(
              row.key(),
              p.write.action().name().toLowerCase(java.util.Locale.ROOT),
              row.fingerprint(),
              row.valuesJson(),
              p.stampField,
              p.stampValue));
    }
    state.recordIntents(intents);
    List<BulkResult> results;
    try {
      // A 500 may come after Sugar ran part of the batch. Updates (the same values again) and
      // upserts by match key may be sent again; a plain create may not, since a repeat would
      // create the record twice: such a batch fails as bulk_failed and keeps its intents, so the
      // next run's recovery finds any record that did land.
      boolean safeToRepeat = prepared.stream().noneMatch(p -> p.write.action() == Action.CREATE);
      results = sender.send(prepared.stream().map(Prepared::request).toList(), safeToRepeat);
    } catch (SugarbridgeException e) {
      // Whether the writes landed is unknown. Creates keep their intents, so the next run looks
      // them up first; updates are sent again: their rows lose the confirmed fingerprint (keeping
      // the id), or a source that went back to those values would be reported unchanged while
      // Sugar may hold the unconfirmed ones.
      for (Prepared p : prepared) {
        MappedRow row = p.write.candidate().row();
        outcomes.add(
            RowOutcome.failed(
                row.number(),
                row.key(),
                "bulk_failed",
                code(e),
                "the bulk call failed: " + e.getMessage()));
        if (p.write.action() == Action.UPDATE) {
          states.add(new RowState(row.key(), null, null, RowState.FAILED, null, "bulk_failed"));
        }
      }
      persist(states);
      return outcomes;
    }
    for (int i = 0; i < prepared.size(); i++) {
      Prepared p = prepared.get(i);
      BulkResult r = results.get(i);
      MappedRow row = p.write.candidate().row();
      if (r.isSuccess()) {
        String id = id(r.contents(), p.write.sugarId());
        Outcome o =
            switch (p.write.action()) {
              case CREATE -> Outcome.CREATED;
              case UPDATE -> Outcome.UPDATED;
              case INTEGRATE -> r.status() == 201 ? Outcome.CREATED : Outcome.UPDATED;
            };
        RowOutcome out =
            row.warnings().isEmpty()
                ? RowOutcome.of(row.number(), row.key(), o, id)
                : new RowOutcome(
                    row.number(),
                    row.key(),
                    o,
                    id,
                    "warning",
                    null,
                    String.join("; ", row.warnings()));
        outcomes.add(out);
        states.add(
            new RowState(
                row.key(), row.fingerprint(), id, RowState.SYNCED, row.valuesJson(), null));
      } else {
        SugarApiException ex = r.toException();
        String message = ex == null ? "HTTP " + r.status() : ex.getMessage();
        if (p.write.action() == Action.UPDATE && r.status() == 404) {
          message =
              "record "
                  + p.write.sugarId()
                  + " no longer exists in Sugar (deleted?)"
                  + (spec.mode() == SyncMode.UPSERT ? "; the next run creates it again" : "")
                  + " ("
                  + message
                  + ")";
          state.forgetId(row.key());
        }
        outcomes.add(
            RowOutcome.failed(row.number(), row.key(), "sugar_error", r.errorCode(), message));
        states.add(new RowState(row.key(), null, null, RowState.FAILED, null, "sugar_error"));
      }
    }
    state.record(states);
    return outcomes;
  }

  private record Prepared(
      PlannedWrite write, BulkRequest request, String stampField, String stampValue) {}

  private Prepared prepare(PlannedWrite w, ObjectNode payload) {
    MappedRow row = w.candidate().row();
    String module = ApiCaller.encode(spec.module());
    MatchRule match = spec.match();
    switch (w.action()) {
      case UPDATE:
        return new Prepared(
            w,
            BulkRequest.put("/" + module + "/" + ApiCaller.encode(w.sugarId()), payload),
            null,
            null);
      case INTEGRATE:
        payload.remove(match.field());
        return new Prepared(
            w,
            new BulkRequest(
                "PATCH",
                "/integrate/"
                    + module
                    + "/"
                    + ApiCaller.encode(match.field())
                    + "/"
                    + ApiCaller.encode(row.matchValue()),
                payload,
                null),
            match.field(),
            row.matchValue());
      case CREATE:
      default:
        String sf = null;
        String sv = null;
        if (match != null
            && !match.byId()
            && row.matchValue() != null
            && spec.mode() != SyncMode.INSERT) {
          // The new record must carry its match value, or the next run would not find it.
          if (match.byEmail()) {
            if (!payload.has("email")) {
              ObjectNode item = JSON.createObjectNode();
              item.put("email_address", row.matchValue());
              item.put("primary_address", true);
              payload.putArray("email").add(item);
            }
          } else {
            payload.put(match.field(), row.matchValue());
            sf = match.field();
            sv = row.matchValue();
          }
        }
        if (sf == null && stampField != null) {
          sf = stampField;
          sv = SyncKeyStamp.of(stampNamespace, row.key());
          payload.put(stampField, sv);
        }
        return new Prepared(w, BulkRequest.post("/" + module, payload), sf, sv);
    }
  }

  private static Set<LookupRef> refs(List<PlannedWrite> writes) {
    Set<LookupRef> refs = new LinkedHashSet<>();
    for (PlannedWrite w : writes) {
      for (Object v : w.candidate().row().values().values()) {
        if (v instanceof LookupRef r) {
          refs.add(r);
        }
      }
    }
    return refs;
  }

  private static String id(JsonNode contents, String fallback) {
    if (contents == null) {
      return fallback;
    }
    if (contents.hasNonNull("id")) {
      return contents.get("id").asText();
    }
    JsonNode rec = contents.path("record");
    if (rec.isTextual()) {
      return rec.asText();
    }
    return rec.path("id").asText(fallback);
  }

  private static String code(SugarbridgeException e) {
    return e instanceof SugarApiException a ? a.errorCode() : null;
  }

  private List<RowOutcome> failAll(List<Candidate> rows, String reason, SugarbridgeException e) {
    List<RowOutcome> out = new ArrayList<>();
    List<RowState> states = new ArrayList<>();
    for (Candidate c : rows) {
      out.add(RowOutcome.failed(c.row().number(), c.row().key(), reason, code(e), e.getMessage()));
      states.add(new RowState(c.row().key(), null, null, RowState.FAILED, null, reason));
    }
    if (!dryRun) {
      state.record(states);
    }
    return out;
  }

  private void persistSettled(List<RowOutcome> settled, List<Candidate> batch) {
    if (dryRun) {
      return;
    }
    List<RowState> states = new ArrayList<>();
    settled.forEach(o -> states.add(settledState(o, batch)));
    if (!states.isEmpty()) {
      state.record(states);
    }
  }

  private void persist(List<RowState> states) {
    if (!states.isEmpty()) {
      state.record(states);
    }
  }

  /** Skipped rows keep their fingerprint (not retried while unchanged); failed ones do not. */
  private static RowState settledState(RowOutcome o, List<Candidate> batch) {
    Candidate c = batch.stream().filter(x -> x.row().number() == o.row()).findFirst().orElseThrow();
    boolean skipped = o.outcome() == Outcome.SKIPPED;
    return new RowState(
        o.key(),
        skipped ? c.row().fingerprint() : null,
        null,
        skipped ? RowState.SKIPPED : RowState.FAILED,
        null,
        o.reason());
  }
}
