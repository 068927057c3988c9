package io.sugarbridge.events.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.events.config.MappingOverrides;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.PresetCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingSettingsTest {
  private static final Preset PRESET = PresetCatalog.load("lead_capture");

  @Test
  void aFieldMappedByThePresetNamesThePresetsOwnSetting() {
    MappingSettings s = new MappingSettings(PRESET, MappingOverrides.none());

    assertThat(s.of("phone_mobile")).isEqualTo("preset lead_capture (trait phone)");
    assertThat(s.of("description")).isEqualTo("preset lead_capture (property description)");
    assertThat(s.of("lead_source_description")).isEqualTo("preset lead_capture (campaign_field)");
    assertThat(s.defaultOf("lead_source")).isEqualTo("preset lead_capture (default lead_source)");
  }

  @Test
  void aFieldMappedInTheEventsFileNamesItsKeyThere() {
    MappingSettings s =
        new MappingSettings(
            PRESET,
            new MappingOverrides(
                Map.of("phone", "phone_work"),
                Map.of("description", "description"),
                Map.of("status", "New"),
                null,
                "campaign_name",
                null));

    assertThat(s.trait("phone")).isEqualTo("mappings.traits.phone");
    assertThat(s.property("description")).isEqualTo("mappings.properties.description");
    assertThat(s.defaultOf("status")).isEqualTo("mappings.defaults.status");
    assertThat(s.campaignField()).isEqualTo("mappings.campaign_field");
  }

  @Test
  void aFieldNoMappingWritesHasNoSetting() {
    assertThat(new MappingSettings(PRESET, MappingOverrides.none()).of("assigned_user_id"))
        .isNull();
  }
}
