package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a SCIM list: the resources on it, the 1-based index of the first, and how many
 * resources match the filter in all.
 */
record ScimPage(List<ObjectNode> resources, int startIndex, int totalResults) {

  /** The page of {@code all} that starts at {@code startIndex} (1-based) with at most count. */
  static ScimPage of(List<ObjectNode> all, int startIndex, int count) {
    int from = Math.min(Math.max(startIndex, 1) - 1, all.size());
    int to = Math.min(from + Math.max(count, 0), all.size());
    return new ScimPage(List.copyOf(all.subList(from, to)), Math.max(startIndex, 1), all.size());
  }
}
