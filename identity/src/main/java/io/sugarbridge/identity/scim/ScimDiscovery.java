package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  static List<ObjectNode> schemas(String base) {
    ObjectNode user = schema(base, ScimSchemas.USER, "User", "User Account");
    ArrayNode ua = user.putArray("attributes");
    ua.add(attr("userName", "string", false, true, "readWrite", "server"));
    ObjectNode name = attr("name", "complex", false, false, "readWrite", "none");
    ArrayNode nameSubs = name.putArray("subAttributes");
    nameSubs.add(attr("givenName", "string", false, false, "readWrite", "none"));
    nameSubs.add(attr("familyName", "string", false, false, "readWrite", "none"));
    nameSubs.add(
        bridgeOnly(attr("formatted", "string", false, false, "readWrite", "none"))
            .put(
                "description", "Sugar's full name unless set; a set value is kept by the bridge."));
    for (String sub : List.of("middleName", "honorificPrefix", "honorificSuffix")) {
      nameSubs.add(bridgeOnly(attr(sub, "string", false, false, "readWrite", "none")));
    }
    ua.add(name);
    ua.add(
        bridgeOnly(attr("displayName", "string", false, false, "readWrite", "none"))
            .put(
                "description", "Sugar's full name unless set; a set value is kept by the bridge."));
    ua.add(bridgeOnly(attr("nickName", "string", false, false, "readWrite", "none")));
    for (String a : List.of("userType", "profileUrl", "locale", "timezone")) {
      ua.add(bridgeOnly(attr(a, "string", false, false, "readWrite", "none")));
    }
    ua.add(attr("title", "string", false, false, "readWrite", "none"));
    ua.add(
        attr("preferredLanguage", "string", false, false, "readWrite", "none")
            .put("description", "Sugar's preferred_language: en-US is en_us, de-DE is de_DE."));
    ua.add(attr("active", "boolean", false, false, "readWrite", "none"));
    ua.add(
        attr("password", "string", false, false, "writeOnly", "none")
            .put("returned", "never")
            .put(
                "description",
                "Accepted and ignored: the bridge never sends a password to Sugar."));
    ua.add(multi("emails", "work", "home", "other"));
    ua.add(multi("phoneNumbers", "work", "mobile", "home", "other", "fax"));
    ObjectNode addresses = attr("addresses", "complex", true, false, "readWrite", "none");
    addresses.put(
        "description",
        "The work address (or a lone address without a type) is kept in Sugar; addresses of"
            + " other types are kept by the bridge in its state file, not in Sugar.");
    ArrayNode as = addresses.putArray("subAttributes");
    for (String sub : List.of("streetAddress", "locality", "region", "postalCode", "country")) {
      as.add(attr(sub, "string", false, false, "readWrite", "none"));
    }
    as.add(bridgeOnly(attr("formatted", "string", false, false, "readWrite", "none")));
    ObjectNode addressType = attr("type", "string", false, false, "readWrite", "none");
    addressType.putArray("canonicalValues").add("work").add("home").add("other");
    as.add(addressType);
    as.add(attr("primary", "boolean", false, false, "readWrite", "none"));
    ua.add(addresses);
    ObjectNode groups = attr("groups", "complex", true, false, "readOnly", "none");
    ArrayNode gs = groups.putArray("subAttributes");
    gs.add(attr("value", "string", false, false, "readOnly", "none"));
    gs.add(attr("display", "string", false, false, "readOnly", "none"));
    ua.add(groups);

    ObjectNode enterprise =
        schema(base, ScimSchemas.ENTERPRISE_USER, "EnterpriseUser", "Enterprise User");
    ArrayNode ea = enterprise.putArray("attributes");
    ea.add(attr("department", "string", false, false, "readWrite", "none"));
    for (String a : List.of("employeeNumber", "costCenter", "organization", "division")) {
      ea.add(bridgeOnly(attr(a, "string", false, false, "readWrite", "none")));
    }
    ObjectNode manager = attr("manager", "complex", false, false, "readWrite", "none");
    ArrayNode ms = manager.putArray("subAttributes");
    ms.add(attr("value", "string", false, false, "readWrite", "none"));
    ms.add(attr("$ref", "reference", false, false, "readOnly", "none"));
    ms.add(attr("displayName", "string", false, false, "readOnly", "none"));
    ea.add(manager);

    ObjectNode group = schema(base, ScimSchemas.GROUP, "Group", "Group (a Sugar role)");
    ArrayNode ga = group.putArray("attributes");
    ga.add(attr("displayName", "string", false, true, "readWrite", "server"));
    ObjectNode members = attr("members", "complex", true, false, "readWrite", "none");
    ArrayNode mm = members.putArray("subAttributes");
    mm.add(attr("value", "string", false, false, "immutable", "none"));
    mm.add(attr("$ref", "reference", false, false, "immutable", "none"));
    mm.add(attr("type", "string", false, false, "immutable", "none"));
    mm.add(attr("display", "string", false, false, "readOnly", "none"));
    ga.add(members);
    ObjectNode config =
        schema(
            base,
            ScimSchemas.SERVICE_PROVIDER_CONFIG,
            "Service Provider Configuration",
            "What this bridge supports");
    ArrayNode ca = config.putArray("attributes");
    for (String a : List.of("patch", "bulk", "filter", "changePassword", "sort", "etag")) {
      ca.add(attr(a, "complex", false, true, "readOnly", "none"));
    }
    ca.add(attr("authenticationSchemes", "complex", true, true, "readOnly", "none"));
    ObjectNode resourceType =
        schema(base, ScimSchemas.RESOURCE_TYPE, "ResourceType", "A kind of resource served");
    ArrayNode ra = resourceType.putArray("attributes");
    for (String a : List.of("id", "name", "endpoint", "schema")) {
      ra.add(attr(a, "string", false, !a.equals("id"), "readOnly", "none"));
    }
    ra.add(attr("schemaExtensions", "complex", true, false, "readOnly", "none"));
    ObjectNode schemaSchema = schema(base, ScimSchemas.SCHEMA, "Schema", "A schema definition");
    ArrayNode sa = schemaSchema.putArray("attributes");
    for (String a : List.of("id", "name", "description")) {
      sa.add(attr(a, "string", false, a.equals("id"), "readOnly", "none"));
    }
    sa.add(attr("attributes", "complex", true, true, "readOnly", "none"));
    return List.of(user, enterprise, group, config, resourceType, schemaSchema);
  }

  /** Marks an attribute that the bridge keeps in its state file because Sugar has no field. */
  private static ObjectNode bridgeOnly(ObjectNode attribute) {
    return attribute.put(
        "description", "Kept by the bridge in its state file, not in Sugar (no Sugar field).");
  }

  private static ObjectNode multi(String name, String... types) {
    ObjectNode a = attr(name, "complex", true, false, "readWrite", "none");
    ArrayNode subs = a.putArray("subAttributes");
    subs.add(attr("value", "string", false, false, "readWrite", "none"));
    ObjectNode type = attr("type", "string", false, false, "readWrite", "none");
    ArrayNode canonical = type.putArray("canonicalValues");
    for (String t : types) {
      canonical.add(t);
    }
    subs.add(type);
    subs.add(attr("primary", "boolean", false, false, "readWrite", "none"));
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

  private static ObjectNode attr(
      String name,
      String type,
      boolean multiValued,
      boolean required,
      String mutability,
      String uniqueness) {
    ObjectNode a = NODES.objectNode();
    a.put("name", name);
    a.put("type", type);
    a.put("multiValued", multiValued);
    a.put("required", required);
    a.put("caseExact", false);
    a.put("mutability", mutability);
    a.put("returned", "default");
    a.put("uniqueness", uniqueness);
    return a;
  }
}
