package io.sugarbridge.sandbox.app.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sandbox's modules, relationships and dropdown lists, read from the data files under {@code
 * io/sugarbridge/sandbox/} (one vardef file per module, field templates, relationships, {@code
 * app_list_strings}) plus the custom {@code *_c} fields a user declares in {@code
 * <dataDir>/custom_fields.json}, which stand in for Sugar's Studio.
 *
 * <p>{@code custom_fields.json} maps a module name to a list of fields, e.g. {@code
 * {"Contacts":[{"name":"loyalty_tier_c","type":"enum","options":["gold","silver"]}]}}. {@code
 * options} is a list of values, an object of value to label, or the name of an existing dropdown
 * list. A mistake there stops the start-up with a message naming the file and the entry.
 */
public final class ModuleCatalog {
  /** Module names in the order Sugar's module list shows them. */
  public static final List<String> MODULE_NAMES =
      List.of(
          "Accounts",
          "Contacts",
          "Leads",
          "Opportunities",
          "Cases",
          "Notes",
          "Tasks",
          "Users",
          "ACLRoles");

  /** The file under the data directory that declares custom fields. */
  public static final String CUSTOM_FIELDS_FILE = "custom_fields.json";

  private static final String BASE = "/io/sugarbridge/sandbox/";
  private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z][a-z0-9_]*_c");
  private static final Set<String> CUSTOM_TYPES =
      Set.of(
          "varchar",
          "text",
          "textarea",
          "int",
          "float",
          "decimal",
          "currency",
          "bool",
          "date",
          "datetime",
          "datetimecombo",
          "enum",
          "multienum",
          "radioenum",
          "url",
          "phone");

  private final Map<String, ModuleDef> modules;
  private final Map<String, Relationship> relationships;
  private final ObjectNode appListStrings;

  private ModuleCatalog(
      Map<String, ModuleDef> modules,
      Map<String, Relationship> relationships,
      ObjectNode appListStrings) {
    this.modules = modules;
    this.relationships = relationships;
    this.appListStrings = appListStrings;
  }

  /**
   * Loads the built-in modules and, when {@code dataDir} holds a {@code custom_fields.json}, the
   * custom fields declared there.
   *
   * @throws IllegalArgumentException naming the file and entry when a custom field is wrong
   */
  public static ModuleCatalog load(ObjectMapper json, Path dataDir) {
    ObjectNode templates = (ObjectNode) resource(json, "vardefs/templates.json");
    ObjectNode lists = (ObjectNode) resource(json, "app_list_strings.json");
    Map<String, Relationship> rels = new LinkedHashMap<>();
    readRelationships((ObjectNode) resource(json, "relationships.json"), rels);

    Map<String, ObjectNode> files = new LinkedHashMap<>();
    Map<String, Map<String, ObjectNode>> fieldsByModule = new LinkedHashMap<>();
    for (String m : MODULE_NAMES) {
      ObjectNode file = (ObjectNode) resource(json, "vardefs/" + m + ".json");
      files.put(m, file);
      Map<String, ObjectNode> fields = new LinkedHashMap<>();
      for (JsonNode t : file.path("templates")) {
        ObjectNode template = (ObjectNode) templates.get(t.asText());
        if (template == null) {
          throw new IllegalStateException("vardefs/" + m + ".json names unknown template " + t);
        }
        for (JsonNode f : template.path("fields")) {
          ObjectNode field = (ObjectNode) substitute(json, f, m);
          fields.put(field.path("name").asText(), field);
        }
        if (template.has("relationships")) {
          readRelationships((ObjectNode) substitute(json, template.get("relationships"), m), rels);
        }
      }
      for (JsonNode f : file.path("fields")) {
        fields.put(f.path("name").asText(), ((ObjectNode) f).deepCopy());
      }
      fieldsByModule.put(m, fields);
    }

    if (dataDir != null) {
      Path custom = dataDir.resolve(CUSTOM_FIELDS_FILE);
      if (Files.isRegularFile(custom)) {
        readCustomFields(json, custom, fieldsByModule, lists);
      }
    }

    Map<String, ModuleDef> modules = new LinkedHashMap<>();
    for (String m : MODULE_NAMES) {
      Map<String, ObjectNode> fields = fieldsByModule.get(m);
      Map<String, LinkDef> links = new LinkedHashMap<>();
      for (ObjectNode f : fields.values()) {
        if (!"link".equals(f.path("type").asText())) {
          continue;
        }
        String name = f.path("name").asText();
        Relationship rel = rels.get(f.path("relationship").asText());
        if (rel == null) {
          throw new IllegalStateException(
              "vardefs/" + m + ".json link " + name + " names unknown relationship");
        }
        boolean left;
        if (rel.lhsModule().equals(rel.rhsModule())) {
          left = !"right".equals(f.path("side").asText("left"));
        } else {
          left = rel.lhsModule().equals(m);
        }
        links.put(name, new LinkDef(name, m, f.path("module").asText(), rel, left));
      }
      ObjectNode file = files.get(m);
      modules.put(
          m,
          new ModuleDef(
              m,
              file.path("table").asText(m.toLowerCase(Locale.ROOT)),
              file.path("object_name").asText(m),
              file.path("sync").asBoolean(false),
              fields,
              links,
              strings(file.path("no_access_fields")),
              strings(file.path("admin_only_fields"))));
    }
    return new ModuleCatalog(modules, rels, lists);
  }

  public boolean isModule(String name) {
    return modules.containsKey(name);
  }

  /** The module, or null. */
  public ModuleDef module(String name) {
    return modules.get(name);
  }

  public Iterable<ModuleDef> modules() {
    return modules.values();
  }

  public Map<String, Relationship> relationships() {
    return relationships;
  }

  /** Dropdown lists by name (Sugar's {@code app_list_strings}); callers must not modify. */
  public ObjectNode appListStrings() {
    return appListStrings;
  }

  private static JsonNode resource(ObjectMapper json, String name) {
    try (InputStream in = ModuleCatalog.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing sandbox data file " + BASE + name);
      }
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sandbox data file " + BASE + name, e);
    }
  }

  private static JsonNode substitute(ObjectMapper json, JsonNode node, String module) {
    try {
      String text =
          json.writeValueAsString(node)
              .replace("{module}", module)
              .replace("{lower}", module.toLowerCase(Locale.ROOT));
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readRelationships(ObjectNode node, Map<String, Relationship> into) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("_")) {
        continue;
      }
      JsonNode r = e.getValue();
      List<String> fields = new ArrayList<>();
      r.path("fields").forEach(f -> fields.add(f.asText()));
      into.put(
          e.getKey(),
          new Relationship(
              e.getKey(),
              r.path("lhs_module").asText(),
              r.path("rhs_module").asText(),
              "many-to-many".equals(r.path("relationship_type").asText()),
              r.hasNonNull("rhs_key") ? r.get("rhs_key").asText() : null,
              r.hasNonNull("relationship_role_column")
                  ? r.get("relationship_role_column").asText()
                  : null,
              r.hasNonNull("relationship_role_column_value")
                  ? r.get("relationship_role_column_value").asText()
                  : null,
              List.copyOf(fields)));
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void readCustomFields(
      ObjectMapper json,
      Path file,
      Map<String, Map<String, ObjectNode>> fieldsByModule,
      ObjectNode lists) {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + " is not valid JSON (" + e.getMessage() + "); fix the syntax", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          file
              + " must be a JSON object of module name to a list of fields, e.g."
              + " {\"Contacts\":[{\"name\":\"loyalty_tier_c\",\"type\":\"varchar\"}]}");
    }
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String module = e.getKey();
      Map<String, ObjectNode> fields = fieldsByModule.get(module);
      if (fields == null) {
        throw new IllegalArgumentException(
            file
                + ": \""
                + module
                + "\" is not a sandbox module; use one of "
                + String.join(", ", MODULE_NAMES));
      }
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(
            file + ": \"" + module + "\" must be a list of field objects");
      }
      int index = 0;
      for (JsonNode entry : e.getValue()) {
        String where = file + ": " + module + "[" + index + "]";
        fields.putAll(customField(json, where, module, entry, fields, lists));
        index++;
      }
    }
  }

  private static Map<String, ObjectNode> customField(
      ObjectMapper json,
      String where,
      String module,
      JsonNode entry,
      Map<String, ObjectNode> existing,
      ObjectNode lists) {
    if (!entry.isObject() || !entry.path("name").isTextual()) {
      throw new IllegalArgumentException(
          where + " must be an object with at least \"name\" (ending _c) and \"type\"");
    }
    String name = entry.get("name").asText();
    if (!CUSTOM_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          where
              + " (\""
              + name
              + "\"): a custom field name must be lower-case letters, digits and _ and end"
              + " with _c, as Studio names them; rename it to \""
              + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_c$", "")
              + "_c\"");
    }
    if (existing.containsKey(name)) {
      throw new IllegalArgumentException(
          where + " (\"" + name + "\"): " + module + " already has a field of that name");
    }
    String type = entry.path("type").asText("varchar");
    if (!CUSTOM_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          where
              + " (\""
              + name
              + "\"): unknown type \""
              + type
              + "\"; use one of "
              + String.join(", ", new java.util.TreeSet<>(CUSTOM_TYPES)));
    }
    ObjectNode f = json.createObjectNode();
    f.put("name", name);
    f.put("vname", entry.path("label").asText("LBL_" + name.toUpperCase(Locale.ROOT)));
    f.put("type", type);
    if (entry.has("len")) {
      f.set("len", entry.get("len"));
    } else if ("varchar".equals(type) || "url".equals(type) || "phone".equals(type)) {
      f.put("len", 255);
    }
    f.put("required", entry.path("required").asBoolean(false));
    if (entry.has("default")) {
      f.set("default", entry.get("default"));
    }
    if (type.contains("enum")) {
      JsonNode options = entry.get("options");
      String listName;
      if (options == null) {
        throw new IllegalArgumentException(
            where
                + " (\""
                + name
                + "\"): an "
                + type
                + " field needs \"options\": a list of values, an object of value to label,"
                + " or the name of a dropdown list");
      } else if (options.isTextual()) {
        listName = options.asText();
        if (!lists.has(listName)) {
          throw new IllegalArgumentException(
              where + " (\"" + name + "\"): no dropdown list named \"" + listName + "\"");
        }
      } else {
        listName = name.replaceAll("_c$", "") + "_list";
        if (lists.has(listName)) {
          listName = module.toLowerCase(Locale.ROOT) + "_" + listName;
        }
        ObjectNode values = json.createObjectNode();
        if (options.isArray()) {
          options.forEach(o -> values.put(o.asText(), o.asText()));
        } else if (options.isObject()) {
          options.fields().forEachRemaining(o -> values.put(o.getKey(), o.getValue().asText()));
        } else {
          throw new IllegalArgumentException(
              where + " (\"" + name + "\"): \"options\" must be a list, an object or a name");
        }
        lists.set(listName, values);
      }
      f.put("options", listName);
      if ("multienum".equals(type)) {
        f.put("isMultiSelect", true);
      }
    }
    f.put("source", "custom_fields");
    f.put("custom_module", module);
    f.put("id", module + name);
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    out.put(name, f);
    return out;
  }
}
