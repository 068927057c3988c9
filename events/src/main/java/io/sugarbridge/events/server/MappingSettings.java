package io.sugarbridge.events.server;

import io.sugarbridge.events.config.MappingOverrides;
import io.sugarbridge.events.preset.Preset;
import java.util.Map;

/**
 * Which setting maps a field of the module, as messages name it: {@code mappings.<section>.<key>}
 * when the events file sets it, else the preset's own (e.g. "preset lead-capture (trait email)").
 */
final class MappingSettings {
  private final Preset preset;
  private final MappingOverrides overrides;

  MappingSettings(Preset preset, MappingOverrides overrides) {
    this.preset = preset;
    this.overrides = overrides;
  }

  /** The setting of trait {@code trait}. */
  String trait(String trait) {
    return setting(overrides.traits().containsKey(trait), "traits", "trait", trait);
  }

  /** The setting of property {@code property}. */
  String property(String property) {
    return setting(
        overrides.properties().containsKey(property), "properties", "property", property);
  }

  /** The setting of the default value of {@code field}. */
  String defaultOf(String field) {
    return setting(overrides.defaults().containsKey(field), "defaults", "default", field);
  }

  /** The setting of the campaign field. */
  String campaignField() {
    return overrides.campaignField() != null
        ? "mappings.campaign_field"
        : "preset " + preset.name() + " (campaign_field)";
  }

  /** The setting that maps {@code field} of the module, or null when none does. */
  String of(String field) {
    for (Map.Entry<String, String> e : preset.traits().entrySet()) {
      if (e.getValue().equals(field)) {
        return trait(e.getKey());
      }
    }
    for (Map.Entry<String, String> e : preset.properties().entrySet()) {
      if (e.getValue().equals(field)) {
        return property(e.getKey());
      }
    }
    if (preset.defaults().containsKey(field)) {
      return defaultOf(field);
    }
    if (field.equals(preset.campaignField())) {
      return campaignField();
    }
    return null;
  }

  private String setting(boolean inEventsFile, String section, String kind, String key) {
    return inEventsFile
        ? "mappings." + section + "." + key
        : "preset " + preset.name() + " (" + kind + " " + key + ")";
  }
}
