package io.sugarbridge.sync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a run (or of a plan, when {@link #dryRun()}): counts per outcome that always add up
 * to the source rows read, the time taken, the error file, the rows sent with warnings (counted,
 * the first {@value #WARNING_SAMPLE} listed), and for plans a sample of rows with their field
 * changes. {@link #summary()} is the one line the command line prints; {@link #toJson()} is the
 * {@code --json} form.
 */
public record RunReport(
    String syncName,
    long runId,
    boolean dryRun,
    Instant startedAt,
    Instant endedAt,
    long rows,
    Map<Outcome, Long> counts,
    Path errorFile,
    long errorEntries,
    List<PlannedRow> sample,
    long warnedRows,
    List<RowOutcome> warnings) {

  /** How many rows sent with warnings a report lists (all of them are counted). */
  public static final int WARNING_SAMPLE = 20;

  /** How many failing rows a plan lists with their reasons (all of them are counted). */
  public static final int FAILURE_SAMPLE = 100;

  public RunReport {
    warnings = List.copyOf(warnings);
    EnumMap<Outcome, Long> c = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      c.put(o, counts.getOrDefault(o, 0L));
    }
    counts = java.util.Collections.unmodifiableMap(c);
    sample = List.copyOf(sample);
  }

  public long count(Outcome o) {
    return counts.get(o);
  }

  /** True when some rows failed (the command line exits 3). */
  public boolean hasFailures() {
    return count(Outcome.FAILED) > 0;
  }

  /**
   * The command line's exit code for a finished run: 0 when no row failed, 3 when some did
   * (configuration errors, 2, and runs that could not finish, 1, end in exceptions instead).
   */
  public int exitCode() {
    return hasFailures() ? 3 : 0;
  }

  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /** E.g. {@code contacts: 120 rows: 100 created, 10 updated, 5 unchanged, 3 skipped, 2 failed}. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(syncName).append(dryRun ? " (plan, nothing written)" : "").append(": ");
    b.append(rows).append(rows == 1 ? " row: " : " rows: ");
    String[] verbs =
        dryRun
            ? new String[] {"to create", "to update", "unchanged", "to skip", "would fail"}
            : new String[] {"created", "updated", "unchanged", "skipped", "failed"};
    Outcome[] all = Outcome.values();
    for (int i = 0; i < all.length; i++) {
      b.append(i == 0 ? "" : ", ").append(count(all[i])).append(' ').append(verbs[i]);
    }
    long ms = duration().toMillis();
    b.append(" in ").append(String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
    if (warnedRows > 0) {
      b.append("; ")
          .append(warnedRows)
          .append(warnedRows == 1 ? " row " : " rows ")
          .append(dryRun ? "would be sent" : "sent")
          .append(" with warnings, e.g. row ")
          .append(warnings.get(0).row())
          .append(": ")
          .append(warnings.get(0).warnings().get(0));
    }
    if (errorEntries > 0 && errorFile != null) {
      b.append(warnedRows > 0 ? " (row errors and warnings: " : " (row errors: ")
          .append(errorFile)
          .append(')');
    }
    return b.toString();
  }

  public ObjectNode toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode n = m.createObjectNode();
    n.put("sync", syncName);
    n.put("run_id", runId);
    n.put("dry_run", dryRun);
    n.put("started_at", startedAt.toString());
    n.put("ended_at", endedAt.toString());
    n.put("rows", rows);
    ObjectNode c = n.putObject("counts");
    counts.forEach((k, v) -> c.put(k.label(), v));
    n.put("error_file", errorFile == null ? null : errorFile.toString());
    n.put("error_entries", errorEntries);
    n.put("warned_rows", warnedRows);
    ArrayNode w = n.putArray("warnings");
    for (RowOutcome o : warnings) {
      ObjectNode r = w.addObject();
      r.put("row", o.row());
      r.put("key", o.key());
      r.put("outcome", o.outcome().label());
      ArrayNode list = r.putArray("warnings");
      o.warnings().forEach(list::add);
    }
    n.put("summary", summary());
    if (!sample.isEmpty()) {
      ArrayNode s = n.putArray("sample");
      for (PlannedRow p : sample) {
        ObjectNode r = s.addObject();
        r.put("row", p.outcome().row());
        r.put("key", p.outcome().key());
        r.put("outcome", p.outcome().outcome().label());
        r.put("sugar_id", p.outcome().sugarId());
        r.put("reason", p.outcome().reason());
        r.put("message", p.outcome().message());
        if (!p.outcome().warnings().isEmpty()) {
          ArrayNode list = r.putArray("warnings");
          p.outcome().warnings().forEach(list::add);
        }
        ObjectNode ch = r.putObject("changes");
        for (FieldChange f : p.changes()) {
          ObjectNode fc = ch.putObject(f.field());
          fc.put("before", f.before());
          fc.put("after", f.after());
        }
      }
    }
    return n;
  }
}
