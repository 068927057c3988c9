package io.sugarbridge.client.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.SugarError;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata operations: server info, the module list, a module's field definitions and required
 * fields, and an enum field's options. Reads {@code /metadata} with {@code type_filter} and {@code
 * module_filter} so only the needed sections travel.
 */
public final class Metadata {
  private final ApiCaller api;

  public Metadata(ApiCaller api) {
    this.api = api;
  }

  /** Flavor, version and build of the instance, plus the API version in use. */
  public ServerInfo serverInfo() {
    JsonNode r = api.call(SugarRequest.get("/metadata", Map.of("type_filter", "server_info")));
    return ServerInfo.from(r.get("server_info"), api.versions().current());
  }

  /** Module API names the user can see ({@code full_module_list}). */
  public List<String> modules() {
    JsonNode r = api.call(SugarRequest.get("/metadata", Map.of("type_filter", "full_module_list")));
    JsonNode list = r.path("full_module_list");
    List<String> out = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(n -> out.add(n.asText()));
    } else if (list.isObject()) {
      // Sugar sends a map keyed by module name (plus a _hash entry).
      Iterator<String> names = list.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!n.startsWith("_")) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /**
   * Field definitions of a module, in vardef order.
   *
   * @throws NotFoundException when the server returns no such module
   */
  public Map<String, FieldDefinition> fields(String module) {
    JsonNode r =
        api.call(
            SugarRequest.get(
                "/metadata", Map.of("type_filter", "modules", "module_filter", module)));
    JsonNode fields = r.path("modules").path(module).path("fields");
    if (!fields.isObject()) {
      SugarError e =
          new SugarError(
              404, "not_found", "no metadata for module", "GET", "/metadata", null, null);
      throw new NotFoundException(
          e,
          "Sugar returned no field definitions for module '"
              + module
              + "': check the module name (case-sensitive, e.g. Contacts) and the user's access");
    }
    Map<String, FieldDefinition> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject()) {
        out.put(e.getKey(), FieldDefinition.from(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  /** Names of the fields the module's vardefs mark required. */
  public List<String> requiredFields(String module) {
    List<String> out = new ArrayList<>();
    fields(module).values().stream()
        .filter(FieldDefinition::required)
        .forEach(f -> out.add(f.name()));
    return out;
  }

  /** An enum field's options, key to display label ({@code GET /{module}/enum/{field}}). */
  public Map<String, String> enumOptions(String module, String field) {
    JsonNode r =
        api.call(
            SugarRequest.get("/" + ApiCaller.encode(module) + "/enum/" + ApiCaller.encode(field)));
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = r.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** {@code GET /ping}: "pong" when the session works. */
  public String ping() {
    return api.call(SugarRequest.get("/ping")).asText();
  }
}
