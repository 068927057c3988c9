package io.sugarbridge.events.config;

import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.config.Values;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code mappings:} in an {@code events.yaml}, declared once: what the file changes
 * in the preset ({@link MappingOverrides}). A mapping written {@code -} drops the preset's.
 */
public final class MappingsSettings {
  private static final String SOME_EVENTS =
      "must be a non-empty list of track event names, e.g. [\"Lead Generated\"]";
  private static final String FIELD_SHAPE =
      "must map a name to a Sugar field, e.g. phone: phone_work";

  /** A Sugar field's name, or {@code -}. */
  private static final SettingType<String> FIELD =
      SettingType.string()
          .checked(
              v ->
                  v.isBlank()
                      ? "must name a Sugar field (e.g. phone_work), or '-' to drop the mapping"
                      : null);

  public static final Setting<Map<String, String>> TRAITS =
      Setting.map("traits", FIELD)
          .shape(FIELD_SHAPE)
          .allowed("trait: field, or trait: '-'")
          .doc("the field each trait goes to, laid over the preset's")
          .build();

  public static final Setting<Map<String, String>> PROPERTIES =
      Setting.map("properties", FIELD)
          .shape(FIELD_SHAPE)
          .allowed("property: field, or property: '-'")
          .doc("the field each track event property goes to, laid over the preset's")
          .build();

  public static final Setting<Map<String, String>> DEFAULTS =
      Setting.map(
              "defaults",
              SettingType.string()
                  .checked(
                      v ->
                          v.isBlank()
                              ? "must be the field's value (e.g. lead_source: Web Site), or '-' to"
                                  + " drop the preset's default"
                              : null))
          .shape("must map a Sugar field to its value, e.g. lead_source: Web Site")
          .allowed("field: value, or field: '-'")
          .doc("field values used when the event gives none, laid over the preset's")
          .build();

  public static final Setting<List<String>> EVENTS =
      Setting.list("events", SettingType.string())
          .defaultValue(null)
          .defaultText("the preset's")
          .shape(SOME_EVENTS)
          .check(v -> v.isEmpty() ? SOME_EVENTS : null)
          .doc("the track events that act, instead of the preset's")
          .build();

  public static final Setting<String> CAMPAIGN_FIELD =
      Setting.of("campaign_field", SettingType.string())
          .defaultText("the preset's")
          .allowed("a field, or '-' for none")
          .doc("the field utm_* and context.campaign go to")
          .build();

  public static final Setting<String> CONSENT_TRAIT =
      Setting.of("consent_trait", SettingType.string())
          .defaultText("the preset's")
          .allowed("a trait; {category} is the consent category")
          .check(
              v ->
                  v.isBlank()
                      ? "must name the trait that holds consent, e.g. newsletter_optin or"
                          + " \"{category}_consent\""
                      : null)
          .doc("the trait read when the event's consent context does not name the category")
          .build();

  /** {@code mappings:}, in the order messages and docs list its keys. */
  public static final Section SECTION =
      Section.of(TRAITS, PROPERTIES, DEFAULTS, EVENTS, CAMPAIGN_FIELD, CONSENT_TRAIT)
          .withUnknownKeyMessage(MappingsSettings::unknownSection);

  public static final Setting<Values> MAPPINGS =
      Setting.section("mappings", SECTION)
          .shape(
              "must be a mapping with traits:, properties:, defaults:, events:,"
                  + " campaign_field: or consent_trait:")
          .defaultText("the preset as shipped")
          .doc("what the events file changes in the preset")
          .group(EventsSettings.GROUP_RECORDS)
          .build();

  private MappingsSettings() {}

  /** The overrides {@code mappings:} gives, or none when the file has no such section. */
  static MappingOverrides overrides(Values m) {
    if (m == null) {
      return MappingOverrides.none();
    }
    return new MappingOverrides(
        stripped(m.get(TRAITS)),
        stripped(m.get(PROPERTIES)),
        stripped(m.get(DEFAULTS)),
        m.get(EVENTS),
        m.get(CAMPAIGN_FIELD) == null ? null : m.get(CAMPAIGN_FIELD).strip(),
        m.get(CONSENT_TRAIT) == null ? null : m.get(CONSENT_TRAIT).strip());
  }

  private static Map<String, String> stripped(Map<String, String> map) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v.strip()));
    return Map.copyOf(out);
  }

  private static String unknownSection(String key, List<String> known) {
    return "unknown section"
        + Suggestions.didYouMean(key, known)
        + "; write one of "
        + String.join(", ", known);
  }
}
