package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link GroupRepository} on top of Sugar roles (ACLRoles): displayName is the role's name, and
 * members are the users linked to the role through its {@code users} link (the {@code aclroles}
 * link seen from Users). A membership change links or unlinks exactly the users added or removed.
 */
final class SugarGroups implements GroupRepository {
  private static final String MODULE = "ACLRoles";
  private static final String LINK = "users";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> SUGAR_FIELD_BY_ATTRIBUTE =
      ScimResourceSchema.GROUP.filterFields();

  private final SugarClient sugar;
  private final ExternalIdStore externalIds;

  SugarGroups(SugarClient sugar, ExternalIdStore externalIds) {
    this.sugar = sugar;
    this.externalIds = externalIds;
  }

  @Override
  public ObjectNode get(String id, String base, boolean withMembers) {
    return toScim(read(id), externalIds.get(RESOURCE, id), base, withMembers);
  }

  @Override
  public ObjectNode create(JsonNode body, String base) {
    String name = displayName(body);
    if (findByName(name) != null) {
      throw ScimException.uniqueness("A group with displayName '" + name + "' already exists.");
    }
    Set<String> members = memberIds(body);
    checkUsers(members);
    ObjectNode fields = NODES.objectNode();
    fields.put("name", name);
    fields.put("description", "Provisioned by the sugarbridge SCIM bridge.");
    ObjectNode created = sugar.records().create(MODULE, fields);
    String id = created.path("id").asText();
    if (!members.isEmpty()) {
      sugar.records().linkAll(MODULE, id, LINK, new ArrayList<>(members));
    }
    externalIds.put(RESOURCE, id, ScimJson.text(body, "externalId"));
    return get(id, base, true);
  }

  @Override
  public ObjectNode replace(String id, JsonNode body, String base) {
    ObjectNode role = read(id);
    return write(id, role, currentMembers(id).keySet(), body, base);
  }

  @Override
  public ObjectNode patch(String id, List<ObjectNode> ops, String base) {
    ObjectNode role = read(id);
    Map<String, String> members = currentMembers(id);
    ObjectNode scim = toScim(role, externalIds.get(RESOURCE, id), base, members);
    ObjectNode patched = ScimPatch.apply(scim, ops);
    return write(id, role, members.keySet(), patched, base);
  }

  @Override
  public void delete(String id) {
    read(id);
    sugar.records().delete(MODULE, id);
    externalIds.forget(RESOURCE, id);
  }

  @Override
  public ScimPage find(
      ScimFilter filter, int startIndex, int count, String base, boolean withMembers) {
    Map<String, String> ext = externalIds.all(RESOURCE);
    List<ObjectNode> matched = new ArrayList<>();
    String byId = filter.idEquals();
    String byExternalId = filter.externalIdEquals();
    List<ObjectNode> roles = new ArrayList<>();
    if (byId != null || byExternalId != null) {
      for (Map.Entry<String, String> e : ext.entrySet()) {
        if (byId == null && e.getValue().equals(byExternalId)) {
          tryRead(e.getKey(), roles);
        }
      }
      if (byId != null) {
        tryRead(byId, roles);
      }
    } else {
      sugar.records().stream(
              MODULE,
              RecordQuery.all()
                  .withFilter(filter.sugarFilter(SUGAR_FIELD_BY_ATTRIBUTE))
                  .orderBy("date_entered:ASC")
                  .withPageSize(1000))
          .forEach(roles::add);
    }
    // Members are needed to evaluate a filter on them, even when they are not returned.
    boolean needMembers = withMembers || filter.mentionsMembers();
    for (ObjectNode role : roles) {
      String id = role.path("id").asText();
      ObjectNode scim = toScim(role, ext.get(id), base, needMembers ? currentMembers(id) : null);
      if (filter.matches(scim)) {
        if (!withMembers) {
          scim.remove("members");
        }
        matched.add(scim);
      }
    }
    return ScimPage.of(matched, startIndex, count);
  }

  private void tryRead(String id, List<ObjectNode> into) {
    try {
      into.add(sugar.records().get(MODULE, id));
    } catch (NotFoundException e) {
      // An id or externalId that names no role simply matches nothing.
    }
  }

  private ObjectNode write(
      String id, ObjectNode role, Set<String> before, JsonNode body, String base) {
    String name = displayName(body);
    if (!name.equals(role.path("name").asText())) {
      ObjectNode other = findByName(name);
      if (other != null && !other.path("id").asText().equals(id)) {
        throw ScimException.uniqueness("A group with displayName '" + name + "' already exists.");
      }
      ObjectNode fields = NODES.objectNode();
      fields.put("name", name);
      sugar.records().update(MODULE, id, fields);
    }
    Set<String> after = memberIds(body);
    List<String> added = new ArrayList<>();
    for (String m : after) {
      if (!before.contains(m)) {
        added.add(m);
      }
    }
    checkUsers(added);
    if (!added.isEmpty()) {
      sugar.records().linkAll(MODULE, id, LINK, added);
    }
    for (String m : before) {
      if (!after.contains(m)) {
        sugar.records().unlink(MODULE, id, LINK, m);
      }
    }
    externalIds.put(RESOURCE, id, ScimJson.text(body, "externalId"));
    return get(id, base, true);
  }

  private ObjectNode toScim(ObjectNode role, String externalId, String base, boolean members) {
    return toScim(
        role, externalId, base, members ? currentMembers(role.path("id").asText()) : null);
  }

  private static ObjectNode toScim(
      ObjectNode role, String externalId, String base, Map<String, String> members) {
    ObjectNode g = NODES.objectNode();
    g.putArray("schemas").add(ScimSchemas.GROUP);
    String id = role.path("id").asText();
    g.put("id", id);
    if (externalId != null) {
      g.put("externalId", externalId);
    }
    g.put("displayName", role.path("name").asText(""));
    if (members != null) {
      ArrayNode list = g.putArray("members");
      members.forEach(
          (userId, display) -> {
            ObjectNode m = list.addObject();
            m.put("value", userId);
            m.put("$ref", base + "/Users/" + userId);
            m.put("type", "User");
            if (display != null && !display.isEmpty()) {
              m.put("display", display);
            }
          });
    }
    g.set("meta", ScimJson.meta("Group", role, base + "/Groups/" + id));
    return g;
  }

  /** The role's users: Sugar id to display name, in Sugar's order. */
  private Map<String, String> currentMembers(String id) {
    Map<String, String> out = new LinkedHashMap<>();
    sugar
        .records()
        .iterateRelated(
            MODULE,
            id,
            LINK,
            RecordQuery.all().withFields("id", "user_name", "full_name").withPageSize(1000))
        .forEachRemaining(
            u -> {
              String display = u.path("full_name").asText("");
              out.put(
                  u.path("id").asText(),
                  display.isBlank() ? u.path("user_name").asText() : display);
            });
    return out;
  }

  private ObjectNode read(String id) {
    try {
      return sugar.records().get(MODULE, id);
    } catch (NotFoundException e) {
      throw ScimException.notFound("Group " + id + " not found.");
    }
  }

  /** Refuses members that are not Sugar users, naming them; one Sugar call per 1000 ids. */
  private void checkUsers(java.util.Collection<String> userIds) {
    List<String> ids = new ArrayList<>(userIds);
    Set<String> found = new java.util.HashSet<>();
    for (int from = 0; from < ids.size(); from += 1000) {
      List<String> chunk = ids.subList(from, Math.min(from + 1000, ids.size()));
      sugar
          .users()
          .list(
              RecordQuery.where(Filter.field("id").in(chunk))
                  .withFields("id")
                  .withPageSize(chunk.size()))
          .records()
          .forEach(u -> found.add(u.path("id").asText()));
    }
    List<String> missing = ids.stream().filter(id -> !found.contains(id)).toList();
    if (!missing.isEmpty()) {
      throw ScimException.invalidValue("members: " + missing + " are not ids of users in Sugar.");
    }
  }

  private ObjectNode findByName(String name) {
    return sugar
        .records()
        .list(
            MODULE,
            RecordQuery.where(Filter.field("name").equalTo(name))
                .withFields("id", "name")
                .withPageSize(5))
        .records()
        .stream()
        .filter(r -> r.path("name").asText().equalsIgnoreCase(name))
        .findFirst()
        .orElse(null);
  }

  private static String displayName(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ScimException.invalidSyntax("The request body must be a SCIM Group JSON object.");
    }
    String name = ScimJson.text(body, "displayName");
    if (name == null || name.isBlank()) {
      throw ScimException.invalidValue("Attribute 'displayName' is required and may not be empty.");
    }
    return name.trim();
  }

  private static Set<String> memberIds(JsonNode body) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode members = ScimJson.child(body, "members");
    if (members == null || members.isNull()) {
      return out;
    }
    if (!members.isArray()) {
      throw ScimException.invalidValue("Attribute 'members' must be an array of {value}.");
    }
    for (JsonNode m : members) {
      String v = ScimJson.text(m, "value");
      if (v == null) {
        throw ScimException.invalidValue("Each entry of 'members' needs a 'value' (a user id).");
      }
      String type = ScimJson.text(m, "type");
      if (type != null && type.equalsIgnoreCase("Group")) {
        throw ScimException.invalidValue(
            "members: '" + v + "' is a group; Sugar roles hold users only, not nested groups.");
      }
      out.add(v);
    }
    return out;
  }
}
