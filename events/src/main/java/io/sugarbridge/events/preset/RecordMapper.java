package io.sugarbridge.events.preset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.model.EventMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one event and the person's traits into the Sugar payload a {@link Preset} describes: traits
 * and properties to fields, the email into Sugar's {@code email} link-field array (lowercased and
 * trimmed, {@code primary_address} set, {@code opt_out} from consent), campaign attribution into
 * one line, the preset's defaults; and refuses a record that lacks one of the module's required
 * fields, naming the trait that would fill it.
 */
public final class RecordMapper {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final java.util.Set<String> GRANTED =
      java.util.Set.of("true", "granted", "yes", "1", "opt_in", "opted_in");
  private static final List<String> CAMPAIGN_KEYS =
      List.of("name", "source", "medium", "term", "content");

  private final Preset preset;
  private final String consentCategory;
  private final Collection<String> requiredFields;
  private final java.util.Set<String> knownFields;

  /**
   * @param requiredFields the module's required fields as Sugar's metadata lists them; fields Sugar
   *     fills itself (id, computed names) are ignored
   */
  public RecordMapper(Preset preset, String consentCategory, Collection<String> requiredFields) {
    this(preset, consentCategory, requiredFields, java.util.Set.of());
  }

  /**
   * @param knownFields every field of the module (from Sugar's metadata); Sugar silently ignores a
   *     field it does not have, so a mapping to one is refused instead of losing the value. Empty
   *     when unknown (no check).
   */
  public RecordMapper(
      Preset preset,
      String consentCategory,
      Collection<String> requiredFields,
      Collection<String> knownFields) {
    this.preset = preset;
    this.consentCategory = consentCategory;
    this.requiredFields = List.copyOf(requiredFields);
    this.knownFields = java.util.Set.copyOf(knownFields);
  }

  public Preset preset() {
    return preset;
  }

  /**
   * The record for {@code event}, with {@code traits} being the person's stored traits with the
   * event's own traits laid over them.
   */
  public MappedEvent map(EventMessage event, ObjectNode traits) {
    String off = switchedOff(event.integrations());
    if (off != null) {
      return MappedEvent.noAction(off);
    }
    if (!"track".equals(event.type())) {
      return MappedEvent.noAction(
          event.type()
              + " events only update the person's traits; "
              + preset.name()
              + " acts on "
              + preset.actingEvents());
    }
    if (!preset.actingEvents().contains(event.event())) {
      return MappedEvent.noAction(
          "'"
              + event.event()
              + "' is not one of the events "
              + preset.name()
              + " acts on "
              + preset.actingEvents());
    }
    ObjectNode fields = NODES.objectNode();
    preset.defaults().forEach(fields::put);
    String email = null;
    Map<String, String> filledBy = new LinkedHashMap<>();
    for (Map.Entry<String, String> m : preset.traits().entrySet()) {
      String value = text(traits.get(m.getKey()));
      if (value == null) {
        continue;
      }
      String field = m.getValue();
      if ("email".equals(field)) {
        email = value.strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
          email = null;
          continue;
        }
        ArrayNode emails = fields.putArray("email");
        ObjectNode primary = emails.addObject();
        primary.put("email_address", email);
        primary.put("primary_address", true);
        primary.put("opt_out", !consentGranted(event, traits));
      } else {
        fields.put(field, value.strip());
      }
      filledBy.putIfAbsent(field, m.getKey());
    }
    ObjectNode props = event.properties();
    for (Map.Entry<String, String> m : preset.properties().entrySet()) {
      String value = text(props.get(m.getKey()));
      if (value != null) {
        fields.put(m.getValue(), value.strip());
      }
    }
    String campaign = campaign(event);
    if (campaign != null && preset.campaignField() != null) {
      fields.put(preset.campaignField(), campaign);
    }
    if (!knownFields.isEmpty()) {
      List<String> unknown = new ArrayList<>();
      fields
          .fieldNames()
          .forEachRemaining(
              f -> {
                if (!knownFields.contains(f)) {
                  unknown.add(f);
                }
              });
      if (!unknown.isEmpty()) {
        return MappedEvent.invalid(
            fields,
            preset.module()
                + " has no field "
                + String.join(", ", unknown)
                + " (Sugar would drop the value silently); correct the field name under mappings:"
                + " in events.yaml");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String required : requiredFields) {
      JsonNode v = fields.get(required);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        missing.add(required);
      }
    }
    if (!missing.isEmpty()) {
      List<String> why = new ArrayList<>();
      boolean traitsCanFix = true;
      for (String f : missing) {
        String trait = traitFor(f);
        traitsCanFix &= trait != null;
        why.add(
            trait == null
                ? "no trait maps to the required field " + f + " (add one under mappings.traits)"
                : "the trait "
                    + trait
                    + " is missing (it fills "
                    + preset.module()
                    + "."
                    + f
                    + ", which Sugar requires); send it with identify or in context.traits");
      }
      return traitsCanFix
          ? MappedEvent.missingTrait(fields, String.join("; ", why))
          : MappedEvent.invalid(fields, String.join("; ", why));
    }
    return MappedEvent.record(fields, email);
  }

  /**
   * Segment's {@code integrations} switch: {@code "SugarCRM"} (or {@code "sugarbridge"}) decides
   * when present, else {@code "All": false} turns every destination off. Returns why the event is
   * switched off, or null.
   */
  static String switchedOff(ObjectNode integrations) {
    for (String name : List.of("SugarCRM", "sugarbridge")) {
      JsonNode v = integrations.get(name);
      if (v != null && !v.isNull()) {
        return v.isBoolean() && !v.booleanValue()
            ? "the sender switched this destination off (integrations." + name + ": false)"
            : null;
      }
    }
    JsonNode all = integrations.get("All");
    return all != null && all.isBoolean() && !all.booleanValue()
        ? "the sender switched every destination off (integrations.All: false)"
        : null;
  }

  /**
   * Consent for the configured category: {@code context.consent.categoryPreferences} first (the
   * event's own statement), then the consent trait; granted only when one says true (or, as text,
   * true, granted, yes, 1, opt_in or opted_in).
   */
  boolean consentGranted(EventMessage event, ObjectNode traits) {
    JsonNode pref =
        event.context().path("consent").path("categoryPreferences").get(consentCategory);
    if (pref == null || pref.isNull()) {
      pref = traits.get(preset.consentTrait().replace("{category}", consentCategory));
    }
    if (pref == null || pref.isNull()) {
      return false;
    }
    if (pref.isBoolean()) {
      return pref.booleanValue();
    }
    // Consent tools and hand-written forms store consent as text as often as a boolean
    // ("granted", "yes"); reading only "true" would opt those people out against their choice.
    return GRANTED.contains(pref.asText().strip().toLowerCase(Locale.ROOT));
  }

  private String campaign(EventMessage event) {
    Map<String, String> parts = new LinkedHashMap<>();
    JsonNode ctx = event.context().path("campaign");
    for (String k : CAMPAIGN_KEYS) {
      String v = text(ctx.get(k));
      if (v != null && !v.isBlank()) {
        parts.put("utm_" + (k.equals("name") ? "campaign" : k), v.strip());
      }
    }
    event
        .properties()
        .fields()
        .forEachRemaining(
            e -> {
              String v = text(e.getValue());
              if (e.getKey().startsWith("utm_") && v != null && !v.isBlank()) {
                parts.put(e.getKey(), v.strip());
              }
            });
    if (parts.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    parts.forEach((k, v) -> out.add(k + "=" + v));
    return String.join("; ", out);
  }

  private String traitFor(String field) {
    for (Map.Entry<String, String> m : preset.traits().entrySet()) {
      if (m.getValue().equals(field)) {
        return m.getKey();
      }
    }
    return null;
  }

  /** A scalar as text; Segment's {@code company} trait may be an object with a name. */
  private static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      return n.hasNonNull("name") ? n.get("name").asText() : null;
    }
    return n.isValueNode() ? n.asText() : null;
  }
}
