package io.sugarbridge.client.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.client.records.RecordPage;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.client.records.Records;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sugar users: list, read, create with {@code license_type} (API 11.6+), update, deactivate, and
 * the current user ({@code /me}). Admin rights are needed for most changes; Sugar answers 404, not
 * 403, when a non-admin reads another user.
 */
public final class Users {
  private static final String MODULE = "Users";

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
}
