package io.sugarbridge.sync.spec;

import io.sugarbridge.client.error.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of a sync file that need the source's columns or Sugar's metadata, each problem naming
 * the line: columns the query does not return, fields the module does not have, lookups and match
 * rules naming unknown fields. Also seeds the default mappings when the file has none.
 */
public final class SpecChecks {
  private SpecChecks() {}

  /** The module's default fields that the source has a same-named column for. */
  public static Map<String, FieldMapping> seedMappings(String module, List<String> columns) {
    Map<String, FieldMapping> out = new LinkedHashMap<>();
    for (String field : ModuleDefaults.defaultFields(module)) {
      if (!columns.contains(field)) {
        continue;
      }
      out.put(
          field,
          "email".equals(field)
              ? new FieldMapping.Email(
                  field, columns.contains("email_opt_out") ? "email_opt_out" : null, 0)
              : new FieldMapping.Column(field, FieldMapping.Transform.NONE, 0));
    }
    return out;
  }

  /** Problems with columns the source does not return (none when it cannot tell). */
  public static List<ConfigProblem> checkColumns(SyncSpec spec, List<String> columns) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (columns == null || columns.isEmpty()) {
      return problems;
    }
    String available = String.join(", ", columns);
    for (String k : spec.key()) {
      if (!columns.contains(k.toLowerCase(Locale.ROOT))) {
        problems.add(
            new ConfigProblem(
                "key",
                "column '" + k + "' is not in the source's result (columns: " + available + ")",
                spec.location("key")));
      }
    }
    if (spec.match() != null && !columns.contains(spec.match().column())) {
      problems.add(
          new ConfigProblem(
              "target.match.column",
              "column '"
                  + spec.match().column()
                  + "' is not in the source's result (columns: "
                  + available
                  + ")",
              spec.location("target.match")));
    }
    for (Map.Entry<String, FieldMapping> e : spec.mappings().entrySet()) {
      for (String c : e.getValue().columns()) {
        if (!columns.contains(c)) {
          problems.add(
              new ConfigProblem(
                  "mappings." + e.getKey(),
                  "column '" + c + "' is not in the source's result (columns: " + available + ")",
                  spec.location("mappings." + e.getKey())));
        }
      }
    }
    if (spec.mappings().isEmpty()) {
      problems.add(
          new ConfigProblem(
              "mappings",
              "no mapping: the source has none of "
                  + spec.module()
                  + "'s default fields ("
                  + String.join(", ", ModuleDefaults.defaultFields(spec.module()))
                  + ") as columns; add a mappings section",
              spec.location("mappings")));
    } else if (spec.defaultMappings()) {
      for (String req : ModuleDefaults.requiredFields(spec.module())) {
        if (!spec.mappings().containsKey(req)) {
          problems.add(
              new ConfigProblem(
                  "mappings",
                  "without a mappings section the source needs a column named '"
                      + req
                      + "' for "
                      + spec.module()
                      + "'s required field; add it or write mappings",
                  spec.location("mappings")));
        }
      }
    }
    return problems;
  }

  /**
   * Problems with fields unknown to Sugar; {@code fieldsOf} answers a module's field names from its
   * metadata.
   */
  public static List<ConfigProblem> checkFields(
      SyncSpec spec, Function<String, Set<String>> fieldsOf) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> fields = fieldsOf.apply(spec.module());
    for (Map.Entry<String, FieldMapping> e : spec.mappings().entrySet()) {
      if (!fields.contains(e.getKey())) {
        problems.add(
            new ConfigProblem(
                "mappings." + e.getKey(),
                spec.module()
                    + " has no field '"
                    + e.getKey()
                    + "' in Sugar's metadata"
                    + hint(e.getKey(), fields)
                    + "; fix the name or add the field in Studio",
                spec.location("mappings." + e.getKey())));
      }
      if (e.getValue() instanceof FieldMapping.Lookup lk) {
        Set<String> parent = fieldsOf.apply(lk.module());
        if (!parent.contains(lk.field())) {
          problems.add(
              new ConfigProblem(
                  "mappings." + e.getKey() + ".lookup.field",
                  lk.module() + " has no field '" + lk.field() + "'" + hint(lk.field(), parent),
                  spec.location("mappings." + e.getKey())));
        }
      }
    }
    if (spec.match() != null && !spec.match().byId() && !fields.contains(spec.match().field())) {
      problems.add(
          new ConfigProblem(
              "target.match.field",
              spec.module()
                  + " has no field '"
                  + spec.match().field()
                  + "' to match by"
                  + hint(spec.match().field(), fields),
              spec.location("target.match")));
    }
    return problems;
  }

  private static String hint(String name, Set<String> fields) {
    String n = name.toLowerCase(Locale.ROOT);
    return fields.stream()
        .filter(f -> f.equalsIgnoreCase(n) || f.startsWith(n) || n.startsWith(f) && f.length() > 3)
        .findFirst()
        .map(f -> " (did you mean '" + f + "'?)")
        .orElse("");
  }
}
