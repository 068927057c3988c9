package io.sugarbridge.sync;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SugarSandbox;
import io.sugarbridge.sync.SyncModel.Classified;
import io.sugarbridge.sync.SyncModel.Kind;
import io.sugarbridge.sync.report.Outcome;
import io.sugarbridge.sync.report.RunReport;
import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import io.sugarbridge.testsupport.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The model-based test of warehouse sync (issue 9, "the invariant as a test"). Each sequence starts
 * two sandboxes (instances A and B), a real DuckDB warehouse file and two sync files over the same
 * keys and module, then drives random steps ({@link ModelStep}): source edits (new, changed and
 * removed rows, duplicate keys, shared match values, values that fail checks), runs, {@code --full}
 * runs, runs hit by bursts of 401/429/500/503/dropped connections, runs in a child JVM killed with
 * SIGKILL, and switching the connection file between the instances. After every step it checks the
 * run's report and error file against {@link SyncModel#classify} and every record of both instances
 * against the model; the invariants are listed in {@code docs/sync-spec.md} ("What the model-based
 * test checks").
 *
 * <p>CI runs {@value #CI_SEQUENCES} sequences of {@value #CI_LENGTH} steps with fixed seeds. {@code
 * -Dsugarbridge.model.tries=N}, {@code .seed=S}, {@code .length=L}, {@code .replay=STEPS}, {@code
 * .without=FLAGS} and {@code .shrink=true} run more, replay one, or shrink a failure. A failure
 * prints its seed, its steps with what each did, and the command that replays it.
 *
 * <p>The sequences run two at a time (see {@code junit-platform.properties}): each has its own
 * sandboxes, warehouse, files and child JVMs, and much of a sequence's time is spent waiting for a
 * child JVM to start and reach its kill point.
 */
@Execution(ExecutionMode.CONCURRENT)
class SyncModelTest {
  /**
   * Operations whose intended behaviour is defined by issue 9 points 1 to 5 and which the code
   * before those fixes gets wrong. They are all ON: the test states the intended behaviour and must
   * fail until the fixes are in. {@code -Dsugarbridge.model.without=switch,shared-match} leaves
   * operations out, to look for failures of other kinds meanwhile; CI never sets it.
   */
  enum PendingFix {
    INSTANCE_SWITCH("switch", 1, "switching the connection file between the two instances"),
    SECOND_SYNC("second-sync", 2, "sync b, a second sync over the same module and key values"),
    PLAIN_EMAIL("plain-email", 3, "sync a mapping `email: email` (odd seeds) instead of {email:}"),
    SHARED_MATCH("shared-match", 4, "rows sharing a match value (email) in one run"),
    RETRY_500("fault-500", 5, "bursts of HTTP 500");

    final String flag;
    final int point;
    final String what;

    PendingFix(String flag, int point, String what) {
      this.flag = flag;
      this.point = point;
      this.what = what;
    }

    static Set<PendingFix> parse(String s) {
      Set<PendingFix> out = EnumSet.noneOf(PendingFix.class);
      if (s == null || s.isBlank()) {
        return out;
      }
      for (String f : s.split(",")) {
        PendingFix p =
            Arrays.stream(values())
                .filter(v -> v.flag.equals(f.strip()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "sugarbridge.model.without: unknown '"
                                + f
                                + "'; known: "
                                + Arrays.stream(values())
                                    .map(v -> v.flag)
                                    .collect(Collectors.joining(","))));
        out.add(p);
      }
      return out;
    }
  }

  static final long BASE_SEED = 20_261_202L;
  static final int CI_SEQUENCES = 16;
  static final int CI_LENGTH = 14;

  // Invariant names, as docs/sync-spec.md lists them.
  static final String COUNTS = "counts_add_up";
  static final String ONE_OUTCOME = "one_outcome_per_row";
  static final String REASONS = "failures_have_reasons";
  static final String EXPECTED = "expected_outcome";
  static final String DUPLICATE_MATCH = "duplicate_match";
  static final String VALID_ROWS_SYNC = "valid_rows_sync";
  static final String RUNS_FINISH = "runs_finish";
  static final String OUTCOME_COUNTS = "outcome_counts";
  static final String SUGAR_MATCHES = "sugar_matches_model";
  static final String ONE_RECORD = "one_record_per_key";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of(
          "id",
          "first_name",
          "last_name",
          "email",
          "lead_source",
          "department",
          "customer_key_c",
          "sync_key");

  @TempDir static Path root;

  /** The run's settings, from system properties. */
  record Config(long[] seeds, int length, String replay, Set<PendingFix> without, boolean shrink) {
    static Config fromSystemProperties() {
      String seed = System.getProperty("sugarbridge.model.seed");
      String tries = System.getProperty("sugarbridge.model.tries");
      String replay = System.getProperty("sugarbridge.model.replay");
      long first = seed == null || seed.isBlank() ? BASE_SEED : Long.parseLong(seed.strip());
      int n =
          tries != null && !tries.isBlank()
              ? Integer.parseInt(tries.strip())
              : seed != null && !seed.isBlank() || replay != null && !replay.isBlank()
                  ? 1
                  : CI_SEQUENCES;
      String length = System.getProperty("sugarbridge.model.length");
      return new Config(
          LongStream.range(first, first + n).toArray(),
          length == null || length.isBlank() ? CI_LENGTH : Integer.parseInt(length.strip()),
          replay == null || replay.isBlank() ? null : replay,
          PendingFix.parse(System.getProperty("sugarbridge.model.without")),
          Boolean.parseBoolean(System.getProperty("sugarbridge.model.shrink")));
    }

    String command(long seed, List<ModelStep> steps) {
      StringBuilder b =
          new StringBuilder(
              "mvn -B -pl sync -am test -Dtest=SyncModelTest"
                  + " -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true");
      b.append(" -Dsugarbridge.model.seed=").append(seed);
      b.append(" -Dsugarbridge.model.replay=")
          .append(steps.stream().map(ModelStep::toString).collect(Collectors.joining(",")));
      if (!without.isEmpty()) {
        b.append(" -Dsugarbridge.model.without=")
            .append(without.stream().map(p -> p.flag).collect(Collectors.joining(",")));
      }
      return b.toString();
    }
  }

  @TestFactory
  Stream<DynamicTest> sequences() {
    Config cfg = Config.fromSystemProperties();
    // Several replays, separated by ';', run one after the other with the same seed.
    Stream<Map.Entry<Long, String>> runs =
        cfg.replay() == null
            ? Arrays.stream(cfg.seeds()).mapToObj(seed -> Map.entry(seed, ""))
            : Arrays.stream(cfg.replay().split(";"))
                .filter(r -> !r.isBlank())
                .map(r -> Map.entry(cfg.seeds()[0], r.strip()));
    return runs.map(
        run ->
            DynamicTest.dynamicTest(
                "sequence seed "
                    + run.getKey()
                    + (run.getValue().isEmpty() ? "" : " " + run.getValue()),
                () -> {
                  long seed = run.getKey();
                  List<ModelStep> steps =
                      run.getValue().isEmpty()
                          ? ModelStep.generate(seed, cfg.length(), cfg.without())
                          : ModelStep.parseAll(run.getValue());
                  Failure f = runSequence(cfg, seed, steps, "run");
                  if (f == null) {
                    System.out.println(
                        "model sequence seed "
                            + seed
                            + " passed: "
                            + String.join(" ", steps.stream().map(ModelStep::toString).toList()));
                  }
                  if (f != null) {
                    String report = f.describe(cfg);
                    if (cfg.shrink()) {
                      report += "\n\n" + shrink(cfg, f).describe(cfg).replace("\n", "\n  ");
                    }
                    fail(report);
                  }
                }));
  }

  private static final AtomicInteger attempts = new AtomicInteger();

  private static Failure runSequence(Config cfg, long seed, List<ModelStep> steps, String label) {
    Path dir = root.resolve("seed-" + seed + "-" + label + "-" + attempts.incrementAndGet());
    try (Sequence s = new Sequence(dir, seed, steps, cfg.without())) {
      return s.run();
    }
  }

  /** Drops steps one by one while the sequence still breaks the same invariant first. */
  private static Failure shrink(Config cfg, Failure failure) {
    Failure best = failure;
    boolean progress = true;
    int budget = 60;
    while (progress && budget > 0) {
      progress = false;
      for (int i = best.steps.size() - 1; i >= 0 && budget > 0; i--) {
        List<ModelStep> cand = new ArrayList<>(best.steps);
        cand.remove(i);
        if (cand.isEmpty()) {
          continue;
        }
        budget--;
        Failure f = runSequence(cfg, best.seed, cand, "shrink");
        if (f != null && f.invariant().equals(best.invariant())) {
          best = f;
          progress = true;
          break;
        }
      }
    }
    return best.shrunk();
  }

  record Violation(String invariant, String detail) {
    @Override
    public String toString() {
      return "[" + invariant + "] " + detail;
    }
  }

  /** A sequence that broke an invariant: its steps up to the failing one, and what it saw. */
  static final class Failure {
    final long seed;
    final List<ModelStep> steps;
    final List<String> log;
    final List<Violation> violations;
    final String variant;
    final String table;
    final boolean minimal;

    Failure(
        long seed,
        List<ModelStep> steps,
        List<String> log,
        List<Violation> violations,
        String variant,
        String table,
        boolean minimal) {
      this.seed = seed;
      this.steps = steps;
      this.log = log;
      this.violations = violations;
      this.variant = variant;
      this.table = table;
      this.minimal = minimal;
    }

    String invariant() {
      return violations.get(0).invariant();
    }

    Failure shrunk() {
      return new Failure(seed, steps, log, violations, variant, table, true);
    }

    String describe(Config cfg) {
      StringBuilder b = new StringBuilder();
      b.append(minimal ? "Shrunk sequence" : "Model-based sync test: sequence")
          .append(" (seed ")
          .append(seed)
          .append(", ")
          .append(variant)
          .append(") broke ")
          .append(violations.stream().map(Violation::invariant).distinct().toList())
          .append(" at step ")
          .append(steps.size())
          .append(" (")
          .append(steps.get(steps.size() - 1))
          .append("):\n");
      violations.stream().limit(15).forEach(v -> b.append("  ").append(v).append('\n'));
      if (violations.size() > 15) {
        b.append("  ... and ").append(violations.size() - 15).append(" more\n");
      }
      b.append("Steps:\n");
      log.forEach(l -> b.append("  ").append(l).append('\n'));
      b.append("Table at the failure: ").append(table).append('\n');
      b.append("Replay: ").append(cfg.command(seed, steps));
      return b.toString();
    }
  }

  /** One sequence: two sandboxes, a warehouse, two sync files, a model, and the steps. */
  static final class Sequence implements AutoCloseable {
    final Path dir;
    final long seed;
    final List<ModelStep> steps;
    final boolean plainEmail;
    final SyncModel model;
    final Map<String, SandboxFixture> sandboxes = new LinkedHashMap<>();
    final Map<String, SugarClient> readers = new HashMap<>();
    final List<String> log = new ArrayList<>();
    String current = "A";

    Sequence(Path dir, long seed, List<ModelStep> steps, Set<PendingFix> without) {
      this.dir = dir;
      this.seed = seed;
      this.steps = steps;
      this.plainEmail = !without.contains(PendingFix.PLAIN_EMAIL) && (seed & 1) == 1;
      this.model = new SyncModel(!without.contains(PendingFix.SHARED_MATCH));
      try {
        Files.createDirectories(dir);
        for (String inst : List.of("A", "B")) {
          Path data = Files.createDirectories(dir.resolve("sandbox-" + inst));
          SandboxFixture fx = new SandboxFixture(data);
          sandboxes.put(inst, fx);
          readers.put(inst, fx.client());
        }
        writeConnection();
        Files.writeString(dir.resolve("a.yaml"), syncFile("a"));
        Files.writeString(dir.resolve("b.yaml"), syncFile("b"));
        writeWarehouse();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String variant() {
      return plainEmail ? "sync a maps email: email (plain column)" : "sync a maps email: {email:}";
    }

    private String syncFile(String sync) {
      boolean a = sync.equals("a");
      return "name: contacts-"
          + sync
          + "\n"
          + "source: {url: \"duckdb:warehouse.duckdb\", query: \"select * from people order by"
          + " ord\"}\n"
          + "key: customer_id\n"
          + "target: {module: Contacts, mode: upsert"
          + (a ? ", match: {field: email, column: email}" : "")
          + "}\n"
          + "mappings:\n"
          + (a
              ? "  first_name: first_name\n"
                  + (plainEmail ? "  email: email\n" : "  email: {email: email}\n")
              : "  first_name: {column: first_name, transform: upper}\n")
          + "  last_name: last_name\n"
          + "  lead_source: lead_source\n"
          + "  department: {const: sync-"
          + sync
          + "}\n"
          + "  customer_key_c: customer_id\n"
          + "batch_size: 3\n"
          + "concurrency: 2\n";
    }

    private void writeConnection() {
      sandboxes.get(current).writeConnectionFile(dir, "sync-second");
    }

    private void writeWarehouse() {
      try (Connection c =
              DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
          Statement s = c.createStatement()) {
        s.execute(
            "create or replace table people(ord integer, customer_id varchar, first_name varchar,"
                + " last_name varchar, email varchar, lead_source varchar)");
        try (PreparedStatement p = c.prepareStatement("insert into people values (?,?,?,?,?,?)")) {
          int ord = 0;
          for (SyncModel.Row r : model.rows) {
            p.setInt(1, ++ord);
            p.setString(2, r.key());
            p.setString(3, r.first());
            p.setString(4, r.last());
            p.setString(5, r.email());
            p.setString(6, r.leadSource());
            p.addBatch();
          }
          if (ord > 0) {
            p.executeBatch();
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot write the model's warehouse: " + e, e);
      }
    }

    Failure run() {
      for (int i = 0; i < steps.size(); i++) {
        ModelStep step = steps.get(i);
        List<Violation> violations = new ArrayList<>();
        String detail;
        try {
          detail = apply(step, violations);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        log.add((i + 1) + ". " + step + "  " + detail);
        System.out.println("model seed " + seed + " " + log.get(log.size() - 1));
        violations.addAll(checkSugar());
        if (!violations.isEmpty()) {
          return new Failure(
              seed,
              List.copyOf(steps.subList(0, i + 1)),
              List.copyOf(log),
              violations,
              variant(),
              model.rows.toString(),
              false);
        }
      }
      return null;
    }

    private String apply(ModelStep step, List<Violation> violations) throws IOException {
      if (step instanceof ModelStep.Edit e) {
        String did = model.edit(e.seed());
        writeWarehouse();
        return did + " -> " + model.rows.size() + " rows";
      }
      if (step instanceof ModelStep.Run r) {
        return run(r.sync(), r.full(), null, violations);
      }
      if (step instanceof ModelStep.Fault f) {
        return run(f.sync(), false, f, violations);
      }
      if (step instanceof ModelStep.Kill k) {
        return kill(k.sync(), k.afterBulk());
      }
      current = current.equals("A") ? "B" : "A";
      writeConnection();
      return "the connection file now points at instance " + current;
    }

    // ---- runs ---------------------------------------------------------------------------------

    private String run(String sync, boolean full, ModelStep.Fault fault, List<Violation> out) {
      String inst = current;
      SugarSandbox sb = sandboxes.get(inst).sandbox;
      List<Classified> cls = model.classify(sync);
      Map<Long, Set<Outcome>> predicted = predict(inst, sync, cls, full);
      int base = sb.requestLog().size();
      RunReport report = null;
      RuntimeException error = null;
      try (FaultBurst burst =
          fault == null ? null : new FaultBurst(sb, fault.kind(), fault.at(), base)) {
        SyncSpec spec = SyncSpecReader.read(dir.resolve(sync + ".yaml"));
        report = SyncEngine.forSpec(spec).run(spec, SyncOptions.defaults().withFull(full));
      } catch (RuntimeException e) {
        error = e;
      } finally {
        sb.faults().set(FaultSettings.none());
      }
      List<RequestLogEntry> calls = sb.requestLog();
      List<RequestLogEntry> faulted =
          calls.subList(Math.min(base, calls.size()), calls.size()).stream()
              .filter(c -> c.fault() != null)
              .toList();
      // A 500 or a dropped connection may follow work done: a /bulk with creates is then not
      // resent (it could create twice), its rows fail as bulk_failed and the next run recovers.
      boolean bulk500 =
          faulted.stream()
              .anyMatch(
                  c ->
                      ("fatal_error".equals(c.fault()) || "dropped_connection".equals(c.fault()))
                          && c.path().endsWith("/bulk"));
      String detail =
          sync
              + " on "
              + inst
              + ": "
              + (report != null ? report.summary() : "ABORTED: " + error)
              + (fault == null
                  ? ""
                  : "; faulted: "
                      + (faulted.isEmpty() && fault.kind().equals("401")
                          ? "tokens expired"
                          : faulted.isEmpty()
                              ? "none (the run made fewer calls)"
                              : faulted.stream()
                                  .map(c -> c.method() + " " + c.path() + " " + c.fault())
                                  .collect(Collectors.joining(", "))));
      if (report == null) {
        out.add(
            new Violation(
                RUNS_FINISH,
                "the run of sync "
                    + sync
                    + " ended with "
                    + error
                    + (fault == null
                        ? ""
                        : " after a short "
                            + fault.kind()
                            + " burst, which the"
                            + " client must ride out")));
        for (Classified c : cls) {
          if (c.kind() == Kind.VALID || c.kind() == Kind.SHARED) {
            model.mayHave(inst, sync, c.row().key(), SyncModel.expected(sync, c.row()));
          }
        }
        return detail;
      }
      Map<Long, JsonNode> entries = errorEntries(report, cls.size(), out);
      out.addAll(checkReport(sync, cls, predicted, report, entries, fault != null, bulk500));
      for (Classified c : cls) {
        if (c.kind() != Kind.VALID && c.kind() != Kind.SHARED) {
          continue;
        }
        Map<String, String> v = SyncModel.expected(sync, c.row());
        if (!entries.containsKey(c.number())) {
          model.settle(inst, sync, c.row().key(), v);
        } else if (fault != null) {
          model.mayHave(inst, sync, c.row().key(), v);
        }
      }
      return detail;
    }

    /** The outcomes a row may get when it is not failed or skipped, from what Sugar holds. */
    private Map<Long, Set<Outcome>> predict(
        String inst, String sync, List<Classified> cls, boolean full) {
      Map<Long, Set<Outcome>> out = new HashMap<>();
      Set<Outcome> any = EnumSet.of(Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED);
      for (Classified c : cls) {
        if (c.kind() == Kind.SHARED) {
          out.put(c.number(), any);
        } else if (c.kind() == Kind.VALID) {
          Set<Map<String, String>> p = model.possible(inst, sync, c.row().key());
          Map<String, String> v = SyncModel.expected(sync, c.row());
          Set<Outcome> o;
          if (p.size() > 1) {
            o = any;
          } else if (p.contains(SyncModel.ABSENT)) {
            o = EnumSet.of(Outcome.CREATED);
          } else if (p.contains(v) && !full) {
            // Updated when the state remembers a failure since (e.g. a shared match value).
            o = EnumSet.of(Outcome.UNCHANGED, Outcome.UPDATED);
          } else {
            o = EnumSet.of(Outcome.UPDATED);
          }
          out.put(c.number(), o);
        }
      }
      return out;
    }

    /** The failed and skipped rows of the run's error file, by row number. */
    private Map<Long, JsonNode> errorEntries(RunReport report, int rows, List<Violation> out) {
      Map<Long, JsonNode> byRow = new HashMap<>();
      Path file = report.errorFile();
      if (file == null || !Files.exists(dir.resolve(file))) {
        if (report.count(Outcome.FAILED) + report.count(Outcome.SKIPPED) > 0) {
          out.add(
              new Violation(
                  ONE_OUTCOME, "the run failed or skipped rows but wrote no error file: " + file));
        }
        return byRow;
      }
      try {
        for (String line : Files.readAllLines(dir.resolve(file))) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode e = JSON.readTree(line);
          String outcome = e.path("outcome").asText();
          if (!outcome.equals("failed") && !outcome.equals("skipped")) {
            continue;
          }
          long row = e.path("row").asLong(-1);
          if (row < 1 || row > rows) {
            out.add(new Violation(ONE_OUTCOME, "error file entry for row " + row + ": " + line));
          }
          if (byRow.put(row, e) != null) {
            out.add(new Violation(ONE_OUTCOME, "row " + row + " has two outcomes: " + line));
          }
          if (e.path("reason").asText("").isBlank() || e.path("reason").isNull()) {
            out.add(new Violation(REASONS, "row " + row + " " + outcome + " without a reason"));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return byRow;
    }

    private List<Violation> checkReport(
        String sync,
        List<Classified> cls,
        Map<Long, Set<Outcome>> predicted,
        RunReport report,
        Map<Long, JsonNode> entries,
        boolean faultRun,
        boolean bulk500) {
      List<Violation> v = new ArrayList<>();
      long sum = report.counts().values().stream().mapToLong(Long::longValue).sum();
      if (report.rows() != cls.size() || sum != report.rows()) {
        v.add(
            new Violation(
                COUNTS,
                "the table has "
                    + cls.size()
                    + " rows, the run read "
                    + report.rows()
                    + " and its counts add up to "
                    + sum));
      }
      for (Outcome o : List.of(Outcome.FAILED, Outcome.SKIPPED)) {
        long inFile =
            entries.values().stream()
                .filter(e -> e.path("outcome").asText().equals(o.label()))
                .count();
        if (inFile != report.count(o)) {
          v.add(
              new Violation(
                  ONE_OUTCOME,
                  report.count(o) + " rows " + o.label() + " but the error file lists " + inFile));
        }
      }
      for (Classified c : cls) {
        JsonNode e = entries.get(c.number());
        String got =
            e == null ? "synced" : e.path("outcome").asText() + "/" + e.path("reason").asText();
        String row = "row " + c.number() + " " + c.row();
        switch (c.kind()) {
          case NO_KEY, INVALID -> {
            if (!got.equals("failed/invalid_row")) {
              v.add(new Violation(EXPECTED, row + " must fail as invalid_row, got " + got));
            }
          }
          case DUP_KEY -> {
            if (!got.equals("skipped/duplicate_key")) {
              v.add(new Violation(EXPECTED, row + " must be skipped as duplicate_key, got " + got));
            }
          }
          case VALID -> {
            if (e != null && !(faultRun && bulk500 && got.equals("failed/bulk_failed"))) {
              v.add(
                  new Violation(
                      VALID_ROWS_SYNC,
                      row
                          + " is valid but got "
                          + got
                          + ": "
                          + e.path("message").asText()
                          + (faultRun
                              ? " (only a 500 or a dropped connection on /bulk may fail a row)"
                              : "")));
            }
          }
          case SHARED -> {}
        }
      }
      for (Map.Entry<String, List<Classified>> g : SyncModel.sharedGroups(cls).entrySet()) {
        List<String> written = new ArrayList<>();
        for (Classified c : g.getValue()) {
          JsonNode e = entries.get(c.number());
          if (e == null) {
            written.add(c.row().key());
            continue;
          }
          String got = e.path("outcome").asText() + "/" + e.path("reason").asText();
          if (!got.equals("failed/duplicate_match")
              && !(faultRun && bulk500 && got.equals("failed/bulk_failed"))) {
            v.add(
                new Violation(
                    DUPLICATE_MATCH,
                    "row "
                        + c.number()
                        + " "
                        + c.row()
                        + " shares email "
                        + g.getKey()
                        + " with another row of the run; it must fail as duplicate_match, got "
                        + got));
          }
        }
        if (written.size() > 1) {
          v.add(
              new Violation(
                  DUPLICATE_MATCH,
                  "rows with keys "
                      + written
                      + " share email "
                      + g.getKey()
                      + " and were all reported synced; at most one may be written, the others"
                      + " fail as duplicate_match"));
        }
      }
      for (Outcome o : List.of(Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED)) {
        long lo = 0;
        long hi = 0;
        List<String> only = new ArrayList<>();
        for (Classified c : cls) {
          Set<Outcome> p = predicted.get(c.number());
          if (p == null || entries.containsKey(c.number())) {
            continue;
          }
          if (p.equals(EnumSet.of(o))) {
            lo++;
            only.add(c.row().key());
          }
          if (p.contains(o)) {
            hi++;
          }
        }
        long n = report.count(o);
        if (n < lo || n > hi) {
          v.add(
              new Violation(
                  OUTCOME_COUNTS,
                  n
                      + " rows "
                      + o.label()
                      + ", but the model allows "
                      + lo
                      + " to "
                      + hi
                      + (only.isEmpty() ? "" : " (must be " + o.label() + ": " + only + ")")));
        }
      }
      return v;
    }

    /** Sync in a child JVM, killed with SIGKILL once the sandbox answered afterBulk /bulk calls. */
    private String kill(String sync, int afterBulk) throws IOException {
      String inst = current;
      SugarSandbox sb = sandboxes.get(inst).sandbox;
      List<Classified> cls = model.classify(sync);
      // Slow answers keep the child mid-run, between recording intents and confirming them.
      sb.faults().set(FaultSettings.none().withLatency(Duration.ofMillis(40)));
      long base = bulkCalls(sb);
      Path childLog = dir.resolve("child-" + log.size() + ".log");
      JavaProcess child =
          JavaProcess.of(KilledRunMain.class.getName(), dir.resolve(sync + ".yaml").toString())
              .jvmOptions("-XX:TieredStopAtLevel=1")
              .start(childLog);
      Instant deadline = Instant.now().plusSeconds(120);
      while (child.isAlive()
          && bulkCalls(sb) < base + afterBulk
          && Instant.now().isBefore(deadline)) {
        LockSupport.parkNanos(1_000_000);
      }
      boolean killed = child.isAlive();
      try {
        child.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      // Calls the child sent before it died are still answered; let them land before checking.
      int seen = -1;
      while (seen != sb.requestLog().size()) {
        seen = sb.requestLog().size();
        LockSupport.parkNanos(300_000_000);
      }
      sb.faults().set(FaultSettings.none());
      for (Classified c : cls) {
        if (c.kind() == Kind.VALID || c.kind() == Kind.SHARED) {
          model.mayHave(inst, sync, c.row().key(), SyncModel.expected(sync, c.row()));
        }
      }
      List<String> out = Files.readAllLines(childLog);
      return sync
          + " on "
          + inst
          + ": "
          + (killed
              ? "killed (SIGKILL) after " + (bulkCalls(sb) - base) + " /bulk calls answered"
              : "finished before the kill point (exit "
                  + child.process().exitValue()
                  + "): "
                  + (out.isEmpty() ? "" : out.get(out.size() - 1)));
    }

    private static long bulkCalls(SugarSandbox sb) {
      return sb.requestLog().stream().filter(e -> e.path().endsWith("/bulk")).count();
    }

    // ---- Sugar against the model ---------------------------------------------------------------

    private List<Violation> checkSugar() {
      List<Violation> v = new ArrayList<>();
      for (String inst : sandboxes.keySet()) {
        Map<String, Map<String, List<ObjectNode>>> bySync = new HashMap<>();
        Iterator<ObjectNode> it =
            readers
                .get(inst)
                .records()
                .iterate("Contacts", RecordQuery.all().withFields(FIELDS).withPageSize(200));
        while (it.hasNext()) {
          ObjectNode r = it.next();
          String dept = text(r, "department");
          String sync = dept.equals("sync-a") ? "a" : dept.equals("sync-b") ? "b" : null;
          if (sync == null) {
            v.add(
                new Violation(
                    SUGAR_MATCHES,
                    inst
                        + ": record "
                        + text(r, "id")
                        + " "
                        + values(r)
                        + " was written by neither sync"));
            continue;
          }
          bySync
              .computeIfAbsent(sync, x -> new HashMap<>())
              .computeIfAbsent(text(r, "customer_key_c"), x -> new ArrayList<>())
              .add(r);
        }
        for (String sync : List.of("a", "b")) {
          Map<String, List<ObjectNode>> found = bySync.getOrDefault(sync, Map.of());
          Set<String> keys = new TreeSet<>(model.keys(inst, sync));
          keys.addAll(found.keySet());
          for (String key : keys) {
            List<ObjectNode> recs = found.getOrDefault(key, List.of());
            String where = "instance " + inst + ", sync " + sync + ", key " + key;
            if (recs.size() > 1) {
              v.add(
                  new Violation(
                      ONE_RECORD,
                      where
                          + ": "
                          + recs.size()
                          + " records "
                          + recs.stream()
                              .map(r -> text(r, "id") + " (sync_key " + text(r, "sync_key") + ")")
                              .toList()));
            }
            Map<String, String> actual = recs.isEmpty() ? SyncModel.ABSENT : values(recs.get(0));
            Set<Map<String, String>> allowed = model.possible(inst, sync, key);
            if (!allowed.contains(actual)) {
              v.add(new Violation(SUGAR_MATCHES, where + ": " + difference(actual, allowed)));
            }
          }
        }
      }
      return v;
    }

    private static String difference(Map<String, String> actual, Set<Map<String, String>> allowed) {
      if (actual.isEmpty()) {
        return "no record in Sugar; the model expects " + allowed;
      }
      List<String> parts = new ArrayList<>();
      for (Map<String, String> a : allowed) {
        if (a.isEmpty()) {
          parts.add("no record");
          continue;
        }
        List<String> diff = new ArrayList<>();
        for (String f : a.keySet()) {
          if (!a.get(f).equals(actual.get(f))) {
            diff.add(f + " '" + actual.get(f) + "' instead of '" + a.get(f) + "'");
          }
        }
        parts.add(String.join(", ", diff));
      }
      return "Sugar's record differs: " + String.join("; or ", parts);
    }

    private static Map<String, String> values(ObjectNode r) {
      Map<String, String> m = new java.util.TreeMap<>();
      for (String f :
          List.of("first_name", "last_name", "lead_source", "department", "customer_key_c")) {
        m.put(f, text(r, f));
      }
      String email = "";
      for (JsonNode e : r.path("email")) {
        if (email.isEmpty() || e.path("primary_address").asBoolean(false)) {
          email = e.path("email_address").asText("");
        }
      }
      m.put("email", email);
      return m;
    }

    private static String text(JsonNode r, String field) {
      JsonNode n = r.path(field);
      return n.isNull() || n.isMissingNode() ? "" : n.asText();
    }

    @Override
    public void close() {
      for (SandboxFixture fx : sandboxes.values()) {
        fx.close();
      }
    }
  }

  /**
   * A short burst of one fault on a sandbox while a run is in progress: from the run's {@code
   * at}-th request the fault answers every request, until the first faulted answer is seen (so a
   * few requests in flight at once get it, and their retries normally do not); {@code 401} expires
   * every token once instead.
   */
  static final class FaultBurst implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;

    FaultBurst(SugarSandbox sb, String kind, int at, int base) {
      thread =
          new Thread(
              () -> {
                while (!stop && sb.requestLog().size() < base + at) {
                  LockSupport.parkNanos(100_000);
                }
                if (stop) {
                  return;
                }
                if (kind.equals("401")) {
                  sb.faults().expireAllTokens();
                  return;
                }
                sb.faults().set(settings(kind));
                while (!stop && !faultSeen(sb.requestLog(), base)) {
                  LockSupport.parkNanos(100_000);
                }
                sb.faults().set(FaultSettings.none());
              },
              "model-fault-burst");
      thread.setDaemon(true);
      thread.start();
    }

    private static boolean faultSeen(List<RequestLogEntry> log, int base) {
      for (int i = base; i < log.size(); i++) {
        if (log.get(i).fault() != null) {
          return true;
        }
      }
      return false;
    }

    private static FaultSettings settings(String kind) {
      FaultSettings none = FaultSettings.none();
      return switch (kind) {
        case "429" -> none.with429(1.0, -1);
        case "500" -> none.with500(1.0);
        case "503" -> none.with503(1.0);
        case "drop" -> none.withDropped(1.0);
        default -> throw new IllegalArgumentException(kind);
      };
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
