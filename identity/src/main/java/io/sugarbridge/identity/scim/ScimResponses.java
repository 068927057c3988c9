package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the bridge answers: every body {@code application/scim+json; charset=utf-8} in UTF-8,
 * resources projected by {@code attributes}/{@code excludedAttributes} (RFC 7644 3.9), lists as
 * ListResponse messages and failures as SCIM Error messages.
 */
final class ScimResponses {
  /** Set on a request once it has been answered, so the 404/405 handlers leave it alone. */
  static final String ANSWERED = "scim.answered";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ScimResponses() {}

  static ObjectNode byId(List<ObjectNode> all, String id, String what) {
    for (ObjectNode n : all) {
      if (n.path("id").asText().equalsIgnoreCase(id)
          || n.path("name").asText().equalsIgnoreCase(id)) {
        return n;
      }
    }
    throw ScimException.notFound(what + " " + id + " not found.");
  }

  static void sendList(Context ctx, List<ObjectNode> all) {
    sendPage(ctx, ScimPage.of(all, 1, all.size()));
  }

  static void sendPage(Context ctx, ScimPage page) {
    sendPage(ctx, page, Projection.of(ctx));
  }

  static void sendPage(Context ctx, ScimPage page, Projection projection) {
    ObjectNode list = JSON.createObjectNode();
    list.putArray("schemas").add(ScimSchemas.LIST_RESPONSE);
    list.put("totalResults", page.totalResults());
    list.put("startIndex", page.startIndex());
    list.put("itemsPerPage", page.resources().size());
    ArrayNode resources = list.putArray("Resources");
    for (ObjectNode r : page.resources()) {
      resources.add(project(projection, r));
    }
    respond(ctx, 200, list);
  }

  static void send(Context ctx, int status, ObjectNode resource) {
    respond(ctx, status, project(Projection.of(ctx), resource));
  }

  static void created(Context ctx, ObjectNode resource) {
    ctx.header("Location", resource.path("meta").path("location").asText());
    send(ctx, 201, resource);
  }

  static void noContent(Context ctx) {
    ctx.attribute(ANSWERED, true);
    ctx.status(204);
  }

  static void error(Context ctx, ScimException e) {
    ObjectNode err = JSON.createObjectNode();
    err.putArray("schemas").add(ScimSchemas.ERROR);
    err.put("status", String.valueOf(e.status()));
    if (e.scimType() != null) {
      err.put("scimType", e.scimType());
    }
    err.put("detail", e.getMessage());
    respond(ctx, e.status(), err);
  }

  static void respond(Context ctx, int status, ObjectNode body) {
    ctx.attribute(ANSWERED, true);
    ctx.status(status);
    // Bytes, not a String: Javalin would encode a String in the response's charset, which for a
    // type Jetty does not know is ISO-8859-1 (José went out as 0xE9, and 李 as '?').
    ctx.contentType(ScimSchemas.CONTENT_TYPE);
    ctx.result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Applies {@code attributes} / {@code excludedAttributes} (RFC 7644 3.9) at the top level and one
   * sub-attribute deep; id, schemas and meta are always returned.
   */
  private static ObjectNode project(Projection projection, ObjectNode resource) {
    String attributes = projection.attributes();
    String excluded = projection.excluded();
    if ((attributes == null || attributes.isBlank()) && (excluded == null || excluded.isBlank())) {
      return resource;
    }
    ObjectNode out = resource.deepCopy();
    if (attributes != null && !attributes.isBlank()) {
      Set<String> keep = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (String a : attributes.split(",", -1)) {
        keep.add(topLevel(a.trim()));
      }
      keep.addAll(List.of("id", "schemas", "meta"));
      List<String> drop = new ArrayList<>();
      for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!keep.contains(f)) {
          drop.add(f);
        }
      }
      out.remove(drop);
    }
    if (excluded != null && !excluded.isBlank()) {
      for (String a : excluded.split(",", -1)) {
        String name = topLevel(a.trim());
        if (!name.equalsIgnoreCase("id") && !name.equalsIgnoreCase("schemas")) {
          ScimJson.remove(out, name);
        }
      }
    }
    return out;
  }

  /**
   * The comma-separated {@code attributes} or {@code excludedAttributes} of a request: a query
   * parameter, or in a {@code /.search} body an array of names (or one comma-separated string).
   */
  record Projection(String attributes, String excluded) {
    static Projection of(Context ctx) {
      return new Projection(ctx.queryParam("attributes"), ctx.queryParam("excludedAttributes"));
    }
  }

  private static String topLevel(String attribute) {
    String a = attribute;
    for (String urn : List.of(ScimSchemas.USER, ScimSchemas.GROUP)) {
      if (a.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
        a = a.substring(urn.length() + 1);
      }
    }
    if (a.regionMatches(
        true, 0, ScimSchemas.ENTERPRISE_USER, 0, ScimSchemas.ENTERPRISE_USER.length())) {
      return ScimSchemas.ENTERPRISE_USER;
    }
    int dot = a.indexOf('.');
    return dot < 0 ? a : a.substring(0, dot);
  }
}
