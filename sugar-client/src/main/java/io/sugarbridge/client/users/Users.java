package io.sugarbridge.client.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordPage;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.client.records.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Sugar users: list, read, find by user name, create with {@code license_type} (API 11.6+), update,
 * deactivate, soft-delete, their roles (the {@code aclroles} link), and the current user ({@code
 * /me}). Admin rights are needed for most changes; Sugar answers 404, not 403, when a non-admin
 * reads another user.
 */
public final class Users {
  private static final String MODULE = "Users";
  private static final String ROLES_LINK = "aclroles";

  private final ApiCaller api;
  private final Records records;

  public Users(ApiCaller api, Records records) {
    this.api = api;
    this.records = records;
  }

  /** The logged-in user, with its access per module. */
  public CurrentUser me() {
    return CurrentUser.from(api.call(SugarRequest.get("/me")));
  }

  public RecordPage list(RecordQuery query) {
    return records.list(MODULE, query);
  }

  public Stream<ObjectNode> stream(RecordQuery query) {
    return records.stream(MODULE, query);
  }

  public ObjectNode get(String id) {
    return records.get(MODULE, id);
  }

  /**
   * Creates a user ({@code POST /Users}, API 11.6+). {@code fields} needs at least {@code
   * user_name} and usually {@code last_name}, {@code status}; a password can be set as {@code
   * user_hash}.
   *
   * @param licenseTypes subscription keys such as {@code SUGAR_SELL} or {@code CURRENT}
   */
  public ObjectNode create(ObjectNode fields, List<String> licenseTypes) {
    api.requireVersion(ApiVersion.USERS_CREATE, "Creating a user (POST /Users)");
    ObjectNode body = fields.deepCopy();
    if (licenseTypes != null && !licenseTypes.isEmpty()) {
      licenseTypes.forEach(body.putArray("license_type")::add);
    }
    JsonNode r = api.call(SugarRequest.post("/" + MODULE, body));
    return (ObjectNode) r;
  }

  public ObjectNode update(String id, ObjectNode fields) {
    return records.update(MODULE, id, fields);
  }

  /** Sets {@code status} to Inactive: the user can no longer log in; its records stay. */
  public ObjectNode deactivate(String id) {
    ObjectNode body = api.json().createObjectNode();
    body.put("status", "Inactive");
    return records.update(MODULE, id, body);
  }

  /**
   * Soft-deletes the user ({@code DELETE /Users/{id}}, admin only); returns the id. Where
   * SugarIdentity is in use this does not end the user's identity-provider session.
   */
  public String delete(String id) {
    return records.delete(MODULE, id);
  }

  /** The live user with this login name (Sugar compares them case-insensitively), if any. */
  public Optional<ObjectNode> findByUserName(String userName, String... fields) {
    RecordQuery q = RecordQuery.where(Filter.field("user_name").equalTo(userName)).withPageSize(5);
    if (fields.length > 0) {
      // user_name is needed below to check the match, whatever else was asked for.
      List<String> asked = new ArrayList<>(List.of(fields));
      if (!asked.contains("user_name")) {
        asked.add("user_name");
      }
      q = q.withFields(asked);
    }
    return records.list(MODULE, q).records().stream()
        .filter(u -> u.path("user_name").asText().equalsIgnoreCase(userName))
        .findFirst();
  }

  /**
   * The ACL roles linked to the user (every page), each with at least {@code id} and {@code name}.
   */
  public List<ObjectNode> roles(String userId) {
    List<ObjectNode> roles = new ArrayList<>();
    RecordQuery q = RecordQuery.all().withFields("id", "name").withPageSize(1000);
    while (q != null) {
      RecordPage page = records.related(MODULE, userId, ROLES_LINK, q);
      roles.addAll(page.records());
      q = page.hasMore() && page.nextOffset() > q.offset() ? q.withOffset(page.nextOffset()) : null;
    }
    return roles;
  }

  /** Links a role to the user ({@code POST /Users/{id}/link/aclroles/{roleId}}). */
  public void addRole(String userId, String roleId) {
    records.link(MODULE, userId, ROLES_LINK, roleId);
  }

  /** Removes a role from the user. */
  public void removeRole(String userId, String roleId) {
    records.unlink(MODULE, userId, ROLES_LINK, roleId);
  }
}
