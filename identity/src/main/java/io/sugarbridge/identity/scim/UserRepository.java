package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where SCIM Users are kept, as the protocol layer ({@link ScimServer}) sees it: every answer is a
 * SCIM resource, every failure a {@link ScimException}; how users are stored is the
 * implementation's business ({@link SugarUsers} keeps them in Sugar, with what Sugar has no field
 * for in the {@link ExternalIdStore}). The shape of Apache SCIMple's {@code Repository}. {@code
 * base} is the public base URL that {@code meta.location} and {@code $ref} values start with.
 */
interface UserRepository {
  /** The resource type's name, as the state file keys it. */
  String RESOURCE = "User";

  /** One user, with the groups it belongs to; 404 when there is none. */
  ObjectNode get(String id, String base);

  /** The users matching {@code filter}, the page of them from {@code startIndex} (1-based). */
  ScimPage find(ScimFilter filter, int startIndex, int count, String base);

  /** Creates a user from a SCIM User body; 409 uniqueness when its userName is taken. */
  ObjectNode create(JsonNode user, String base);

  /** Replaces user {@code id} with a SCIM User body (RFC 7644 3.5.1: what it leaves out clears). */
  ObjectNode replace(String id, JsonNode user, String base);

  /**
   * Applies PATCH operations, already checked by {@link ScimPatch#normalise}, to user {@code id}.
   */
  ObjectNode patch(String id, List<ObjectNode> operations, String base);

  /** Deactivates the user, then deletes it; 404 when there is none. */
  void delete(String id);
}
