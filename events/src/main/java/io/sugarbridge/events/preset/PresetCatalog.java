package io.sugarbridge.events.preset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.MappingOverrides;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presets shipped as YAML resources ({@code io/sugarbridge/events/preset/<name>.yaml}), and the
 * one place where an {@code events.yaml}'s module and mapping overrides are laid over them. A
 * mapping overridden to {@code -} is dropped.
 */
public final class PresetCatalog {
  private static final String BASE = "/io/sugarbridge/events/preset/";
  private static final List<String> NAMES = List.of("lead_capture");

  private PresetCatalog() {}

  /** The names of the presets, as {@code preset:} takes them. */
  public static List<String> names() {
    return NAMES;
  }

  /** Why {@code name} is not a preset (with the closest one), or null when it is one. */
  public static String nameProblem(String name) {
    if (NAMES.contains(name)) {
      return null;
    }
    return "'"
        + name
        + "' is not a preset"
        + Suggestions.didYouMean(name, NAMES)
        + "; the presets are "
        + String.join(", ", NAMES);
  }

  /** The preset named in the configuration, with its overrides applied. */
  public static Preset forConfig(EventsConfig config) {
    Preset p = load(config.preset());
    MappingOverrides o = config.mappings();
    String module = config.module() != null ? config.module() : p.module();
    return new Preset(
        p.name(),
        module,
        o.events() != null ? o.events() : p.actingEvents(),
        overlay(p.traits(), o.traits()),
        overlay(p.properties(), o.properties()),
        o.campaignField() == null
            ? p.campaignField()
            : "-".equals(o.campaignField()) ? null : o.campaignField(),
        overlay(p.defaults(), o.defaults()),
        o.consentTrait() != null ? o.consentTrait() : p.consentTrait());
  }

  /**
   * The shipped preset of that name.
   *
   * @throws ConfigurationException naming the setting {@code preset} when there is none
   */
  public static Preset load(String name) {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new ConfigurationException("preset", problem);
    }
    try (InputStream in = PresetCatalog.class.getResourceAsStream(BASE + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("preset resource missing: " + name);
      }
      JsonNode n = new YAMLMapper().readTree(in);
      List<String> events = new ArrayList<>();
      n.path("events").forEach(e -> events.add(e.asText()));
      return new Preset(
          n.path("name").asText(name),
          n.path("module").asText("Leads"),
          List.copyOf(events),
          map(n.path("traits")),
          map(n.path("properties")),
          n.path("campaign_field").asText(null),
          map(n.path("defaults")),
          n.path("consent_trait").asText("{category}_consent"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> map(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Map<String, String> overlay(Map<String, String> base, Map<String, String> over) {
    Map<String, String> out = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> {
          if ("-".equals(v)) {
            out.remove(k);
          } else {
            out.put(k, v);
          }
        });
    return out;
  }
}
