package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's self-description (RFC 7643 sections 5 to 7): what it supports in
 * /ServiceProviderConfig (PATCH and filter yes; bulk, sort, ETags and password change no), the
 * User, enterprise User and Group schemas with exactly the attributes the bridge keeps (in Sugar,
 * or in its state file where Sugar has no field, as each such attribute's description says), and
 * the User and Group resource types.
 */
final class ScimDiscovery {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScimDiscovery() {}

  static ObjectNode serviceProviderConfig(String base, int maxResults) {
    ObjectNode c = NODES.objectNode();
    c.putArray("schemas").add(ScimSchemas.SERVICE_PROVIDER_CONFIG);
    c.put("documentationUri", "https://github.com/sugarbridge/sugarbridge/blob/main/docs/scim.md");
    c.putObject("patch").put("supported", true);
    ObjectNode bulk = c.putObject("bulk");
    bulk.put("supported", false);
    bulk.put("maxOperations", 0);
    bulk.put("maxPayloadSize", 0);
    ObjectNode filter = c.putObject("filter");
    filter.put("supported", true);
    filter.put("maxResults", maxResults);
    c.putObject("changePassword").put("supported", false);
    c.putObject("sort").put("supported", false);
    c.putObject("etag").put("supported", false);
    ObjectNode scheme = c.putArray("authenticationSchemes").addObject();
    scheme.put("type", "oauthbearertoken");
    scheme.put("name", "Bearer token");
    scheme.put(
        "description",
        "A token minted by `sugarbridge scim token`, sent as Authorization: Bearer <token>.");
    scheme.put("primary", true);
    ObjectNode meta = c.putObject("meta");
    meta.put("resourceType", "ServiceProviderConfig");
    meta.put("location", base + "/ServiceProviderConfig");
    return c;
  }

  static List<ObjectNode> resourceTypes(String base) {
    ObjectNode user = resourceType(base, "User", "/Users", ScimSchemas.USER, "User accounts");
    ObjectNode ext = user.putArray("schemaExtensions").addObject();
    ext.put("schema", ScimSchemas.ENTERPRISE_USER);
    ext.put("required", false);
    ObjectNode group = resourceType(base, "Group", "/Groups", ScimSchemas.GROUP, "Sugar roles");
    return List.of(user, group);
  }

  private static ObjectNode resourceType(
      String base, String name, String endpoint, String schema, String description) {
    ObjectNode t = NODES.objectNode();
    t.putArray("schemas").add(ScimSchemas.RESOURCE_TYPE);
    t.put("id", name);
    t.put("name", name);
    t.put("endpoint", endpoint);
    t.put("description", description);
    t.put("schema", schema);
    ObjectNode meta = t.putObject("meta");
    meta.put("resourceType", "ResourceType");
    meta.put("location", base + "/ResourceTypes/" + name);
    return t;
  }

  /**
   * The schemas at /Schemas: the User, enterprise User and Group schemas from the attribute table
   * ({@link ScimResourceSchema}, only the attributes it publishes), then the three discovery
   * schemas.
   */
  static List<ObjectNode> schemas(String base) {
    List<ObjectNode> out = new ArrayList<>();
    for (ScimResourceSchema resource : List.of(ScimResourceSchema.USER, ScimResourceSchema.GROUP)) {
      for (ScimResourceSchema.Schema s : resource.schemas()) {
        out.add(schema(base, s.id(), s.name(), s.description(), s.attributes()));
      }
    }
    out.add(
        schema(
            base,
            ScimSchemas.SERVICE_PROVIDER_CONFIG,
            "Service Provider Configuration",
            "What this bridge supports",
            discovery(
                readOnly("patch", "complex").required(),
                readOnly("bulk", "complex").required(),
                readOnly("filter", "complex").required(),
                readOnly("changePassword", "complex").required(),
                readOnly("sort", "complex").required(),
                readOnly("etag", "complex").required(),
                readOnly("authenticationSchemes", "complex").multiValued().required())));
    out.add(
        schema(
            base,
            ScimSchemas.RESOURCE_TYPE,
            "ResourceType",
            "A kind of resource served",
            discovery(
                readOnly("id", "string"),
                readOnly("name", "string").required(),
                readOnly("endpoint", "string").required(),
                readOnly("schema", "string").required(),
                readOnly("schemaExtensions", "complex").multiValued())));
    out.add(
        schema(
            base,
            ScimSchemas.SCHEMA,
            "Schema",
            "A schema definition",
            discovery(
                readOnly("id", "string").required(),
                readOnly("name", "string"),
                readOnly("description", "string"),
                readOnly("attributes", "complex").multiValued().required())));
    return out;
  }

  private static ScimAttribute.Builder readOnly(String name, String type) {
    return ScimAttribute.of(name, type).mutability("readOnly");
  }

  private static List<ScimAttribute> discovery(ScimAttribute.Builder... attributes) {
    List<ScimAttribute> out = new ArrayList<>();
    for (ScimAttribute.Builder b : attributes) {
      out.add(b.build(null, null));
    }
    return out;
  }

  private static ObjectNode schema(
      String base, String id, String name, String description, List<ScimAttribute> attributes) {
    ObjectNode s = schema(base, id, name, description);
    ArrayNode list = s.putArray("attributes");
    for (ScimAttribute a : attributes) {
      if (a.published()) {
        list.add(attr(a));
      }
    }
    return s;
  }

  /** One attribute's RFC 7643 section 7 definition, with its published sub-attributes. */
  private static ObjectNode attr(ScimAttribute attribute) {
    ObjectNode a = NODES.objectNode();
    a.put("name", attribute.name());
    a.put("type", attribute.type());
    a.put("multiValued", attribute.multiValued());
    a.put("required", attribute.required());
    a.put("caseExact", attribute.caseExact());
    a.put("mutability", attribute.mutability());
    a.put("returned", attribute.returned());
    a.put("uniqueness", attribute.uniqueness());
    if (attribute.description() != null) {
      a.put("description", attribute.description());
    }
    if (!attribute.canonicalValues().isEmpty()) {
      ArrayNode values = a.putArray("canonicalValues");
      attribute.canonicalValues().forEach(values::add);
    }
    if (!attribute.subAttributes().isEmpty()) {
      ArrayNode subs = a.putArray("subAttributes");
      for (ScimAttribute sub : attribute.subAttributes()) {
        if (sub.published()) {
          subs.add(attr(sub));
        }
      }
    }
    return a;
  }

  private static ObjectNode schema(String base, String id, String name, String description) {
    ObjectNode s = NODES.objectNode();
    s.putArray("schemas").add(ScimSchemas.SCHEMA);
    s.put("id", id);
    s.put("name", name);
    s.put("description", description);
    ObjectNode meta = s.putObject("meta");
    meta.put("resourceType", "Schema");
    meta.put("location", base + "/Schemas/" + id);
    return s;
  }
}
