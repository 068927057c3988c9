package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.SugarbridgeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@link UserRepository} on top of Sugar Users: each operation reads or writes Sugar through
 * the client and answers in SCIM form. A SCIM id is the Sugar user id; the externalId and the
 * attributes Sugar has no field for live in the {@link ExternalIdStore}, and are removed with the
 * user. PUT and PATCH both end in one Sugar update of only the fields that changed. Deleting
 * deactivates the user first and then soft-deletes it, so the user can no longer log in even where
 * the delete is later undone in Sugar.
 */
final class SugarUsers implements UserRepository {
  /** The SCIM attributes a list filter can hand to Sugar, and their Sugar fields. */
  private static final Map<String, String> SUGAR_FIELD_BY_ATTRIBUTE =
      ScimResourceSchema.USER.filterFields();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SugarClient sugar;
  private final ExternalIdStore externalIds;
  private final List<String> licenseTypes;

  SugarUsers(SugarClient sugar, ExternalIdStore externalIds, List<String> licenseTypes) {
    this.sugar = sugar;
    this.externalIds = externalIds;
    this.licenseTypes = List.copyOf(licenseTypes);
  }

  /** One user, with the groups (Sugar roles) it belongs to. */
  @Override
  public ObjectNode get(String id, String base) {
    ObjectNode user = read(id);
    ObjectNode scim = ScimUserMapping.toScim(user, externalIds.get(RESOURCE, id), kept(id), base);
    var groups = scim.putArray("groups");
    sugar
        .records()
        .iterateRelated(
            "Users", id, "aclroles", RecordQuery.all().withFields("id", "name").withPageSize(1000))
        .forEachRemaining(
            role -> {
              ObjectNode g = groups.addObject();
              g.put("value", role.path("id").asText());
              g.put("$ref", base + "/Groups/" + role.path("id").asText());
              g.put("display", role.path("name").asText());
            });
    return scim;
  }

  @Override
  public ObjectNode create(JsonNode body, String base) {
    ObjectNode wanted = ScimUserMapping.toSugar(body);
    String userName = wanted.path("user_name").asText();
    if (findByUserName(userName) != null) {
      throw ScimException.uniqueness("A user with userName '" + userName + "' already exists.");
    }
    checkManager(null, wanted.path("reports_to_id").asText());
    ObjectNode fields = wanted.deepCopy();
    // A new user gets only the fields that have a value; Sugar fills the rest with its defaults.
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      JsonNode v = it.next().getValue();
      if ((v.isTextual() && v.asText().isEmpty()) || (v.isArray() && v.isEmpty())) {
        it.remove();
      }
    }
    ObjectNode created;
    try {
      created = sugar.users().create(fields, licenseTypes);
    } catch (PermissionDeniedException e) {
      throw fromSugar(e, userName);
    }
    String id = created.path("id").asText();
    String externalId = ScimJson.text(body, "externalId");
    externalIds.put(RESOURCE, id, externalId);
    ObjectNode kept = ScimUserMapping.bridgeOnly(body, ScimUserMapping.toScim(created, null, base));
    externalIds.putAttributes(RESOURCE, id, kept.toString());
    ObjectNode scim = ScimUserMapping.toScim(created, externalId, kept, base);
    // A new user belongs to no Sugar role yet.
    scim.putArray("groups");
    return scim;
  }

  @Override
  public ObjectNode replace(String id, JsonNode body, String base) {
    ObjectNode current = read(id);
    return write(id, current, body, base);
  }

  @Override
  public ObjectNode patch(String id, List<ObjectNode> ops, String base) {
    ObjectNode current = read(id);
    ObjectNode scim =
        ScimUserMapping.toScim(current, externalIds.get(RESOURCE, id), kept(id), base);
    ObjectNode patched = ScimPatch.apply(scim, ops);
    return write(id, current, patched, base);
  }

  /** Deactivates, then soft-deletes the user. */
  @Override
  public void delete(String id) {
    ObjectNode current = read(id);
    if ("Active".equalsIgnoreCase(current.path("status").asText())) {
      sugar.users().deactivate(id);
    }
    sugar.records().delete("Users", id);
    externalIds.forget(RESOURCE, id);
  }

  @Override
  public ScimPage find(ScimFilter filter, int startIndex, int count, String base) {
    List<ObjectNode> matched = new ArrayList<>();
    Map<String, String> ext = externalIds.all(RESOURCE);
    Map<String, String> keptById = externalIds.allAttributes(RESOURCE);
    String byId = filter.idEquals();
    String byExternalId = filter.externalIdEquals();
    if (byId != null || byExternalId != null) {
      List<String> ids = new ArrayList<>();
      if (byId != null) {
        ids.add(byId);
      } else {
        ext.forEach(
            (id, e) -> {
              if (e.equals(byExternalId)) {
                ids.add(id);
              }
            });
      }
      for (String id : ids) {
        try {
          ObjectNode u =
              ScimUserMapping.toScim(read(id), ext.get(id), parse(keptById.get(id)), base);
          if (filter.matches(u)) {
            matched.add(u);
          }
        } catch (ScimException e) {
          if (e.status() != 404) {
            throw e;
          }
        }
      }
      return ScimPage.of(matched, startIndex, count);
    }
    Filter narrowing = filter.sugarFilter(SUGAR_FIELD_BY_ATTRIBUTE);
    RecordQuery query =
        RecordQuery.all()
            .withFields(ScimUserMapping.SUGAR_FIELDS)
            .orderBy("date_entered:ASC")
            .withPageSize(1000)
            .withFilter(narrowing);
    sugar.users().stream(query)
        .forEach(
            u -> {
              String id = u.path("id").asText();
              ObjectNode scim =
                  ScimUserMapping.toScim(u, ext.get(id), parse(keptById.get(id)), base);
              if (filter.matches(scim)) {
                matched.add(scim);
              }
            });
    return ScimPage.of(matched, startIndex, count);
  }

  private ObjectNode write(String id, ObjectNode current, JsonNode body, String base) {
    ObjectNode wanted = ScimUserMapping.toSugar(body);
    ObjectNode changes = ScimUserMapping.changes(current, wanted);
    if (changes.has("user_name")) {
      ObjectNode other = findByUserName(changes.path("user_name").asText());
      if (other != null && !other.path("id").asText().equals(id)) {
        throw ScimException.uniqueness(
            "A user with userName '" + changes.path("user_name").asText() + "' already exists.");
      }
    }
    if (changes.has("reports_to_id")) {
      checkManager(id, changes.path("reports_to_id").asText());
    }
    if (!changes.isEmpty()) {
      try {
        sugar.users().update(id, changes);
      } catch (PermissionDeniedException e) {
        throw fromSugar(e, wanted.path("user_name").asText());
      }
    }
    externalIds.put(RESOURCE, id, ScimJson.text(body, "externalId"));
    ObjectNode kept = ScimUserMapping.bridgeOnly(body, ScimUserMapping.toScim(current, null, base));
    externalIds.putAttributes(RESOURCE, id, kept.toString());
    return get(id, base);
  }

  /** The attributes the bridge keeps for user {@code id}, or null. */
  private JsonNode kept(String id) {
    return parse(externalIds.attributes(RESOURCE, id));
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SugarbridgeException(
          "The SCIM state file holds attributes that are not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private ObjectNode read(String id) {
    try {
      return sugar.users().get(id);
    } catch (NotFoundException e) {
      throw ScimException.notFound("User " + id + " not found.");
    }
  }

  private ObjectNode findByUserName(String userName) {
    return sugar
        .users()
        .list(
            RecordQuery.where(Filter.field("user_name").equalTo(userName))
                .withFields("id", "user_name")
                .withPageSize(5))
        .records()
        .stream()
        .filter(u -> u.path("user_name").asText().equalsIgnoreCase(userName))
        .findFirst()
        .orElse(null);
  }

  private void checkManager(String id, String managerId) {
    if (managerId == null || managerId.isEmpty()) {
      return;
    }
    if (managerId.equals(id)) {
      throw ScimException.invalidValue("A user cannot be their own manager (manager.value).");
    }
    try {
      sugar.users().get(managerId);
    } catch (NotFoundException e) {
      throw ScimException.invalidValue(
          "manager.value '" + managerId + "' is not the id of a user in Sugar.");
    }
  }

  private static ScimException fromSugar(PermissionDeniedException e, String userName) {
    String message = e.serverMessage() == null ? "" : e.serverMessage();
    if (message.contains("already exists")) {
      return ScimException.uniqueness("A user with userName '" + userName + "' already exists.");
    }
    if ("ERR_REPORT_LOOP".equals(e.errorCode()) || message.contains("report")) {
      return ScimException.invalidValue(
          "The manager would make a reporting loop (a manager reporting to their own report).");
    }
    return new ScimException(403, null, "Sugar refused the change: " + message);
  }
}
