package io.sugarbridge.client.meta;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field of a module as Sugar's vardefs describe it: name, type ({@code varchar}, {@code enum},
 * {@code link}, …), length, whether the UI requires it, the dropdown list name of an enum, and the
 * full vardef for anything else.
 *
 * @param len maximum length, or null when not given
 * @param options the dropdown list name (e.g. {@code account_type_dom}) of an enum, or null
 */
public record FieldDefinition(
    String name, String type, Integer len, boolean required, String options, JsonNode raw) {

  static FieldDefinition from(String name, JsonNode def) {
    JsonNode len = def.get("len");
    Integer length = null;
    if (len != null && !len.isNull()) {
      try {
        length = Integer.valueOf(len.asText().replaceAll("[^0-9].*$", ""));
      } catch (NumberFormatException e) {
        length = null;
      }
    }
    JsonNode req = def.get("required");
    boolean required =
        req != null && (req.asBoolean(false) || "true".equalsIgnoreCase(req.asText()));
    JsonNode opt = def.get("options");
    return new FieldDefinition(
        def.path("name").asText(name),
        def.path("type").asText(null),
        length,
        required,
        opt == null || !opt.isTextual() ? null : opt.asText(),
        def);
  }

  /** True for relationship link fields, which are not record values. */
  public boolean isLink() {
    return "link".equals(type);
  }
}
