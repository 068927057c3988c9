package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import io.sugarbridge.sandbox.app.module.FieldTypes;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.users.PasswordHasher;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Copies API input onto a record the way Sugar's {@code populateFromApi} does: only fields the
 * module defines are read (unknown keys are silently ignored), read-only and computed fields are
 * skipped, values are converted to their field type (a value that cannot be, such as {@code "abc"}
 * for an int, is 422 "Invalid field value"), passwords are hashed, enum values are not checked
 * against their lists, and the email set follows {@link EmailAddresses}.
 */
public final class RecordWriter {
  private static final Set<String> NEVER_WRITTEN =
      Set.of(
          "id",
          "deleted",
          "date_entered",
          "date_modified",
          "created_by",
          "modified_user_id",
          "my_favorite",
          "following",
          "locked_fields",
          "case_number",
          "amount_usdollar",
          "last_login");
  private static final Set<String> LEGACY_EMAIL =
      Set.of("email", "email1", "email2", "email_opt_out", "invalid_email");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RecordWriter() {}

  /** Writes {@code args} onto {@code record} (a mutable copy). */
  public static void apply(ModuleDef module, ObjectNode record, JsonNode args) {
    boolean emailTouched = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      ObjectNode def = module.field(name);
      if (def == null || NEVER_WRITTEN.contains(name) || def.path("readonly").asBoolean(false)) {
        continue;
      }
      if (module.hasEmail() && LEGACY_EMAIL.contains(name)) {
        emailTouched = true;
        continue;
      }
      String type = def.path("type").asText();
      if ("link".equals(type) || module.isNonDb(name)) {
        continue;
      }
      record.set(name, convert(module, name, def, type, e.getValue()));
    }
    if (emailTouched) {
      EmailAddresses.apply(record, args);
    }
  }

  private static JsonNode convert(
      ModuleDef module, String name, ObjectNode def, String type, JsonNode v) {
    if (v == null || v.isNull()) {
      return NODES.nullNode();
    }
    String dbType = def.path("dbType").asText(type);
    if (def.path("isMultiSelect").asBoolean(false) || "multienum".equals(type)) {
      return multi(v);
    }
    String text = v.isValueNode() ? v.asText() : null;
    switch (type) {
      case "password":
        return text == null || text.isEmpty()
            ? NODES.nullNode()
            : NODES.textNode(PasswordHasher.hash(text));
      case "bool":
        return NODES.booleanNode(Args.truthy(v));
      case "json":
        return json(module, name, v);
      default:
        break;
    }
    if (text == null) {
      // Objects and arrays for scalar fields: keep them as Sugar would store their text.
      return NODES.textNode(v.toString());
    }
    if (FieldTypes.isNumeric(dbType)) {
      return number(module, name, dbType, text, v);
    }
    switch (dbType) {
      case "date":
        if (text.isBlank()) {
          return NODES.nullNode();
        }
        LocalDate d = Timestamps.parseDate(text.trim());
        if (d == null) {
          throw invalidValue(module, name);
        }
        return NODES.textNode(d.toString());
      case "datetime":
      case "datetimecombo":
        if (text.isBlank()) {
          return NODES.nullNode();
        }
        Instant t = Timestamps.parseDateTime(text);
        if (t == null) {
          throw invalidValue(module, name);
        }
        return NODES.textNode(Timestamps.format(t));
      default:
        return NODES.textNode(text);
    }
  }

  private static JsonNode number(
      ModuleDef module, String name, String dbType, String text, JsonNode v) {
    if (text.isBlank()) {
      return NODES.nullNode();
    }
    try {
      BigDecimal n = new BigDecimal(text.trim());
      if ("int".equals(dbType)) {
        return NODES.numberNode(n.longValueExact());
      }
      return "currency".equals(dbType) ? NODES.textNode(n.toPlainString()) : v;
    } catch (NumberFormatException | ArithmeticException ex) {
      throw invalidValue(module, name);
    }
  }

  private static JsonNode multi(JsonNode v) {
    ArrayNode out = NODES.arrayNode();
    if (v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    } else {
      String t = v.asText().trim();
      JsonNode parsed = t.startsWith("[") ? Args.parseJson(t) : null;
      if (parsed != null) {
        parsed.forEach(x -> out.add(x.asText()));
        return out;
      }
      // Not a JSON list: a comma list, possibly in Sugar's ^a^,^b^ form.
      for (String p : t.split(",")) {
        String s = p.replace("^", "").trim();
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static JsonNode json(ModuleDef module, String name, JsonNode v) {
    if (v.isObject()) {
      return v.deepCopy();
    }
    if (v.isTextual()) {
      if (v.asText().isBlank()) {
        return NODES.nullNode();
      }
      JsonNode parsed = Args.parseJson(v.asText());
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    }
    throw invalidValue(module, name);
  }

  static SugarApiException invalidValue(ModuleDef module, String field) {
    return SugarApiException.invalidParameter(
        "Invalid field value: " + field + " in module: " + module.name());
  }
}
