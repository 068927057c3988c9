package io.sugarbridge.sync.mapping;

import io.sugarbridge.sync.spec.EnumCheck;
import io.sugarbridge.sync.spec.FieldMapping;
import io.sugarbridge.sync.spec.ModuleDefaults;
import io.sugarbridge.sync.spec.SyncSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks each row against the module's metadata before it is sent, because Sugar's API accepts
 * records missing required values and enum values outside their lists: a required field with no
 * value, or a value outside an enum's options, fails the row naming the source column ({@code
 * enum_check: warn} sends such enum values and records a warning instead).
 */
public final class RowChecker {
  private final SyncSpec spec;
  private final ModuleSchema schema;
  private final Set<String> required = new LinkedHashSet<>();

  public RowChecker(SyncSpec spec, ModuleSchema schema) {
    this.spec = spec;
    this.schema = schema;
    required.addAll(ModuleDefaults.requiredFields(spec.module()));
    for (String field : spec.mappings().keySet()) {
      if (schema.required(field) && !"id".equals(field)) {
        required.add(field);
      }
    }
  }

  public MappedRow check(MappedRow row) {
    List<String> problems = new ArrayList<>(row.problems());
    List<String> warnings = new ArrayList<>(row.warnings());
    Map<String, Object> values = row.values();
    for (String field : required) {
      Object v = values.get(field);
      if (v == null || v.toString().isBlank()) {
        if (spec.mode() == io.sugarbridge.sync.spec.SyncMode.UPDATE
            && !spec.mappings().containsKey(field)) {
          continue;
        }
        problems.add(
            "required field "
                + field
                + " has no value"
                + source(field)
                + "; Sugar needs it on "
                + spec.module());
      }
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Set<String> options = schema.options(e.getKey());
      Object v = e.getValue();
      if (options == null
          || v == null
          || v.toString().isEmpty()
          || options.contains(v.toString())) {
        continue;
      }
      String msg =
          "value '"
              + v
              + "'"
              + source(e.getKey())
              + " is not an option of "
              + e.getKey()
              + " (allowed: "
              + allowed(options)
              + ")";
      if (spec.enumCheck() == EnumCheck.WARN) {
        warnings.add(msg);
      } else {
        problems.add(msg);
      }
    }
    return row.withChecks(problems, warnings);
  }

  /** How many allowed values a message lists before "and N more". */
  static final int ALLOWED_SHOWN = 25;

  /** The allowed values, in full, or the first {@value #ALLOWED_SHOWN} and how many more. */
  static String allowed(Set<String> options) {
    List<String> values = options.stream().filter(o -> !o.isEmpty()).toList();
    if (values.size() <= ALLOWED_SHOWN) {
      return String.join(", ", values);
    }
    return String.join(", ", values.subList(0, ALLOWED_SHOWN))
        + " and "
        + (values.size() - ALLOWED_SHOWN)
        + " more";
  }

  private String source(String field) {
    FieldMapping m = spec.mappings().get(field);
    if (m == null) {
      return " (no mapping)";
    }
    if (m instanceof FieldMapping.Const) {
      return " (constant in mappings." + field + ")";
    }
    return " in column " + String.join("/", m.columns());
  }
}
