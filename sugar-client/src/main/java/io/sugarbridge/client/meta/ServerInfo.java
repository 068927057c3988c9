package io.sugarbridge.client.meta;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the instance says about itself ({@code server_info} of {@code /metadata}): edition ({@code
 * flavor}, e.g. ENT), product version (e.g. 14.0.0), build, marketing name, and the API version
 * this client uses with it.
 */
public record ServerInfo(
    String flavor,
    String version,
    String build,
    String marketingVersion,
    String productName,
    ApiVersion apiVersion) {

  static ServerInfo from(JsonNode serverInfo, ApiVersion apiVersion) {
    return new ServerInfo(
        text(serverInfo, "flavor"),
        text(serverInfo, "version"),
        text(serverInfo, "build"),
        text(serverInfo, "marketing_version"),
        text(serverInfo, "product_name"),
        apiVersion);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
