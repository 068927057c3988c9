package io.sugarbridge.sync.spec;

import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.error.ConfigProblem;
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
                    + Suggestions.didYouMeanOrCompletion(e.getKey(), fields)
                    + "; fix the name or add the field in Studio",
                spec.location("mappings." + e.getKey())));
      }
      if (e.getValue() instanceof FieldMapping.Lookup lk) {
        Set<String> parent = fieldsOf.apply(lk.module());
        if (!parent.contains(lk.field())) {
          problems.add(
              new ConfigProblem(
                  "mappings." + e.getKey() + ".lookup.field",
                  lk.module()
                      + " has no field '"
                      + lk.field()
                      + "'"
                      + Suggestions.didYouMeanOrCompletion(lk.field(), parent),
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
                  + Suggestions.didYouMeanOrCompletion(spec.match().field(), fields),
              spec.location("target.match")));
    }
    return problems;
  }

  /**
   * Problems with mappings whose Sugar field cannot take what the mapping gives it: a plain value
   * (column or constant) on a field Sugar does not store as a value (a link, the name shown for a
   * related record, a computed full name, a parent's name, Sugar's email address list), or {@code
   * {email: …}} on a field that is not the email address list. Each names the field and the mapping
   * to write instead. {@code fields} is the module's metadata; fields it lacks are left to {@link
   * #checkFields}.
   */
  public static List<ConfigProblem> checkFieldTypes(
      SyncSpec spec, Map<String, FieldDefinition> fields) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, FieldMapping> e : spec.mappings().entrySet()) {
      FieldDefinition def = fields.get(e.getKey());
      if (def == null || def.type() == null) {
        continue;
      }
      FieldMapping m = e.getValue();
      String setting = "mappings." + e.getKey();
      String problem = null;
      if (m instanceof FieldMapping.Email) {
        if (!"email".equals(def.type())) {
          problem =
              "{email: …} builds Sugar's email address list, but "
                  + e.getKey()
                  + " is a "
                  + def.type()
                  + " field; write '"
                  + e.getKey()
                  + ": "
                  + m.columns().get(0)
                  + "' to send the address as a plain value";
        }
      } else if (m instanceof FieldMapping.Column || m instanceof FieldMapping.Const) {
        problem = plainValueProblem(spec.module(), e.getKey(), def, fields, plainSource(m));
      }
      if (problem != null) {
        problems.add(new ConfigProblem(setting, problem, spec.location(setting)));
      }
    }
    return problems;
  }

  private static String plainSource(FieldMapping m) {
    return m instanceof FieldMapping.Column c ? c.column() : "<column>";
  }

  /** Why a field cannot take a plain value and what to map instead, or null when it can. */
  private static String plainValueProblem(
      String module,
      String field,
      FieldDefinition def,
      Map<String, FieldDefinition> fields,
      String column) {
    String type = def.type();
    String idName = def.raw() == null ? null : def.raw().path("id_name").asText(null);
    String rname = def.raw() == null ? null : def.raw().path("rname").asText(null);
    String related = def.raw() == null ? null : def.raw().path("module").asText(null);
    switch (type) {
      case "email":
        return field
            + " is Sugar's list of email addresses and ignores a plain value; write '"
            + field
            + ": {email: "
            + column
            + "}' (add opt_out: <column> for the opt-out flag)";
      case "link":
        String relateId =
            fields.values().stream()
                .filter(
                    f ->
                        "relate".equals(f.type())
                            && f.raw() != null
                            && field.equals(f.raw().path("link").asText(null)))
                .map(f -> f.raw().path("id_name").asText(f.name()))
                .filter(fields::containsKey)
                .findFirst()
                .orElse(null);
        return field
            + " is a link to related "
            + (related == null ? "records" : related)
            + ", not a value, and Sugar ignores a plain value on it; "
            + (relateId == null
                ? "map the related record's id field instead"
                : "write '"
                    + relateId
                    + ": {lookup: {module: "
                    + (related == null ? "<Module>" : related)
                    + ", field: name, column: "
                    + column
                    + "}}' to set the related record");
      case "relate":
        String dbType = def.raw() == null ? null : def.raw().path("dbType").asText(null);
        if ("id".equals(dbType)
            || (idName == null ? rname == null || "id".equals(rname) : idName.equals(field))) {
          return null;
        }
        String by = "Users".equals(related) ? "user_name" : rname == null ? "name" : rname;
        return field
            + " shows the "
            + (rname == null ? "name" : rname)
            + " of the related "
            + (related == null ? "record" : related + " record")
            + " and Sugar does not store a value written to it; write '"
            + (idName == null ? "<id field>" : idName)
            + ": {lookup: {module: "
            + (related == null ? "<Module>" : related)
            + ", field: "
            + by
            + ", column: "
            + column
            + "}}' to set the related record";
      case "parent":
        String typeName = def.raw() == null ? null : def.raw().path("type_name").asText(null);
        return field
            + " shows the name of the parent record and Sugar does not store a value written to"
            + " it; map "
            + (typeName == null ? "parent_type" : typeName)
            + " (the parent's module) and "
            + (idName == null ? "parent_id" : idName)
            + " (its id, e.g. with {lookup: {module, field, column}}) instead";
      case "fullname":
        return field
            + " is computed by Sugar from the name parts and ignores a written value; map"
            + " first_name and last_name instead";
      case "locked_fields":
        return field + " is managed by Sugar and cannot be written; remove this mapping";
      default:
        return null;
    }
  }
}
