package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a SCIM PATCH request (RFC 7644 section 3.5.2) to a resource's JSON, after bringing the
 * shapes identity providers actually send into the RFC's form: Entra ID capitalises {@code op}
 * ({@code "Replace"}), sends booleans as strings ({@code "False"}), sends the manager as a bare id,
 * removes group members with {@code path:"members"} plus a value list, and replaces {@code
 * emails[type eq "work"].value} on users that have no such email yet; Okta deactivates with no path
 * and a value object ({@code {"active":false}}), and both send dotted or URN-qualified keys inside
 * a no-path value object. The operations themselves (paths, value filters) are the UnboundID SCIM 2
 * SDK's.
 */
final class ScimPatch {
  private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScimPatch() {}

  /**
   * Applies normalised operations (see {@link #normalise}) to a copy of {@code resource} and
   * returns the copy.
   *
   * @throws ScimException invalidSyntax, invalidPath, noTarget or invalidValue naming the operation
   */
  static ObjectNode apply(ObjectNode resource, List<ObjectNode> ops) {
    ObjectNode target = resource.deepCopy();
    for (int i = 0; i < ops.size(); i++) {
      ObjectNode op = ops.get(i);
      try {
        applyOne(target, op);
      } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
        String type = e.getScimError().getScimType();
        throw new ScimException(
            e.getScimError().getStatus(),
            type,
            "PATCH operation " + describe(op) + " failed: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw ScimException.invalidValue(
            "PATCH operation " + describe(op) + " is not valid: " + e.getMessage());
      }
    }
    return target;
  }

  private static void applyOne(ObjectNode target, ObjectNode op)
      throws com.unboundid.scim2.common.exceptions.ScimException {
    PatchOperation parsed = parse(op);
    try {
      parsed.apply(target);
    } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
      // Entra ID replaces emails[type eq "work"].value on a user with no work email yet: RFC 7644
      // says replace then fails with noTarget, but the provider means "set it", so it is added.
      String path = op.path("path").asText("");
      if ("replace".equals(op.path("op").asText())
          && path.contains("[")
          && "noTarget".equals(e.getScimError().getScimType())) {
        ObjectNode asAdd = op.deepCopy();
        asAdd.put("op", "add");
        parse(asAdd).apply(target);
      } else {
        throw e;
      }
    }
  }

  private static PatchOperation parse(ObjectNode op) {
    try {
      PatchRequest one =
          MAPPER.treeToValue(
              MAPPER
                  .createObjectNode()
                  .<ObjectNode>set("schemas", NODES.arrayNode().add(ScimSchemas.PATCH_OP))
                  .set("Operations", NODES.arrayNode().add(op)),
              PatchRequest.class);
      return one.getOperations().get(0);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ScimException.invalidSyntax(
          "PATCH operation " + describe(op) + " cannot be read: " + cause.getMessage());
    }
  }

  /**
   * The operations of {@code body} in RFC 7644 form, one per attribute path where possible, each
   * path checked against {@code attributes}. Done before the resource is read, so a malformed
   * request is a 400 even for an id that does not exist.
   */
  static List<ObjectNode> normalise(JsonNode body, ScimAttributes attributes) {
    List<ObjectNode> ops = normalise(body);
    for (ObjectNode op : ops) {
      String path = op.path("path").asText(null);
      if (path != null) {
        attributes.checkPatchPath(path);
      }
    }
    return ops;
  }

  private static List<ObjectNode> normalise(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ScimException.invalidSyntax("A PATCH body must be a JSON object (a PatchOp message).");
    }
    JsonNode schemas = ScimJson.child(body, "schemas");
    boolean patchOp = false;
    if (schemas != null && schemas.isArray()) {
      for (JsonNode s : schemas) {
        patchOp |= ScimSchemas.PATCH_OP.equalsIgnoreCase(s.asText());
      }
    }
    if (!patchOp) {
      throw ScimException.invalidSyntax(
          "A PATCH body must list the schema " + ScimSchemas.PATCH_OP + " in 'schemas'.");
    }
    JsonNode operations = ScimJson.child(body, "Operations");
    if (operations == null || !operations.isArray() || operations.isEmpty()) {
      throw ScimException.invalidSyntax(
          "A PATCH body needs a non-empty 'Operations' array of {op, path, value}.");
    }
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode raw : operations) {
      if (!raw.isObject()) {
        throw ScimException.invalidSyntax("Each PATCH operation must be a JSON object: " + raw);
      }
      String op = ScimJson.text(raw, "op");
      String name = op == null ? "" : op.trim().toLowerCase(Locale.ROOT);
      if (!name.equals("add") && !name.equals("replace") && !name.equals("remove")) {
        throw ScimException.invalidSyntax(
            "PATCH operation 'op' must be add, replace or remove, not " + raw.get("op") + ".");
      }
      String path = ScimJson.text(raw, "path");
      JsonNode value = ScimJson.child(raw, "value");
      if (name.equals("remove")) {
        if (path == null) {
          throw new ScimException(
              400, "noTarget", "A PATCH remove operation needs a 'path' naming what to remove.");
        }
        out.addAll(removals(path, value));
      } else if (path == null) {
        if (value == null || !value.isObject()) {
          throw ScimException.invalidValue(
              "A PATCH " + name + " without 'path' needs a JSON object 'value'.");
        }
        out.addAll(expand(name, (ObjectNode) value));
      } else {
        if (value == null || value.isNull()) {
          throw ScimException.invalidValue("PATCH " + name + " of '" + path + "' has no 'value'.");
        }
        out.add(op(name, path, coerce(path, value)));
      }
    }
    return out;
  }

  /** Entra ID removes members with path "members" and a list of {value}: one removal each. */
  private static List<ObjectNode> removals(String path, JsonNode value) {
    List<ObjectNode> out = new ArrayList<>();
    if (path.equalsIgnoreCase("members") && value != null && value.isArray() && !value.isEmpty()) {
      for (JsonNode m : value) {
        String id = ScimJson.text(m, "value");
        if (id == null) {
          throw ScimException.invalidValue("Each member to remove needs a 'value' (its id).");
        }
        out.add(op("remove", "members[value eq \"" + id.replace("\"", "\\\"") + "\"]", null));
      }
      return out;
    }
    out.add(op("remove", path, null));
    return out;
  }

  /**
   * A no-path add/replace: keys with a dot or a schema URN become operations with that path, the
   * extension object becomes one operation per sub-attribute, and the rest stays one merged value.
   */
  private static List<ObjectNode> expand(String name, ObjectNode value) {
    List<ObjectNode> out = new ArrayList<>();
    ObjectNode plain = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.regionMatches(true, 0, "urn:", 0, 4)) {
        if (e.getValue().isObject() && isSchemaUrn(key)) {
          for (Iterator<Map.Entry<String, JsonNode>> sub = e.getValue().fields(); sub.hasNext(); ) {
            Map.Entry<String, JsonNode> s = sub.next();
            String path = key + ":" + s.getKey();
            out.add(op(name, path, coerce(path, s.getValue())));
          }
        } else {
          out.add(op(name, key, coerce(key, e.getValue())));
        }
      } else if (key.contains(".")) {
        out.add(op(name, key, coerce(key, e.getValue())));
      } else {
        plain.set(key, coerce(key, e.getValue()));
      }
    }
    if (!plain.isEmpty()) {
      out.add(0, op(name, null, plain));
    }
    return out;
  }

  private static boolean isSchemaUrn(String key) {
    return key.equalsIgnoreCase(ScimSchemas.ENTERPRISE_USER)
        || key.equalsIgnoreCase(ScimSchemas.USER)
        || key.equalsIgnoreCase(ScimSchemas.GROUP);
  }

  /** String booleans for {@code active}, and a bare manager id as {@code {"value": id}}. */
  private static JsonNode coerce(String path, JsonNode value) {
    String last = path.substring(path.lastIndexOf(':') + 1);
    if (last.equalsIgnoreCase("active")) {
      Boolean b = ScimJson.bool(value, "active");
      return b == null ? value : NODES.booleanNode(b);
    }
    if (last.equalsIgnoreCase("manager") && value.isTextual()) {
      ObjectNode m = NODES.objectNode();
      m.put("value", value.asText());
      return m;
    }
    if (last.equalsIgnoreCase("primary") && value.isTextual()) {
      return NODES.booleanNode(ScimJson.bool(value, path));
    }
    // emails[type eq "home"] replaced with [{...}]: the filter picks one value, so a list of one
    // object means that object (SAP's suite sends this; UnboundID would otherwise drop the value).
    if (path.endsWith("]") && value.isArray() && value.size() == 1 && value.get(0).isObject()) {
      return value.get(0);
    }
    return value;
  }

  private static ObjectNode op(String name, String path, JsonNode value) {
    ObjectNode o = NODES.objectNode();
    o.put("op", name);
    if (path != null) {
      o.put("path", path);
    }
    if (value != null) {
      o.set("value", value);
    }
    return o;
  }

  private static String describe(ObjectNode op) {
    String path = op.path("path").asText(null);
    return op.path("op").asText() + (path == null ? "" : " '" + path + "'");
  }
}
