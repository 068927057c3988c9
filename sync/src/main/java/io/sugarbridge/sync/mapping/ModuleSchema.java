package io.sugarbridge.sync.mapping;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.meta.FieldDefinition;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A module's fields as Sugar's metadata describes them, with the options of its enum fields, so
 * sync files and rows can be checked before anything is sent (Sugar itself enforces neither
 * required fields nor enum options).
 */
public final class ModuleSchema {
  private final String module;
  private final Map<String, FieldDefinition> fields;
  private final Map<String, Set<String>> enumOptions;

  public ModuleSchema(
      String module, Map<String, FieldDefinition> fields, Map<String, Set<String>> enumOptions) {
    this.module = module;
    this.fields = Map.copyOf(fields);
    this.enumOptions = Map.copyOf(enumOptions);
  }

  /**
   * Reads a module's field definitions and, for the enum fields among {@code enumFieldsOfInterest}
   * (null for all), their options: one metadata call plus one call per enum field.
   */
  public static ModuleSchema load(
      SugarClient client, String module, Set<String> enumFieldsOfInterest) {
    Map<String, FieldDefinition> fields = client.metadata().fields(module);
    Map<String, Set<String>> options = new LinkedHashMap<>();
    for (FieldDefinition f : fields.values()) {
      if (!"enum".equals(f.type())
          || enumFieldsOfInterest != null && !enumFieldsOfInterest.contains(f.name())) {
        continue;
      }
      try {
        options.put(
            f.name(),
            new LinkedHashSet<>(client.metadata().enumOptions(module, f.name()).keySet()));
      } catch (NotFoundException e) {
        // An enum whose list the server cannot name is left unchecked rather than failing rows.
      }
    }
    return new ModuleSchema(module, fields, options);
  }

  public String module() {
    return module;
  }

  public boolean has(String field) {
    return fields.containsKey(field);
  }

  public FieldDefinition field(String name) {
    return fields.get(name);
  }

  /** Every field's definition by name. */
  public Map<String, FieldDefinition> fields() {
    return fields;
  }

  public Set<String> fieldNames() {
    return fields.keySet();
  }

  /** True when Sugar's vardefs mark the field required (the UI's rule; the API ignores it). */
  public boolean required(String field) {
    FieldDefinition f = fields.get(field);
    return f != null && f.required();
  }

  /** The allowed values of an enum field, or null when the field is not a checked enum. */
  public Set<String> options(String field) {
    return enumOptions.get(field);
  }

  /** Fields that are not links, for "did you mean" hints. */
  public List<String> valueFields() {
    return fields.values().stream().filter(f -> !f.isLink()).map(FieldDefinition::name).toList();
  }
}
