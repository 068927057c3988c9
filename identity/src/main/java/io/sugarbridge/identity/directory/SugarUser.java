package io.sugarbridge.identity.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Sugar user as the identity jobs see it: login name, names, primary email, title, department,
 * status, whether an administrator, manager ({@code reports_to_id}), last change, whether soft
 * deleted, and any extra fields asked for by name ({@code --fields}).
 */
public record SugarUser(
    String id,
    String userName,
    String firstName,
    String lastName,
    String email,
    String title,
    String department,
    String status,
    boolean admin,
    String reportsToId,
    Instant dateModified,
    boolean deleted,
    Map<String, String> extra) {

  public SugarUser {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** Whether this user may log in ({@code status} Active, not deleted). */
  public boolean active() {
    return !deleted && "Active".equalsIgnoreCase(status);
  }

  /** First and last name, or the user name when both are empty. */
  public String displayName() {
    String n = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName));
    n = n.trim();
    return n.isEmpty() ? userName : n;
  }

  /** Reads a Users record as Sugar sends it; {@code extraFields} are copied as text. */
  public static SugarUser from(ObjectNode r, Iterable<String> extraFields) {
    Map<String, String> extra = new LinkedHashMap<>();
    for (String f : extraFields) {
      JsonNode v = r.get(f);
      extra.put(f, v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
    }
    return new SugarUser(
        text(r, "id"),
        text(r, "user_name"),
        text(r, "first_name"),
        text(r, "last_name"),
        primaryEmail(r),
        text(r, "title"),
        text(r, "department"),
        text(r, "status"),
        bool(r.get("is_admin")),
        text(r, "reports_to_id"),
        instant(text(r, "date_modified")),
        bool(r.get("deleted")),
        extra);
  }

  /** The primary address of the {@code email} array, else the legacy {@code email1}, else null. */
  static String primaryEmail(ObjectNode r) {
    String first = null;
    for (JsonNode e : r.path("email")) {
      String address = e.path("email_address").asText("");
      if (address.isEmpty()) {
        continue;
      }
      if (bool(e.get("primary_address"))) {
        return address;
      }
      if (first == null) {
        first = address;
      }
    }
    if (first != null) {
      return first;
    }
    return text(r, "email1");
  }

  private static String text(ObjectNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  /** Sugar sends flags as booleans, "1"/"0" or "true"/"false" depending on version. */
  static boolean bool(JsonNode v) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isNumber()) {
      return v.asInt() != 0;
    }
    String s = v.asText().trim();
    return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("on");
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // A date Sugar sent in an unexpected shape counts as unknown, never as "now".
      return null;
    }
  }
}
