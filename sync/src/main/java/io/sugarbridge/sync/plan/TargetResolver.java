package io.sugarbridge.sync.plan;

import io.sugarbridge.sync.mapping.RecordFinder;
import io.sugarbridge.sync.report.RowOutcome;
import io.sugarbridge.sync.spec.MatchRule;
import io.sugarbridge.sync.spec.SyncMode;
import io.sugarbridge.sync.state.RowState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides for a batch of candidates which record each one writes: the match rule's record found
 * with one {@code $in} call per batch (a value matching several records is {@code ambiguous}, not
 * guessed), else the record an earlier run created for the key, else a new one. Update mode never
 * creates ({@code not_found}); insert mode always creates; when matching by an external key field
 * in upsert mode and {@code /integrate} is allowed, Sugar decides create-or-update itself and no
 * lookup is needed.
 */
public final class TargetResolver {
  /** The planned writes of a batch and the rows settled without a write. */
  public record Resolved(List<PlannedWrite> writes, List<RowOutcome> settled) {}

  private final String module;
  private final SyncMode mode;
  private final MatchRule match;
  private final RecordFinder finder;
  private final boolean integrate;

  /**
   * The record each id of this run was resolved for, or is held by an unchanged row: its id (lower
   * case) to the row key. Shared with the diff, which notes the records of unchanged rows.
   */
  private final Map<String, String> claimedBy;

  /**
   * @param claimedBy the records already held in this run (see {@link #hold}), filled by both
   */
  public TargetResolver(
      String module,
      SyncMode mode,
      MatchRule match,
      RecordFinder finder,
      boolean integrate,
      Map<String, String> claimedBy) {
    this.module = module;
    this.mode = mode;
    this.match = match;
    this.finder = finder;
    this.integrate = integrate;
    this.claimedBy = claimedBy;
  }

  /**
   * Notes that the row with {@code key} holds record {@code sugarId} in this run without writing it
   * (reported unchanged): a later row of the run resolving to that record fails as {@code
   * duplicate_match} instead of overwriting it. Returns the other key when another row of this run
   * already wrote or holds that record, else null.
   */
  public static String hold(Map<String, String> claimedBy, String sugarId, String key) {
    synchronized (claimedBy) {
      String earlier = claimedBy.putIfAbsent(sugarId.toLowerCase(Locale.ROOT), key);
      return earlier == null || earlier.equals(key) ? null : earlier;
    }
  }

  /** True when creates and updates go through {@code /integrate} by the match field. */
  public boolean usesIntegrate() {
    return integrate;
  }

  public Resolved resolve(List<Candidate> batch) {
    return claim(resolveTargets(batch));
  }

  /**
   * Fails as {@code duplicate_match} every write whose record another row of this run also writes:
   * rows of this batch resolving to one record (by different match values, or one by its match and
   * another by the record an earlier run created for it), and rows resolving to a record an earlier
   * batch of this run already wrote for another key. None of this batch's claimants is written.
   */
  private Resolved claim(Resolved r) {
    Map<String, List<PlannedWrite>> byId = new LinkedHashMap<>();
    for (PlannedWrite w : r.writes()) {
      if (w.sugarId() != null) {
        byId.computeIfAbsent(w.sugarId().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(w);
      }
    }
    Set<PlannedWrite> refused = new HashSet<>();
    List<RowOutcome> settled = new ArrayList<>(r.settled());
    for (Map.Entry<String, List<PlannedWrite>> e : byId.entrySet()) {
      List<PlannedWrite> group = e.getValue();
      String earlier;
      synchronized (claimedBy) {
        earlier = claimedBy.get(e.getKey());
        if (earlier == null && group.size() == 1) {
          claimedBy.put(e.getKey(), group.get(0).candidate().row().key());
          continue;
        }
      }
      for (PlannedWrite w : group) {
        Set<String> others = new LinkedHashSet<>();
        if (earlier != null) {
          others.add(earlier);
        }
        group.forEach(o -> others.add(o.candidate().row().key()));
        String key = w.candidate().row().key();
        others.remove(key);
        if (others.isEmpty()) {
          // Written again for the same key (e.g. retried): not a second claimant.
          continue;
        }
        refused.add(w);
        settled.add(
            RowOutcome.failed(
                w.candidate().row().number(),
                key,
                "duplicate_match",
                null,
                "the rows with keys "
                    + MatchClaims.describe(List.copyOf(others))
                    + " also resolve to "
                    + module
                    + " record "
                    + w.sugarId()
                    + (earlier != null && others.contains(earlier)
                        ? " (key " + earlier + " was written to it or holds it earlier in this run)"
                        : "")
                    + "; this row was not sent. Give each row its own "
                    + (match == null ? "record" : match.column() + " value")
                    + " or match by another field"));
      }
    }
    if (refused.isEmpty()) {
      return r;
    }
    List<PlannedWrite> writes = new ArrayList<>(r.writes());
    writes.removeAll(refused);
    return new Resolved(writes, settled);
  }

  private Resolved resolveTargets(List<Candidate> batch) {
    List<PlannedWrite> writes = new ArrayList<>();
    List<RowOutcome> settled = new ArrayList<>();
    if (mode == SyncMode.INSERT) {
      for (Candidate c : batch) {
        // A known id whose last write was never confirmed: the record this row's create made
        // (found by recovery); finishing that create is an update, another create a duplicate.
        boolean unconfirmed =
            c.previousId() != null && !RowState.SYNCED.equals(c.previous().status());
        writes.add(
            unconfirmed
                ? new PlannedWrite(c, Action.UPDATE, c.previousId())
                : new PlannedWrite(c, Action.CREATE, null));
      }
      return new Resolved(writes, settled);
    }
    if (match == null) {
      for (Candidate c : batch) {
        writes.add(
            c.previousId() != null
                ? new PlannedWrite(c, Action.UPDATE, c.previousId())
                : new PlannedWrite(c, Action.CREATE, null));
      }
      return new Resolved(writes, settled);
    }
    if (integrate && mode == SyncMode.UPSERT) {
      for (Candidate c : batch) {
        if (c.row().matchValue() == null) {
          writes.add(
              c.previousId() != null
                  ? new PlannedWrite(c, Action.UPDATE, c.previousId())
                  : new PlannedWrite(c, Action.CREATE, null));
        } else {
          writes.add(new PlannedWrite(c, Action.INTEGRATE, null));
        }
      }
      return new Resolved(writes, settled);
    }
    Set<String> values = new HashSet<>();
    for (Candidate c : batch) {
      if (c.row().matchValue() != null) {
        values.add(c.row().matchValue());
      }
      if (match.byId() && c.previousId() != null) {
        values.add(c.previousId());
      }
    }
    Map<String, List<String>> found =
        values.isEmpty() ? Map.of() : finder.find(module, match.field(), values);
    for (Candidate c : batch) {
      String mv = c.row().matchValue();
      List<String> ids =
          mv == null ? List.of() : found.getOrDefault(mv.toLowerCase(Locale.ROOT), List.of());
      if (ids.size() > 1) {
        settled.add(
            RowOutcome.failed(
                c.row().number(),
                c.row().key(),
                "ambiguous",
                null,
                ids.size()
                    + " "
                    + module
                    + " records have "
                    + match.field()
                    + " = '"
                    + mv
                    + "' ("
                    + String.join(", ", ids.subList(0, Math.min(3, ids.size())))
                    + "); make the value unique in Sugar or match by another field"));
        continue;
      }
      String id = ids.isEmpty() ? null : ids.get(0);
      if (id == null && c.previousId() != null) {
        // The record an earlier run wrote, e.g. before the row's match value changed.
        boolean stillThere =
            !match.byId() || found.containsKey(c.previousId().toLowerCase(Locale.ROOT));
        if (stillThere) {
          id = c.previousId();
        }
      }
      if (id != null) {
        writes.add(new PlannedWrite(c, Action.UPDATE, id));
      } else if (mode == SyncMode.UPDATE) {
        settled.add(
            RowOutcome.skipped(
                c.row().number(),
                c.row().key(),
                "not_found",
                mv == null
                    ? "column "
                        + match.column()
                        + " is empty, so no record can be matched; update"
                        + " mode never creates"
                    : "no "
                        + module
                        + " record has "
                        + match.field()
                        + " = '"
                        + mv
                        + "'; update mode never creates (use upsert to create it)"));
      } else {
        writes.add(new PlannedWrite(c, Action.CREATE, null));
      }
    }
    return new Resolved(writes, settled);
  }
}
