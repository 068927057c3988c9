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

  private List<String> problemsOf(String yaml) throws Exception {
    connection(null);
    Path f = dir.resolve("events.yaml");
    Files.writeString(f, yaml);
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> EventsConfigFile.load(f, Map.of("PW", "pw", "EMPTY", "")::get));
    assertThat(e).as("problems of\n" + yaml).isNotNull();
    return e.problems().stream()
        .map(p -> p.toString().replace(f.toString(), "events.yaml"))
        .toList();
  }

  @Test
  void eachProblemNamesItsLineAndAMisspeltKeyGetsASuggestion() throws Exception {
    assertThat(
            problemsOf(
                "sugar: sugarbridge.yaml\nwrite_keys: [k]\nmatc: email\nlisten: [a]\n"
                    + "wait_for_identify: 8d\ndebugger: everyone\nconsent_category: ''\n"))
        .containsExactly(
            "events.yaml:3: matc: unknown setting (did you mean match?); known settings are sugar,"
                + " listen, write_keys, allowed_origins, rate_limit_per_second, rate_limit_burst,"
                + " rate_limit_per_address_per_second, rate_limit_per_address_burst,"
                + " trusted_proxies, preset, module, consent_category, match, journal, mappings,"
                + " debugger, wait_for_identify",
            "events.yaml:4: listen: must be a single value, not a list or mapping",
            "events.yaml:5: wait_for_identify: '8d' is not a duration from 0 to 7d; write e.g. 5m,"
                + " 90s or 2h (0: an event lacking a required trait becomes a dead letter at once)",
            "events.yaml:6: debugger: 'everyone' is not supported; write local (only this machine"
                + " may open /debugger) or open (anyone who reaches the collector)",
            "events.yaml:7: consent_category: must not be empty; write e.g. marketing");
    assertThat(problemsOf("sugar: sugarbridge.yaml\nwrite_keys: [k]\npreset: lead_captur\n"))
        .containsExactly(
            "events.yaml:3: preset: 'lead_captur' is not a preset (did you mean lead_capture?);"
                + " the presets are lead_capture");
    assertThat(problemsOf("sugar: sugarbridge.yaml\nwrite_keys: [k]\nlisten: \"[::1]:http\"\n"))
        .containsExactly(
            "events.yaml:3: listen: the port in '[::1]:http' is not a number from 0 to 65535;"
                + " write e.g. 127.0.0.1:8088");
  }

  @Test
  void everyWriteKeyProblemNamesTheItem() throws Exception {
    assertThat(
            problemsOf(
                "sugar: sugarbridge.yaml\nwrite_keys:\n  - {name: site, key: k1}\n"
                    + "  - {name: site, key: k2}\n  - {name: app}\n  - ${EMPTY}\n  - [x]\n"
                    + "  - {name: '', key: k3}\n  - k1\n"))
        .containsExactly(
            "events.yaml:5: write_keys[3].key: is empty; a write key needs a value",
            "events.yaml:6: write_keys[4]: is empty; a write key needs a value",
            "events.yaml:7: write_keys[5]: must be a mapping of name, key, or a single key",
            "events.yaml:8: write_keys[6].name: is empty; write a name such as website, or leave"
                + " it out",
            "events.yaml:4: write_keys[2].name: 'site' names two write keys; rename one",
            "events.yaml:2: write_keys.key-7: the same key as write key site; remove one");
    assertThat(problemsOf("sugar: sugarbridge.yaml\nwrite_keys: []\n"))
        .containsExactly(
            "events.yaml:2: write_keys: at least one write key is required; write e.g."
                + " write_keys: [\"${EVENTS_WRITE_KEY}\"]");
    assertThat(problemsOf("sugar: sugarbridge.yaml\nwrite_keys: k\n"))
        .containsExactly(
            "events.yaml:2: write_keys: must be a list, e.g. write_keys: [\"${EVENTS_WRITE_KEY}\"]");
  }

  @Test
  void everyMappingsProblemNamesItsSection() throws Exception {
    assertThat(
            problemsOf(
                "sugar: sugarbridge.yaml\nwrite_keys: [k]\nmappings:\n  trait: {a: b}\n"
                    + "  traits: {phone: '', title:}\n  properties: plan\n  defaults: {a: ' '}\n"
                    + "  events: []\n  consent_trait: ' '\n"))
        .containsExactly(
            "events.yaml:4: mappings.trait: unknown section (did you mean traits?); write one of"
                + " traits, properties, defaults, events, campaign_field, consent_trait",
            "events.yaml:5: mappings.traits.phone: must name a Sugar field (e.g. phone_work), or"
                + " '-' to drop the mapping",
            "events.yaml:5: mappings.traits.title: must name a Sugar field (e.g. phone_work), or"
                + " '-' to drop the mapping",
            "events.yaml:6: mappings.properties: must map a name to a Sugar field, e.g. phone:"
                + " phone_work",
            "events.yaml:7: mappings.defaults.a: must be the field's value (e.g. lead_source: Web"
                + " Site), or '-' to drop the preset's default",
            "events.yaml:8: mappings.events: must be a non-empty list of track event names, e.g."
                + " [\"Lead Generated\"]",
            "events.yaml:9: mappings.consent_trait: must name the trait that holds consent, e.g."
                + " newsletter_optin or \"{category}_consent\"");
    assertThat(problemsOf("sugar: sugarbridge.yaml\nwrite_keys: [k]\nmappings: [traits]\n"))
        .containsExactly(
            "events.yaml:3: mappings: must be a mapping with traits:, properties:, defaults:,"
                + " events:, campaign_field: or consent_trait:");
  }

  @Test
  void aFileThatIsNotAMappingOrNotYamlIsNamed() throws Exception {
    assertThat(problemsOf(""))
        .containsExactly(
            "events.yaml: events file: must be a YAML mapping with at least sugar:, write_keys:"
                + " and journal:");
    assertThat(problemsOf("- sugar\n")).hasSize(1);
    assertThat(problemsOf("sugar: [\n").get(0))
        .startsWith("events.yaml:2: events file: is not valid YAML");
    Path missing = dir.resolve("nowhere.yaml");
    assertThat(
            catchThrowableOfType(
                ConfigurationException.class, () -> EventsConfigFile.load(missing)))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aBurstLeftOutIsTwiceItsRateAndValuesAreTrimmed() throws Exception {
    connection(null);
    Path f = dir.resolve("events.yaml");
    Files.writeString(
        f,
        "sugar: sugarbridge.yaml\nwrite_keys: [k]\nlisten: \"[::1]:0\"\n"
            + "rate_limit_per_second: 3000\nrate_limit_per_address_per_second: 800\n"
            + "consent_category: ' newsletter '\nwait_for_identify: 0\ndebugger: open\n"
            + "journal: data/events\nmodule: Contacts\n"
            + "mappings:\n  traits: {phone: ' phone_work '}\n  campaign_field: ' - '\n");

    EventsConfig c = EventsConfigFile.load(f, Map.of("PW", "pw")::get);

    assertThat(c.host()).isEqualTo("::1");
    assertThat(c.port()).isZero();
    assertThat(c.ingest().burst()).isEqualTo(6000);
    assertThat(c.ingest().addressBurst()).isEqualTo(1600);
    assertThat(c.consentCategory()).isEqualTo("newsletter");
    assertThat(c.waitForIdentify()).isZero();
    assertThat(c.debugger()).isEqualTo(EventsConfig.DebuggerAccess.OPEN);
    assertThat(c.journalDirectory()).isEqualTo(dir.resolve("data/events"));
    assertThat(c.module()).isEqualTo("Contacts");
    assertThat(c.mappings().traits()).containsEntry("phone", "phone_work");
    assertThat(c.mappings().campaignField()).isEqualTo("-");
    assertThat(c.mappings().events()).isNull();
  }
}
