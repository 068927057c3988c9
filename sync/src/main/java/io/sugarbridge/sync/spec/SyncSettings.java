package io.sugarbridge.sync.spec;

import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.sync.source.SourceSpec;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings of a sync file, declared once: {@link SyncSpecReader} reads the file against them,
 * and the reference table of {@code docs/sync-spec.md} is generated from them. Every check that is
 * about a value alone is declared here, so the reader reports it with the value's {@code
 * file:line}; checks that need the source's columns or Sugar's metadata are in {@link SpecChecks}.
 */
public final class SyncSettings {
  private static final String GROUP_FILE = "file";
  private static final String GROUP_SOURCE = "source";
  private static final String GROUP_TARGET = "target";
  private static final String GROUP_MAPPINGS = "mappings";
  private static final String GROUP_RUN = "run";

  private static final Set<String> AUDIENCE_MODES =
      Set.of("mirror", "audience", "add", "remove", "add_to_audience", "remove_from_audience");

  public static final Setting<String> NAME =
      Setting.of("name", SettingType.string())
          .defaultText("the file name without extension")
          .allowed("letters, digits, ., _ and -; never ..")
          .check(SyncSettings::checkName)
          .doc(
              "names the state stores (`.sugarbridge/<name>.<hash>.state.db`, see"
                  + " [State](#state-one-store-per-sugar-instance-and-user)) and the default"
                  + " error file")
          .group(GROUP_FILE)
          .build();

  public static final Setting<String> SUGAR =
      Setting.of("sugar", SettingType.string())
          .defaultValue("sugarbridge.yaml")
          .doc(
              "the connection file with the `sugar:` section (as for `sugarbridge check`),"
                  + " relative to the sync file's folder")
          .group(GROUP_FILE)
          .build();

  // source:

  public static final Setting<String> SOURCE_URL =
      Setting.of("url", SettingType.string())
          .defaultValue(SourceSpec.DEFAULT_URL)
          .allowed("duckdb:FILE, duckdb:, jdbc:postgresql://host/db, any jdbc: URL")
          .check(SourceSpec::urlProblem)
          .doc(
              "`duckdb:FILE` (embedded DuckDB file relative to the sync file), `duckdb:` (in"
                  + " memory: enough for `select * from 'people.csv'` or Parquet),"
                  + " `jdbc:postgresql://host/db`, or any `jdbc:` URL whose driver is present")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<String> SOURCE_QUERY =
      Setting.of("query", SettingType.string())
          .defaultText("(this or table is required)")
          .doc("the rows to sync, as a select")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<String> SOURCE_TABLE =
      Setting.of("table", SettingType.string())
          .defaultText("(this or query is required)")
          .allowed("table or schema.table")
          .doc("`table: x` means `select * from x`")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<String> SOURCE_USER =
      Setting.of("user", SettingType.string())
          .doc("the user of a server database")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<String> SOURCE_PASSWORD =
      Setting.of("password", SettingType.string())
          .secret()
          .doc("the user's password; write `${ENV_VAR}`")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<Integer> SOURCE_FETCH_SIZE =
      wholeNumber("fetch_size", SourceSpec.DEFAULT_FETCH_SIZE, 1, 1_000_000)
          .doc("rows per database round trip; memory stays flat however large the result")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<Values> SOURCE =
      Setting.section(
              "source",
              Section.of(
                  SOURCE_URL,
                  SOURCE_QUERY,
                  SOURCE_TABLE,
                  SOURCE_USER,
                  SOURCE_PASSWORD,
                  SOURCE_FETCH_SIZE))
          .required("is missing; write source: {query: select * from customers}")
          .shape("must be a mapping with url and query (or table)")
          .doc("where the rows come from")
          .group(GROUP_SOURCE)
          .build();

  public static final Setting<List<String>> KEY =
      Setting.list("key", MappingSettings.COLUMN_TYPE)
          .required(
              "is missing; name the source column(s) that identify a row across runs, e.g. key:"
                  + " customer_id")
          .check(SyncSettings::checkKey)
          .doc("the column, or list of columns, that identifies a row across runs")
          .group(GROUP_SOURCE)
          .build();

  // target:

  public static final Setting<String> TARGET_MODULE =
      Setting.of("module", SettingType.string())
          .required("is missing; write one of " + String.join(", ", ModuleDefaults.MODULES))
          .allowed(String.join(", ", ModuleDefaults.MODULES))
          .check(SyncSettings::checkModule)
          .doc("the Sugar module the rows become records of")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<SyncMode> TARGET_MODE =
      Setting.of("mode", SettingType.oneOf(SyncMode.class))
          .defaultValue(SyncMode.UPSERT)
          .invalid(SyncSettings::refusedMode)
          .doc(
              "`insert` creates, `update` changes matched records only, `upsert` does both (see"
                  + " [Modes](#modes)); `mirror` and audience modes are refused")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<String> MATCH_FIELD =
      Setting.of("field", SettingType.string())
          .required("is missing; write e.g. {field: email, column: email}")
          .doc("the Sugar field: `id`, `email` (any of the record's addresses) or any field")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<String> MATCH_COLUMN =
      Setting.of("column", MappingSettings.COLUMN_TYPE)
          .required("is missing; write e.g. {field: email, column: email}")
          .doc("the source column whose value the field must equal")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<Values> TARGET_MATCH =
      Setting.section("match", Section.of(MATCH_FIELD, MATCH_COLUMN))
          .defaultText("none")
          .shape("must be a mapping like {field: id, column: sugar_id}")
          .doc("how a row finds its record (see [Matching](#matching)); required for `update`")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<Values> TARGET =
      Setting.section("target", Section.of(TARGET_MODULE, TARGET_MODE, TARGET_MATCH))
          .required("is missing; write target: {module: Contacts, mode: upsert}")
          .shape("must be a mapping with module, mode and match")
          .doc("where the rows go")
          .group(GROUP_TARGET)
          .build();

  public static final Setting<Integer> BATCH_SIZE =
      wholeNumber("batch_size", SyncSpec.DEFAULT_BATCH_SIZE, 1, 1000)
          .doc("sub-requests per `/bulk` call")
          .group(GROUP_RUN)
          .build();

  public static final Setting<Integer> CONCURRENCY =
      wholeNumber("concurrency", SyncSpec.DEFAULT_CONCURRENCY, 1, 32)
          .doc(
              "`/bulk` calls in flight; the connection file's `max_in_flight` and"
                  + " `max_requests_per_second` still cap the client")
          .group(GROUP_RUN)
          .build();

  public static final Setting<EnumCheck> ENUM_CHECK =
      Setting.of("enum_check", SettingType.oneOf(EnumCheck.class))
          .defaultValue(EnumCheck.ERROR)
          .invalid("is not allowed; write error or warn")
          .doc(
              "`error`: a value outside an enum field's options fails the row; `warn`: it is"
                  + " sent, with a warning (see [Enum values](#enum-values))")
          .group(GROUP_RUN)
          .build();

  public static final Setting<String> ERROR_FILE =
      Setting.of("error_file", SettingType.string())
          .defaultText("`.sugarbridge/<name>.errors.jsonl`")
          .doc(
              "the row-level error file, relative to the sync file's folder; a name ending `.csv`"
                  + " gives CSV (see [The error file](#the-error-file))")
          .group(GROUP_RUN)
          .build();

  /** The sync file's top level, in the order the docs list it. */
  public static final Section FILE =
      Section.of(
          NAME,
          SUGAR,
          SOURCE,
          KEY,
          TARGET,
          MappingSettings.MAPPINGS,
          BATCH_SIZE,
          CONCURRENCY,
          ENUM_CHECK,
          ERROR_FILE);

  private SyncSettings() {}

  private static Setting.Builder<Integer> wholeNumber(String key, int dflt, int min, int max) {
    return Setting.of(key, SettingType.integer())
        .defaultValue(dflt)
        .allowed(min + " to " + max)
        .invalid(t -> "must be a whole number, was '" + t + "'")
        .check(
            v ->
                v < min || v > max
                    ? "must be between " + min + " and " + max + ", was " + v
                    : null);
  }

  /** The problem with a sync's name (written, or taken from the file name), or null. */
  static String checkName(String name) {
    if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+") || name.contains("..")) {
      return "'"
          + name
          + "' is not usable as a file name; use letters, digits, '.', '_' or '-' (no '..')";
    }
    return null;
  }

  private static String checkKey(List<String> key) {
    if (key.isEmpty() || key.size() == 1 && key.get(0).isEmpty()) {
      return KEY.missing();
    }
    return key.contains("") ? "each key entry must be a column name" : null;
  }

  private static String checkModule(String module) {
    if (ModuleDefaults.MODULES.contains(module)) {
      return null;
    }
    String plural =
        ModuleDefaults.MODULES.stream()
            .filter(
                m ->
                    m.equalsIgnoreCase(module)
                        || m.equalsIgnoreCase(module + "s")
                        || m.equalsIgnoreCase(module + "es"))
            .findFirst()
            .orElse(null);
    if (plural != null) {
      return "'"
          + module
          + "' is not a module sugarbridge syncs; write '"
          + plural
          + "' (module names are plural and case-sensitive)";
    }
    return "'"
        + module
        + "' is not a module sugarbridge syncs"
        + Suggestions.didYouMeanOrCompletion(module, ModuleDefaults.MODULES)
        + "; write one of "
        + String.join(", ", ModuleDefaults.MODULES);
  }

  private static String refusedMode(String text) {
    String m = text.strip().toLowerCase(Locale.ROOT);
    String why =
        m.equals("mirror")
            ? "mirror mode (deleting Sugar records missing from the source) is not supported,"
                + " because a wrong query would delete CRM data"
            : AUDIENCE_MODES.contains(m) || m.contains("audience")
                ? "audience modes are not supported by sugarbridge"
                : "'" + text + "' is not a mode";
    return why + "; write insert, update or upsert";
  }
}
