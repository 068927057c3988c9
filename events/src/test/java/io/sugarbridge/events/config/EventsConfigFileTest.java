package io.sugarbridge.events.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig.MatchRule;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.PresetCatalog;
import io.sugarbridge.events.preset.RecordMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsConfigFileTest {
  @TempDir Path dir;

  private void connection(String platform) throws Exception {
    Files.writeString(
        dir.resolve("sugarbridge.yaml"),
        "sugar:\n  instance_url: http://127.0.0.1:8089\n  username: admin\n  password: ${PW}\n"
            + (platform == null ? "" : "  platform: " + platform + "\n"));
  }

  @Test
  void theIssuesExampleReadsWithDefaultsAndInterpolatedKeys() throws Exception {
    connection(null);
    Path f = dir.resolve("events.yaml");
    Files.writeString(
        f,
        "sugar: sugarbridge.yaml\nlisten: 127.0.0.1:9099\nwrite_keys: [\"${EVENTS_WRITE_KEY}\","
            + " {name: website, key: site-key}]\npreset: lead_capture\nmatch: email\n"
            + "journal: .sugarbridge/events\nmappings:\n  traits: {phone: phone_work, title: '-'}\n"
            + "  events: [Demo Requested]\n  defaults: {lead_source: Campaign}\n");

    EventsConfig c =
        EventsConfigFile.load(f, Map.of("EVENTS_WRITE_KEY", "wk-secret", "PW", "pw")::get);

    assertThat(c.sugarConnectionFile()).isEqualTo(dir.resolve("sugarbridge.yaml"));
    assertThat(c.sugar().username()).isEqualTo("admin");
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9099);
    assertThat(c.ingest().writeKeys()).containsOnlyKeys("key-1", "website");
    assertThat(c.firstWriteKey().reveal()).isEqualTo("wk-secret");
    assertThat(c.ingest().writeKeys().get("website").reveal()).isEqualTo("site-key");
    // Defaults: the write key's ceiling is four times one address's limit.
    assertThat(c.ingest().ratePerSecond()).isEqualTo(2000);
    assertThat(c.ingest().burst()).isEqualTo(4000);
    assertThat(c.ingest().addressRatePerSecond()).isEqualTo(500);
    assertThat(c.ingest().addressBurst()).isEqualTo(1000);
    assertThat(c.ingest().trustedProxies().isEmpty()).isTrue();
    assertThat(c.toString()).doesNotContain("wk-secret").doesNotContain("site-key");
    assertThat(c.match()).isEqualTo(MatchRule.EMAIL);
    assertThat(c.consentCategory()).isEqualTo("marketing");
    assertThat(c.module()).isNull();
    assertThat(c.journalDirectory()).isEqualTo(dir.resolve(".sugarbridge/events"));
    Preset p = PresetCatalog.forConfig(c);
    assertThat(p.module()).isEqualTo("Leads");
    assertThat(p.traits()).containsEntry("phone", "phone_work").doesNotContainKey("title");
    assertThat(p.traits()).containsEntry("last_name", "last_name");
    assertThat(p.actingEvents()).containsExactly("Demo Requested");
    assertThat(p.defaults()).containsEntry("lead_source", "Campaign");
    assertThat(p.campaignField()).isEqualTo("lead_source_description");
  }

  @Test
  void theConsentTraitIsAMappingLikeTheOthers() throws Exception {
    connection(null);
    Path f = dir.resolve("events.yaml");
    Files.writeString(
        f,
        "sugar: sugarbridge.yaml\nwrite_keys: [k1]\nconsent_category: newsletter\n"
            + "mappings:\n  consent_trait: newsletter_optin\n");

    Preset p = PresetCatalog.forConfig(EventsConfigFile.load(f, Map.of("PW", "pw")::get));

    assertThat(p.consentTrait()).isEqualTo("newsletter_optin");
    RecordMapper mapper = new RecordMapper(p, "newsletter", List.of("last_name"));
    ObjectNode traits =
        (ObjectNode)
            new ObjectMapper()
                .readTree("{\"last_name\":\"L\",\"email\":\"a@b.c\",\"newsletter_optin\":true}");
    EventMessage signUp =
        new EventMessage(
            "track",
            "m-1",
            "u-1",
            null,
            "Signed Up",
            null,
            traits,
            traits.objectNode(),
            traits.objectNode(),
            traits.objectNode(),
            null,
            Instant.parse("2026-11-23T10:00:00Z"),
            "key-1");
    assertThat(mapper.map(signUp, traits).fields().at("/email/0/opt_out").asBoolean()).isFalse();
    assertThat(PresetCatalog.load("lead_capture").consentTrait()).isEqualTo("{category}_consent");
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsSetting() throws Exception {
    connection("base");
    Path f = dir.resolve("events.yaml");
    Files.writeString(
        f,
        "sugar: sugarbridge.yaml\nlisten: localhost\nwrite_keys: [\"${UNSET_KEY}\"]\n"
            + "match: fuzzy\nrate_limit_per_second: lots\nallowed_origins: [\"www.example.com/x\"]\n"
            + "colour: blue\npreset: lead_captur\nrate_limit_per_address_burst: 0\n"
            + "trusted_proxies: [\"10.0.0.0/8\", \"proxy.internal\", \"10.1.2.3/33\"]\n");

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> EventsConfigFile.load(f, Map.of("PW", "pw")::get));

    assertThat(e.problems())
        .extracting(ConfigProblem::setting)
        .contains(
            "colour",
            "sugar.platform",
            "listen",
            "write_keys[1]",
            "match",
            "rate_limit_per_second",
            "allowed_origins",
            "rate_limit_per_address_burst",
            "trusted_proxies",
            "preset");
    assertThat(e.getMessage())
        .contains("base")
        .contains("UNSET_KEY")
        .contains("none")
        .contains("lead_captur")
        .contains("'proxy.internal' is not an IP address or CIDR range")
        .contains("'10.1.2.3/33' is not an IP address or CIDR range");
  }

  @Test
  void trustedProxiesAndPerAddressLimitsAreRead() throws Exception {
    connection(null);
    Path f = dir.resolve("events.yaml");
    Files.writeString(
        f,
        "sugar: sugarbridge.yaml\nwrite_keys: [k]\nrate_limit_per_address_per_second: 50\n"
            + "trusted_proxies: [\"10.0.0.0/8\", \"192.168.1.7\", \"fd00::/8\"]\n");

    EventsConfig c = EventsConfigFile.load(f, Map.of("PW", "pw")::get);

    assertThat(c.ingest().addressRatePerSecond()).isEqualTo(50);
    assertThat(c.ingest().addressBurst()).isEqualTo(1000);
    assertThat(c.ingest().trustedProxies().entries())
        .containsExactly("10.0.0.0/8", "192.168.1.7", "fd00::/8");
    assertThat(c.ingest().trustedProxies().trusts(java.net.InetAddress.getByName("10.200.3.4")))
        .isTrue();
    assertThat(c.ingest().trustedProxies().trusts(java.net.InetAddress.getByName("192.168.1.8")))
        .isFalse();
  }

  @Test
  void aMissingConnectionFileAndNoWriteKeysAreNamed() throws Exception {
    Path f = dir.resolve("events.yaml");
    Files.writeString(f, "sugar: nowhere.yaml\n");

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> EventsConfigFile.load(f, k -> null));

    assertThat(e.getMessage()).contains("nowhere.yaml").contains("write_keys");
  }
}
