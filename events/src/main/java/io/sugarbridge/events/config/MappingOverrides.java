package io.sugarbridge.events.config;

import java.util.List;
import java.util.Map;

/**
 * What {@code mappings:} in {@code events.yaml} changes in the preset: trait, property and default
 * mappings laid over the preset's (a value of {@code -} drops one), and, when given, the acting
 * events and the campaign field instead of the preset's.
 *
 * @param events the track events that act, or null to keep the preset's
 * @param campaignField the field for campaign attribution, or null to keep the preset's
 * @param consentTrait the trait read for consent when the event's consent context does not name the
 *     category ({@code {category}} is replaced by it), or null to keep the preset's
 */
public record MappingOverrides(
    Map<String, String> traits,
    Map<String, String> properties,
    Map<String, String> defaults,
    List<String> events,
    String campaignField,
    String consentTrait) {

  /** No overrides: the preset as shipped. */
  public static MappingOverrides none() {
    return new MappingOverrides(Map.of(), Map.of(), Map.of(), null, null, null);
  }
}
