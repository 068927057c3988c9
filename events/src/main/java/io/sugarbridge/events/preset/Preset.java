package io.sugarbridge.events.preset;

import java.util.List;
import java.util.Map;

/**
 * A preset as data: which track events act, into which module, and how traits and properties map to
 * Sugar fields. Read from a YAML resource by {@link PresetCatalog} and overridable from {@code
 * events.yaml}, so changing a mapping never needs code.
 *
 * @param actingEvents track event names that create (or update) a record; others are "no action"
 * @param traits trait name to Sugar field; the field {@code email} gets the email link-field array
 * @param properties event property name to Sugar field
 * @param campaignField the field that receives utm_* and context.campaign as one line, or null
 * @param defaults field values used when the event does not give one
 * @param consentTrait the trait read for consent, {@code {category}} replaced by the category
 */
public record Preset(
    String name,
    String module,
    List<String> actingEvents,
    Map<String, String> traits,
    Map<String, String> properties,
    String campaignField,
    Map<String, String> defaults,
    String consentTrait) {}
