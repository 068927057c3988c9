package io.sugarbridge.sync.spec;

import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a sync file into a {@link SyncSpec} and checks everything that can be checked without
 * Sugar or the source, reporting every problem at once with its {@code file:line}. The keys (this
 * is their one reference in code; {@code docs/sync-spec.md} is the user's copy):
 *
 * <ul>
 *   <li>{@code name}: the sync's name, used for its state store and error file; default the file
 *       name without extension.
 *   <li>{@code sugar}: the connection file with the {@code sugar:} section, relative to the sync
 *       file's folder; default {@code sugarbridge.yaml}.
 *   <li>{@code source.url}: {@code duckdb:warehouse.duckdb} by default (embedded DuckDB file),
 *       {@code duckdb:} (in memory, e.g. for CSV/Parquet), or any {@code jdbc:} URL whose driver is
 *       present. {@code source.query} or {@code source.table} (exactly one). {@code source.user},
 *       {@code source.password} (use {@code ${ENV}}), {@code source.fetch_size} (default 1000).
 *   <li>{@code key}: the source column, or list of columns, identifying a row across runs.
 *   <li>{@code target.module}: Contacts, Leads, Accounts, Opportunities, Cases, Notes or Tasks.
 *       {@code target.mode}: insert, update or upsert (default upsert). {@code target.match}:
 *       {@code {field, column}}, how a row finds its record: by Sugar {@code id} or any field such
 *       as {@code email} or a custom {@code *_c} field; required for update.
 *   <li>{@code mappings}: Sugar field to a column name, {@code {column, transform:
 *       trim|lower|upper}}, {@code {const: value}}, {@code {email: col, opt_out: col}} or {@code
 *       {lookup: {module, field, column}}}. Absent: the module's default fields from same-named
 *       columns ({@link ModuleDefaults}).
 *   <li>{@code batch_size}: sub-requests per {@code /bulk} call, 1 to 1000, default 20.
 *   <li>{@code concurrency}: bulk calls in flight, 1 to 32, default 2.
 *   <li>{@code enum_check}: {@code error} (default) fails a row whose value is outside an enum's
 *       options; {@code warn} sends it and notes it.
 *   <li>{@code error_file}: the row-level error file; {@code .csv} for CSV, anything else JSON
 *       lines; default {@code .sugarbridge/<name>.errors.jsonl}.
 * </ul>
 *
 * Values may use {@code ${ENV_VAR}}; write {@code $${} for a literal {@code ${}.
 */
public final class SyncSpecReader {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "name",
          "sugar",
          "source",
          "key",
          "target",
          "mappings",
          "batch_size",
          "concurrency",
          "enum_check",
          "error_file");
  private static final Set<String> SOURCE_KEYS =
      Set.of("url", "query", "table", "user", "password", "fetch_size");
  private static final Set<String> TARGET_KEYS = Set.of("module", "mode", "match");
  private static final Set<String> MATCH_KEYS = Set.of("field", "column");
  private static final Set<String> LOOKUP_KEYS = Set.of("module", "field", "column");

  /** Sugar's field for a record's email addresses (type {@code email}). */
  private static final String EMAIL_FIELD = "email";

  private static final Set<String> AUDIENCE_MODES =
      Set.of("mirror", "audience", "add", "remove", "add_to_audience", "remove_from_audience");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final Interpolator environment;

  private SyncSpecReader(Function<String, String> environment) {
    this.environment = new Interpolator(environment);
  }

  /** Reads a sync file with variables from the process environment. */
  public static SyncSpec read(Path file) {
    return read(file, System::getenv);
  }

  /**
   * Reads a sync file with variables looked up in {@code environment}.
   *
   * @throws ConfigurationException with every problem found, each naming its line
   */
  public static SyncSpec read(Path file, Function<String, String> environment) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          "sync file", file + " does not exist; pass the path of a sync YAML file");
    } catch (IOException e) {
      throw new ConfigurationException("sync file", "cannot read " + file + ": " + e.getMessage());
    }
    return new SyncSpecReader(environment).parse(text, file);
  }

  /** Parses sync-file text as if read from {@code file} (which anchors relative paths). */
  public static SyncSpec parse(String text, Path file, Function<String, String> environment) {
    return new SyncSpecReader(environment).parse(text, file);
  }

  private SyncSpec parse(String text, Path file) {
    Ctx c = new Ctx(file.toString());
    YamlNode root = YamlNode.parse(text, file.toString(), "sync file");
    if (!(root instanceof YamlNode.Mapping top)) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "sync file",
                  "must be a YAML mapping with name, source, key, target and mappings",
                  file.toString())));
    }
    c.unknownKeys(top, "", TOP_KEYS);
    Path base = file.toAbsolutePath().getParent();
    if (base == null) {
      base = Path.of(".").toAbsolutePath();
    }

    String defaultName = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String name = c.string(top, "name", "name", defaultName);
    if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+") || name.contains("..")) {
      c.problem(
          "name",
          "'"
              + name
              + "' is not usable as a file name; use letters, digits, '.', '_' or '-' (no"
              + " '..')",
          top,
          "name");
    }
    String sugar = c.string(top, "sugar", "sugar", "sugarbridge.yaml");
    Path sugarFile = base.resolve(sugar);

    SourceSpec source = readSource(c, top);
    List<String> key = readKey(c, top);

    String module = null;
    SyncMode mode = SyncMode.UPSERT;
    MatchRule match = null;
    YamlNode targetNode = top.entries().get("target");
    if (!(targetNode instanceof YamlNode.Mapping target)) {
      c.problem(
          "target",
          targetNode == null
              ? "is missing; write target: {module: Contacts, mode: upsert}"
              : "must be a mapping with module, mode and match",
          top,
          "target");
    } else {
      c.lines.put("target", top.keyLines().get("target"));
      c.unknownKeys(target, "target.", TARGET_KEYS);
      String moduleText = c.string(target, "module", "target.module", null);
      module = moduleText;
      if (moduleText == null) {
        c.problem(
            "target.module",
            "is missing; write one of " + String.join(", ", ModuleDefaults.MODULES),
            target,
            "module");
      } else if (!ModuleDefaults.MODULES.contains(moduleText)) {
        String fix =
            ModuleDefaults.MODULES.stream()
                .filter(
                    m ->
                        m.equalsIgnoreCase(moduleText)
                            || m.equalsIgnoreCase(moduleText + "s")
                            || m.equalsIgnoreCase(moduleText + "es"))
                .findFirst()
                .map(m -> "write '" + m + "' (module names are plural and case-sensitive)")
                .orElse("write one of " + String.join(", ", ModuleDefaults.MODULES));
        c.problem(
            "target.module",
            "'" + moduleText + "' is not a module sugarbridge syncs; " + fix,
            target,
            "module");
      }
      String modeText = c.string(target, "mode", "target.mode", "upsert");
      String m = modeText.toLowerCase(Locale.ROOT);
      switch (m) {
        case "insert" -> mode = SyncMode.INSERT;
        case "update" -> mode = SyncMode.UPDATE;
        case "upsert" -> mode = SyncMode.UPSERT;
        default -> {
          mode = null;
          String why =
              m.equals("mirror")
                  ? "mirror mode (deleting Sugar records missing from the source) is not supported,"
                      + " because a wrong query would delete CRM data"
                  : AUDIENCE_MODES.contains(m) || m.contains("audience")
                      ? "audience modes are not supported by sugarbridge"
                      : "'" + modeText + "' is not a mode";
          c.problem("target.mode", why + "; write insert, update or upsert", target, "mode");
        }
      }
      YamlNode matchNode = target.entries().get("match");
      if (matchNode instanceof YamlNode.Mapping mm) {
        c.lines.put("target.match", target.keyLines().get("match"));
        c.unknownKeys(mm, "target.match.", MATCH_KEYS);
        String field = c.string(mm, "field", "target.match.field", null);
        String column = c.string(mm, "column", "target.match.column", null);
        if (field == null || column == null) {
          c.problem(
              "target.match",
              "needs both field and column, e.g. {field: email, column: email}",
              target,
              "match");
        } else {
          match =
              new MatchRule(field, column.toLowerCase(Locale.ROOT), target.keyLines().get("match"));
        }
      } else if (matchNode != null && !isNull(matchNode)) {
        c.problem(
            "target.match",
            "must be a mapping like {field: id, column: sugar_id}",
            target,
            "match");
      }
      if (mode == SyncMode.UPDATE && match == null && !(matchNode instanceof YamlNode.Mapping)) {
        c.problem(
            "target.match",
            "update mode needs a match rule to find the records to change; add match: {field: id,"
                + " column: sugar_id} or {field: email, column: email}",
            target,
            "mode");
      }
    }

    Map<String, FieldMapping> mappings = new LinkedHashMap<>();
    YamlNode mapNode = top.entries().get("mappings");
    boolean defaults = mapNode == null || isNull(mapNode);
    if (!defaults) {
      if (mapNode instanceof YamlNode.Mapping mm) {
        readMappings(c, mm, mappings);
        if (module != null) {
          for (String req : ModuleDefaults.requiredFields(module)) {
            if (!mappings.containsKey(req)) {
              c.problems.add(
                  new ConfigProblem(
                      "mappings." + req,
                      module
                          + " records need "
                          + req
                          + " but no mapping gives it a value; add '"
                          + req
                          + ": <column>' under mappings",
                      c.at(top.keyLines().get("mappings"))));
            }
          }
        }
      } else {
        c.problem("mappings", "must be a mapping of Sugar field to source column", top, "mappings");
      }
    }

    int batchSize =
        c.integer(top, "batch_size", "batch_size", SyncSpec.DEFAULT_BATCH_SIZE, 1, 1000);
    int concurrency =
        c.integer(top, "concurrency", "concurrency", SyncSpec.DEFAULT_CONCURRENCY, 1, 32);
    EnumCheck enumCheck = EnumCheck.ERROR;
    String ec = c.string(top, "enum_check", "enum_check", "error");
    switch (ec.toLowerCase(Locale.ROOT)) {
      case "error" -> enumCheck = EnumCheck.ERROR;
      case "warn" -> enumCheck = EnumCheck.WARN;
      default ->
          c.problem(
              "enum_check", "'" + ec + "' is not allowed; write error or warn", top, "enum_check");
    }
    String errorFileText = c.string(top, "error_file", "error_file", null);
    Path errorFile =
        errorFileText == null
            ? base.resolve(".sugarbridge").resolve(name + ".errors.jsonl")
            : base.resolve(errorFileText);

    if (!c.problems.isEmpty()) {
      throw new ConfigurationException(c.problems);
    }
    return new SyncSpec(
        file,
        name,
        sugarFile,
        source,
        key,
        module,
        mode,
        match,
        mappings,
        defaults,
        batchSize,
        concurrency,
        enumCheck,
        errorFile,
        c.lines);
  }

  private SourceSpec readSource(Ctx c, YamlNode.Mapping top) {
    YamlNode node = top.entries().get("source");
    if (!(node instanceof YamlNode.Mapping s)) {
      c.problem(
          "source",
          node == null
              ? "is missing; write source: {query: select * from customers}"
              : "must be a mapping with url and query (or table)",
          top,
          "source");
      return null;
    }
    c.lines.put("source", top.keyLines().get("source"));
    c.unknownKeys(s, "source.", SOURCE_KEYS);
    String url = c.string(s, "url", "source.url", null);
    String query = c.string(s, "query", "source.query", null);
    String table = c.string(s, "table", "source.table", null);
    if ((query == null) == (table == null)) {
      c.problem(
          "source.query",
          query == null
              ? "source needs a query (or a table); write query: select * from customers"
              : "give either query or table, not both",
          top,
          "source");
    }
    String user = c.string(s, "user", "source.user", null);
    String password = c.string(s, "password", "source.password", null);
    int fetchSize =
        c.integer(
            s, "fetch_size", "source.fetch_size", SourceSpec.DEFAULT_FETCH_SIZE, 1, 1_000_000);
    return new SourceSpec(
        url,
        query,
        table,
        user,
        password == null ? Secret.empty() : Secret.of(password),
        fetchSize);
  }

  private List<String> readKey(Ctx c, YamlNode.Mapping top) {
    YamlNode node = top.entries().get("key");
    List<String> key = new ArrayList<>();
    if (node instanceof YamlNode.Scalar s && s.text() != null && !s.text().isBlank()) {
      key.add(c.interpolate(s.text(), "key", s.line()).strip().toLowerCase(Locale.ROOT));
    } else if (node instanceof YamlNode.Sequence seq && !seq.items().isEmpty()) {
      for (YamlNode item : seq.items()) {
        if (item instanceof YamlNode.Scalar s && s.text() != null && !s.text().isBlank()) {
          key.add(s.text().strip().toLowerCase(Locale.ROOT));
        } else {
          c.problems.add(
              new ConfigProblem("key", "each key entry must be a column name", c.at(item.line())));
        }
      }
    } else {
      c.problem(
          "key",
          "is missing; name the source column(s) that identify a row across runs, e.g. key:"
              + " customer_id",
          top,
          "key");
    }
    if (node != null) {
      c.lines.put("key", top.keyLines().get("key"));
    }
    return key;
  }

  private void readMappings(Ctx c, YamlNode.Mapping mm, Map<String, FieldMapping> out) {
    c.lines.put("mappings", mm.line());
    for (Map.Entry<String, YamlNode> e : mm.entries().entrySet()) {
      String field = e.getKey();
      int line = mm.keyLines().get(field);
      String setting = "mappings." + field;
      c.lines.put(setting, line);
      if (!FIELD_NAME.matcher(field).matches()) {
        c.problems.add(
            new ConfigProblem(setting, "'" + field + "' is not a Sugar field name", c.at(line)));
        continue;
      }
      YamlNode v = e.getValue();
      if (v instanceof YamlNode.Scalar s) {
        if (s.text() == null || s.text().isBlank()) {
          c.problems.add(
              new ConfigProblem(
                  setting,
                  "has no column; write '" + field + ": <column>' or {const: value}",
                  c.at(line)));
        } else {
          out.put(
              field,
              plainColumn(
                  field,
                  c.interpolate(s.text(), setting, line).strip().toLowerCase(Locale.ROOT),
                  FieldMapping.Transform.NONE,
                  line));
        }
        continue;
      }
      if (!(v instanceof YamlNode.Mapping m)) {
        c.problems.add(
            new ConfigProblem(
                setting,
                "must be a column name, {const: …}, {email: …, opt_out: …} or {lookup: {…}}",
                c.at(line)));
        continue;
      }
      Set<String> keys = m.entries().keySet();
      if (keys.contains("const")) {
        c.unknownKeys(m, setting + ".", Set.of("const"));
        YamlNode cv = m.entries().get("const");
        String value =
            cv instanceof YamlNode.Scalar cs && cs.text() != null
                ? c.interpolate(cs.text(), setting, line)
                : null;
        if (!(cv instanceof YamlNode.Scalar)) {
          c.problems.add(new ConfigProblem(setting, "const must be a single value", c.at(line)));
        }
        out.put(field, new FieldMapping.Const(value, line));
      } else if (keys.contains("email")) {
        c.unknownKeys(m, setting + ".", Set.of("email", "opt_out"));
        String email = c.string(m, "email", setting + ".email", null);
        String optOut = c.string(m, "opt_out", setting + ".opt_out", null);
        if (email == null) {
          c.problems.add(
              new ConfigProblem(setting, "email needs the column holding the address", c.at(line)));
        } else {
          out.put(
              field,
              new FieldMapping.Email(
                  email.toLowerCase(Locale.ROOT),
                  optOut == null ? null : optOut.toLowerCase(Locale.ROOT),
                  line));
        }
      } else if (keys.contains("lookup")) {
        c.unknownKeys(m, setting + ".", Set.of("lookup"));
        if (m.entries().get("lookup") instanceof YamlNode.Mapping lk) {
          c.unknownKeys(lk, setting + ".lookup.", LOOKUP_KEYS);
          String module = c.string(lk, "module", setting + ".lookup.module", null);
          String lfield = c.string(lk, "field", setting + ".lookup.field", null);
          String column = c.string(lk, "column", setting + ".lookup.column", null);
          if (module == null || lfield == null || column == null) {
            c.problems.add(
                new ConfigProblem(
                    setting,
                    "lookup needs module, field and column, e.g. {lookup: {module: Accounts,"
                        + " field: name, column: company}}",
                    c.at(line)));
          } else if (!ModuleDefaults.MODULES.contains(module)) {
            c.problems.add(
                new ConfigProblem(
                    setting + ".lookup.module",
                    "'"
                        + module
                        + "' is not a module; write one of "
                        + String.join(", ", ModuleDefaults.MODULES),
                    c.at(line)));
          } else {
            out.put(
                field,
                new FieldMapping.Lookup(module, lfield, column.toLowerCase(Locale.ROOT), line));
          }
        } else {
          c.problems.add(
              new ConfigProblem(setting, "lookup must be {module, field, column}", c.at(line)));
        }
      } else if (keys.contains("column")) {
        c.unknownKeys(m, setting + ".", Set.of("column", "transform"));
        String column = c.string(m, "column", setting + ".column", null);
        String t = c.string(m, "transform", setting + ".transform", "none");
        FieldMapping.Transform transform;
        try {
          transform = FieldMapping.Transform.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
          c.problems.add(
              new ConfigProblem(
                  setting + ".transform",
                  "'" + t + "' is not a transform; write trim, lower or upper",
                  c.at(line)));
          transform = FieldMapping.Transform.NONE;
        }
        if (column != null) {
          out.put(field, plainColumn(field, column.toLowerCase(Locale.ROOT), transform, line));
        }
      } else {
        c.problems.add(
            new ConfigProblem(
                setting,
                "has keys "
                    + keys
                    + "; write a column name, {const: …}, {email: …, opt_out: …},"
                    + " {column: …, transform: …} or {lookup: {module, field, column}}",
                c.at(line)));
      }
    }
  }

  /**
   * A plain column mapping. Sugar's {@code email} field is the link to the record's email addresses
   * (type {@code email} in every module that has it) and ignores a plain value, so a column mapped
   * to it builds the address list with that address as primary, as {@code {email: column}} does.
   */
  private static FieldMapping plainColumn(
      String field, String column, FieldMapping.Transform transform, int line) {
    if (EMAIL_FIELD.equals(field)) {
      return new FieldMapping.Email(column, null, transform, line);
    }
    return new FieldMapping.Column(column, transform, line);
  }

  private static boolean isNull(YamlNode n) {
    return YamlNode.isNull(n);
  }

  /** Problems and line bookkeeping for one file. */
  private final class Ctx {
    final String source;
    final List<ConfigProblem> problems = new ArrayList<>();
    final Map<String, Integer> lines = new HashMap<>();

    Ctx(String source) {
      this.source = source;
    }

    String at(Integer line) {
      return line == null || line <= 0 ? source : source + ":" + line;
    }

    void problem(String setting, String message, YamlNode.Mapping parent, String key) {
      Integer line = parent.keyLines().get(key);
      problems.add(new ConfigProblem(setting, message, at(line == null ? parent.line() : line)));
    }

    void unknownKeys(YamlNode.Mapping m, String prefix, Set<String> allowed) {
      for (String k : m.entries().keySet()) {
        if (!allowed.contains(k)) {
          problems.add(
              new ConfigProblem(
                  prefix + k,
                  "is not a known key; allowed here: "
                      + String.join(", ", allowed.stream().sorted().toList()),
                  at(m.keyLines().get(k))));
        }
      }
    }

    String string(YamlNode.Mapping m, String key, String setting, String dflt) {
      YamlNode n = m.entries().get(key);
      if (n == null || isNull(n)) {
        return dflt;
      }
      lines.put(setting, m.keyLines().get(key));
      if (!(n instanceof YamlNode.Scalar s)) {
        problem(setting, "must be a single value", m, key);
        return dflt;
      }
      return interpolate(s.text(), setting, s.line());
    }

    int integer(YamlNode.Mapping m, String key, String setting, int dflt, int min, int max) {
      String text = string(m, key, setting, null);
      if (text == null) {
        return dflt;
      }
      try {
        int v = Integer.parseInt(text.strip());
        if (v < min || v > max) {
          problem(setting, "must be between " + min + " and " + max + ", was " + v, m, key);
          return dflt;
        }
        return v;
      } catch (NumberFormatException e) {
        problem(setting, "must be a whole number, was '" + text + "'", m, key);
        return dflt;
      }
    }

    String interpolate(String text, String setting, int line) {
      return environment.apply(text, setting, at(line), problems);
    }
  }
}
