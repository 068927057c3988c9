package io.sugarbridge.sync.spec;

import io.sugarbridge.common.config.ConfigText;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.sync.source.SourceSpec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a sync file into a {@link SyncSpec} and checks everything that can be checked without
 * Sugar or the source, reporting every problem at once with its {@code file:line}: each value
 * against its declaration in {@link SyncSettings} (where every key is documented), then what
 * settings must agree on (a query or a table, a match rule for {@code update}, the module's
 * required fields mapped). Values may use {@code ${ENV_VAR}}; write {@code $${} for a literal
 * {@code ${}.
 */
public final class SyncSpecReader {
  /** Sugar's field for a record's email addresses (type {@code email}). */
  private static final String EMAIL_FIELD = "email";

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
      text = ConfigText.utf8(file, "sync file", "");
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
    String source = file.toString();
    YamlNode root = YamlNode.parse(text, source, "sync file");
    if (!(root instanceof YamlNode.Mapping top)) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "sync file",
                  "must be a YAML mapping with name, source, key, target and mappings",
                  source)));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Values values = SyncSettings.FILE.read(top, "", source, environment, problems);
    SyncSpec spec = build(file, values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return spec;
  }

  /** The spec the values describe, after adding the problems of settings taken together. */
  private static SyncSpec build(Path file, Values top, List<ConfigProblem> problems) {
    Path base = file.toAbsolutePath().getParent();
    if (base == null) {
      base = Path.of(".").toAbsolutePath();
    }
    String name = top.get(SyncSettings.NAME);
    if (!top.isSet(SyncSettings.NAME) && !hasProblem(problems, "name")) {
      name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      String refused = SyncSettings.checkName(name);
      if (refused != null) {
        problems.add(new ConfigProblem("name", refused, top.location("name")));
      }
    }
    SourceSpec source = source(top, problems);

    Values target = top.get(SyncSettings.TARGET);
    String module = null;
    SyncMode mode = SyncMode.UPSERT;
    MatchRule match = null;
    if (target != null) {
      module = target.get(SyncSettings.TARGET_MODULE);
      mode = target.get(SyncSettings.TARGET_MODE);
      Values m = target.get(SyncSettings.TARGET_MATCH);
      if (m != null && m.isSet(SyncSettings.MATCH_FIELD) && m.isSet(SyncSettings.MATCH_COLUMN)) {
        match =
            new MatchRule(
                m.get(SyncSettings.MATCH_FIELD),
                m.get(SyncSettings.MATCH_COLUMN),
                target.line(SyncSettings.TARGET_MATCH.key()));
      }
      if (target.isSet(SyncSettings.TARGET_MODE)
          && mode == SyncMode.UPDATE
          && !target.isSet(SyncSettings.TARGET_MATCH)) {
        problems.add(
            new ConfigProblem(
                "target.match",
                "update mode needs a match rule to find the records to change; add match: {field:"
                    + " id, column: sugar_id} or {field: email, column: email}",
                target.location(SyncSettings.TARGET_MODE.key())));
      }
    }

    boolean defaults = !top.isSet(MappingSettings.MAPPINGS);
    Map<String, Values> entries = top.get(MappingSettings.MAPPINGS);
    if (!defaults && target != null && target.isSet(SyncSettings.TARGET_MODULE)) {
      for (String req : ModuleDefaults.requiredFields(module)) {
        if (!entries.containsKey(req)) {
          problems.add(
              new ConfigProblem(
                  "mappings." + req,
                  module
                      + " records need "
                      + req
                      + " but no mapping gives it a value; add '"
                      + req
                      + ": <column>' under mappings",
                  top.location(MappingSettings.MAPPINGS.key())));
        }
      }
    }

    String errorFile = top.get(SyncSettings.ERROR_FILE);
    Map<String, Integer> lines = new HashMap<>();
    lines(SyncSettings.FILE, top, "", lines);
    return new SyncSpec(
        file,
        name,
        base.resolve(top.get(SyncSettings.SUGAR)),
        source,
        top.get(SyncSettings.KEY),
        module,
        mode,
        match,
        mappings(entries),
        defaults,
        top.get(SyncSettings.BATCH_SIZE),
        top.get(SyncSettings.CONCURRENCY),
        top.get(SyncSettings.ENUM_CHECK),
        errorFile == null
            ? base.resolve(".sugarbridge").resolve(name + ".errors.jsonl")
            : base.resolve(errorFile),
        lines);
  }

  /** The {@code source:} section, after adding the problem when it has no query or table. */
  private static SourceSpec source(Values top, List<ConfigProblem> problems) {
    Values s = top.get(SyncSettings.SOURCE);
    if (s == null) {
      return null;
    }
    // A value with a problem of its own was written: saying it is missing would be wrong.
    boolean query = s.isSet(SyncSettings.SOURCE_QUERY) || hasProblem(problems, "source.query");
    boolean table = s.isSet(SyncSettings.SOURCE_TABLE) || hasProblem(problems, "source.table");
    String queryProblem = SourceSpec.queryProblem(query, table);
    if (queryProblem != null) {
      problems.add(
          new ConfigProblem("source.query", queryProblem, top.location(SyncSettings.SOURCE.key())));
    }
    String password = s.get(SyncSettings.SOURCE_PASSWORD);
    return new SourceSpec(
        s.get(SyncSettings.SOURCE_URL),
        s.get(SyncSettings.SOURCE_QUERY),
        s.get(SyncSettings.SOURCE_TABLE),
        s.get(SyncSettings.SOURCE_USER),
        password == null ? Secret.empty() : Secret.of(password),
        s.get(SyncSettings.SOURCE_FETCH_SIZE));
  }

  /**
   * Each mapping entry as the field mapping its shape says (entries with problems are left out).
   */
  private static Map<String, FieldMapping> mappings(Map<String, Values> entries) {
    Map<String, FieldMapping> out = new LinkedHashMap<>();
    for (Map.Entry<String, Values> e : entries.entrySet()) {
      String field = e.getKey();
      Values v = e.getValue();
      int line = v.line();
      if (v.line(MappingSettings.CONST.key()) != null) {
        out.put(field, new FieldMapping.Const(v.get(MappingSettings.CONST), line));
      } else if (v.isSet(MappingSettings.EMAIL)) {
        out.put(
            field,
            new FieldMapping.Email(
                v.get(MappingSettings.EMAIL), v.get(MappingSettings.OPT_OUT), line));
      } else if (v.isSet(MappingSettings.LOOKUP)) {
        Values lk = v.get(MappingSettings.LOOKUP);
        if (lk.isSet(MappingSettings.LOOKUP_MODULE)
            && lk.isSet(MappingSettings.LOOKUP_FIELD)
            && lk.isSet(MappingSettings.LOOKUP_COLUMN)) {
          out.put(
              field,
              new FieldMapping.Lookup(
                  lk.get(MappingSettings.LOOKUP_MODULE),
                  lk.get(MappingSettings.LOOKUP_FIELD),
                  lk.get(MappingSettings.LOOKUP_COLUMN),
                  line));
        }
      } else if (v.isSet(MappingSettings.COLUMN)) {
        out.put(
            field,
            plainColumn(
                field, v.get(MappingSettings.COLUMN), v.get(MappingSettings.TRANSFORM), line));
      }
    }
    return out;
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

  /**
   * The line of every setting the file wrote, keyed like {@code target.module} and {@code
   * mappings.email}, for problems found later (against the source or Sugar) to name it.
   */
  @SuppressWarnings("unchecked")
  private static void lines(
      Section section, Values values, String prefix, Map<String, Integer> out) {
    for (Setting<?> s : section.settings()) {
      Integer line = values.line(s.key());
      if (line == null) {
        continue;
      }
      String key = prefix + s.key();
      out.put(key, line);
      if (!values.isSet(s)) {
        continue;
      }
      if (s.kind() == Setting.Kind.SECTION) {
        lines(s.section(), (Values) values.get(s), key + ".", out);
      } else if (s.kind() == Setting.Kind.SECTION_MAP) {
        for (Map.Entry<String, Values> e : ((Map<String, Values>) values.get(s)).entrySet()) {
          out.put(key + "." + e.getKey(), e.getValue().line());
          lines(s.section(), e.getValue(), key + "." + e.getKey() + ".", out);
        }
      }
    }
  }

  private static boolean hasProblem(List<ConfigProblem> problems, String setting) {
    return problems.stream().anyMatch(p -> p.setting().equals(setting));
  }
}
