package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Where SCIM Groups are kept, as the protocol layer ({@link ScimServer}) sees it; {@link
 * SugarGroups} keeps them as Sugar roles. See {@link UserRepository}.
 */
interface GroupRepository {
  /** The resource type's name, as the state file keys it. */
  String RESOURCE = "Group";

  /** One group; {@code withMembers} false leaves its members unread. */
  ObjectNode get(String id, String base, boolean withMembers);

  /** The groups matching {@code filter}, the page of them from {@code startIndex} (1-based). */
  ScimPage find(ScimFilter filter, int startIndex, int count, String base, boolean withMembers);

  ObjectNode create(JsonNode group, String base);

  ObjectNode replace(String id, JsonNode group, String base);

  /**
   * Applies PATCH operations, already checked by {@link ScimPatch#normalise}, to group {@code id}.
   */
  ObjectNode patch(String id, List<ObjectNode> operations, String base);

  void delete(String id);
}
