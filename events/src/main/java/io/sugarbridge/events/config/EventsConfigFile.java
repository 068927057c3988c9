package io.sugarbridge.events.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig.DebuggerAccess;
import io.sugarbridge.events.config.EventsConfig.MatchRule;
import io.sugarbridge.events.ingest.IngestSettings;
import io.sugarbridge.events.ingest.TrustedProxies;
import io.sugarbridge.events.preset.PresetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and validates an {@code events.yaml}. Every setting is documented here, once, with its
 * default; every problem is reported at once, naming the setting. Values may use {@code ${ENV}}
 * exactly as the connection file does (write keys usually do). The connection file it names is read
 * too, so one run reports the problems of both files (an unusable platform among them).
 *
 * <pre>
 * sugar: sugarbridge.yaml          # required: the connection file of `check`, relative to this file
 * listen: 127.0.0.1:8088           # host:port to bind; default 127.0.0.1:8088
 * write_keys:                      # required, at least one; a plain key or {name, key}
 *   - "${EVENTS_WRITE_KEY}"
 *   - {name: website, key: "${WEBSITE_WRITE_KEY}"}
 * allowed_origins: []              # browser origins allowed to post directly (CORS)
 * rate_limit_per_address_per_second: 500  # per client address, checked first; beyond it 429
 * rate_limit_per_address_burst: 1000      # events one address may send at once above its rate
 * rate_limit_per_second: 2000      # per write key, all its senders together; beyond it 429
 * rate_limit_burst: 4000           # events a key may send at once above the steady rate
 * trusted_proxies: []              # reverse proxies (IPs, CIDRs) whose X-Forwarded-For names the client
 * preset: lead_capture             # which events act and how traits map
 * module: Leads                    # default: the preset's module
 * consent_category: marketing      # decides the email opt_out flag
 * match: none                      # none: always create (as the seed); email: update by primary email
 * journal: .sugarbridge/events     # journal, profiles, delivery log and dead letters; relative to this file
 * debugger: local                  # local: only this machine may open /debugger (it shows personal data); open
 * wait_for_identify: 5m            # how long an event lacking a required trait waits for identify (0: none)
 * mappings:                        # overrides of the preset (see MappingOverrides); '-' drops one
 *   traits: {phone: phone_work}
 *   properties: {plan: description}
 *   defaults: {lead_source: Web Site}
 *   events: ["Lead Generated", "Signed Up", "Demo Requested"]
 *   campaign_field: lead_source_description
 *   consent_trait: "{category}_consent"   # the trait read when the event's consent context is silent
 * </pre>
 */
public final class EventsConfigFile {
  static final List<String> KEYS =
      List.of(
          "sugar",
          "listen",
          "write_keys",
          "allowed_origins",
          "rate_limit_per_second",
          "rate_limit_burst",
          "rate_limit_per_address_per_second",
          "rate_limit_per_address_burst",
          "trusted_proxies",
          "preset",
          "module",
          "consent_category",
          "match",
          "journal",
          "mappings",
          "debugger",
          "wait_for_identify");
  private static final List<String> MAPPING_KEYS =
      List.of("traits", "properties", "defaults", "events", "campaign_field", "consent_trait");
  private static final ObjectMapper YAML = new YAMLMapper();

  private EventsConfigFile() {}

  /** Loads with variables from the process environment. */
  public static EventsConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads with variables looked up in {@code environment}.
   *
   * @throws ConfigurationException naming every setting at fault, in both files
   */
  public static EventsConfig load(Path file, Function<String, String> environment) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          "--config",
          file
              + " does not exist; write an events file (sugar:, write_keys:, journal:; see"
              + " docs/events.md) or pass the right path");
    } catch (IOException e) {
      throw new ConfigurationException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), base, environment);
  }

  /** Parses YAML text; relative paths are resolved against {@code base}. */
  public static EventsConfig parse(
      String text, String source, Path base, Function<String, String> environment) {
    List<ConfigProblem> problems = new ArrayList<>();
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new ConfigurationException(
          List.of(new ConfigProblem("events file", "not valid YAML: " + firstLine(e), source)));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "events file",
                  "must be a YAML mapping with at least sugar:, write_keys: and journal:",
                  source)));
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!KEYS.contains(n)) {
        problems.add(new ConfigProblem(n, "unknown setting; known settings are " + KEYS, source));
      }
    }
    Reader r = new Reader(root, source, environment, problems);

    Path connectionFile = null;
    SugarClientConfig sugar = null;
    String sugarPath = r.text("sugar", null);
    if (sugarPath == null || sugarPath.isBlank()) {
      problems.add(
          new ConfigProblem(
              "sugar",
              "is required: the path of the connection file that `sugarbridge check` uses,"
                  + " e.g. sugar: sugarbridge.yaml",
              source));
    } else {
      connectionFile = base.resolve(sugarPath).normalize();
      try {
        sugar = SugarConnectionFile.load(connectionFile, environment);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }

    String host = "127.0.0.1";
    int port = 8088;
    String listen = r.text("listen", "127.0.0.1:8088");
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      problems.add(
          new ConfigProblem(
              "listen", "'" + listen + "' is not host:port; write e.g. 127.0.0.1:8088", source));
    } else {
      host = listen.substring(0, colon).replace("[", "").replace("]", "");
      try {
        port = Integer.parseInt(listen.substring(colon + 1).strip());
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(
            new ConfigProblem(
                "listen",
                "the port in '"
                    + listen
                    + "' is not a number from 0 to 65535; write e.g. 127.0.0.1:8088",
                source));
      }
    }

    Map<String, Secret> keys = writeKeys(root.get("write_keys"), r, source, problems);
    List<String> origins = r.list("allowed_origins", "[\"https://www.example.com\"]");
    int rate = r.integer("rate_limit_per_second", IngestSettings.DEFAULT_RATE_PER_SECOND);
    int burst = r.integer("rate_limit_burst", Math.max(IngestSettings.DEFAULT_BURST, 2 * rate));
    int addressRate =
        r.integer(
            "rate_limit_per_address_per_second", IngestSettings.DEFAULT_ADDRESS_RATE_PER_SECOND);
    int addressBurst =
        r.integer(
            "rate_limit_per_address_burst",
            Math.max(IngestSettings.DEFAULT_ADDRESS_BURST, 2 * addressRate));
    TrustedProxies proxies = TrustedProxies.NONE;
    try {
      proxies = TrustedProxies.of(r.list("trusted_proxies", "[\"10.0.0.7\", \"10.1.0.0/16\"]"));
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(p.location() == null ? p.withLocation(source) : p));
    }
    IngestSettings ingest = null;
    try {
      // Without a usable key (already reported above) a stand-in lets the other settings be
      // checked in the same run.
      ingest =
          new IngestSettings(
              keys.isEmpty() ? Map.of("(none)", Secret.of("(none)")) : keys,
              origins,
              rate,
              burst,
              IngestSettings.DEFAULT_MAX_EVENT_BYTES,
              IngestSettings.DEFAULT_MAX_BATCH_BYTES,
              addressRate,
              addressBurst,
              proxies);
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(p.location() == null ? p.withLocation(source) : p));
    }
    String preset = r.text("preset", "lead_capture");
    try {
      // Checked here, with the rest, rather than when the server starts: one run names every
      // problem.
      PresetCatalog.load(preset);
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> problems.add(p.location() == null ? p.withLocation(source) : p));
    }
    String module = r.text("module", null);
    String consent = r.text("consent_category", "marketing");
    if (consent.isBlank()) {
      problems.add(
          new ConfigProblem("consent_category", "must not be empty; write e.g. marketing", source));
    }
    MatchRule match = MatchRule.NONE;
    String m = r.text("match", "none");
    try {
      match = MatchRule.valueOf(m.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          new ConfigProblem(
              "match",
              "'"
                  + m
                  + "' is not supported; write none (always create) or email (update the"
                  + " record with the same primary email)",
              source));
    }
    DebuggerAccess debugger = DebuggerAccess.LOCAL;
    String d = r.text("debugger", "local");
    try {
      debugger = DebuggerAccess.valueOf(d.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          new ConfigProblem(
              "debugger",
              "'"
                  + d
                  + "' is not supported; write local (only this machine may open /debugger) or"
                  + " open (anyone who reaches the collector)",
              source));
    }
    java.time.Duration waitForIdentify = EventsConfig.DEFAULT_WAIT_FOR_IDENTIFY;
    String wait = r.text("wait_for_identify", null);
    if (wait != null) {
      java.time.Duration parsed = duration(wait);
      if (parsed == null
          || parsed.isNegative()
          || parsed.compareTo(EventsConfig.MAX_WAIT_FOR_IDENTIFY) > 0) {
        problems.add(
            new ConfigProblem(
                "wait_for_identify",
                "'"
                    + wait
                    + "' is not a duration from 0 to 7d; write e.g. 5m, 90s or 2h (0: an event"
                    + " lacking a required trait becomes a dead letter at once)",
                source));
      } else {
        waitForIdentify = parsed;
      }
    }
    String journal = r.text("journal", ".sugarbridge/events");
    Path journalDir = base.resolve(journal).normalize();

    Map<String, String> traits = new LinkedHashMap<>();
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    List<String> events = null;
    String campaignField = null;
    String consentTrait = null;
    JsonNode mappings = root.get("mappings");
    if (mappings != null && !mappings.isNull()) {
      if (!mappings.isObject()) {
        problems.add(
            new ConfigProblem(
                "mappings",
                "must be a mapping with traits:, properties:, defaults:, events:,"
                    + " campaign_field: or consent_trait:",
                source));
      } else {
        mappings
            .fieldNames()
            .forEachRemaining(
                k -> {
                  if (!MAPPING_KEYS.contains(k)) {
                    problems.add(
                        new ConfigProblem(
                            "mappings." + k,
                            "unknown section; write one of " + String.join(", ", MAPPING_KEYS),
                            source));
                  }
                });
        r.map(mappings.get("traits"), "mappings.traits", traits);
        r.map(mappings.get("properties"), "mappings.properties", properties);
        r.map(mappings.get("defaults"), "mappings.defaults", defaults);
        JsonNode ev = mappings.get("events");
        if (ev != null && !ev.isNull()) {
          if (!ev.isArray() || ev.isEmpty()) {
            problems.add(
                new ConfigProblem(
                    "mappings.events",
                    "must be a non-empty list of track event names, e.g. [\"Lead Generated\"]",
                    source));
          } else {
            events = new ArrayList<>();
            for (JsonNode e : ev) {
              events.add(e.asText());
            }
          }
        }
        JsonNode cf = mappings.get("campaign_field");
        if (cf != null && !cf.isNull()) {
          campaignField = cf.asText().strip();
        }
        JsonNode ct = mappings.get("consent_trait");
        if (ct != null && !ct.isNull()) {
          if (!ct.isTextual() || ct.asText().isBlank()) {
            problems.add(
                new ConfigProblem(
                    "mappings.consent_trait",
                    "must name the trait that holds consent, e.g. newsletter_optin or"
                        + " \"{category}_consent\"",
                    source));
          } else {
            consentTrait = ct.asText().strip();
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new EventsConfig(
        connectionFile,
        sugar,
        host,
        port,
        ingest,
        preset,
        module,
        consent.strip(),
        match,
        journalDir,
        new MappingOverrides(
            Map.copyOf(traits),
            Map.copyOf(properties),
            Map.copyOf(defaults),
            events == null ? null : List.copyOf(events),
            campaignField,
            consentTrait),
        debugger,
        waitForIdentify);
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or a plain number of seconds; null if not. */
  static java.time.Duration duration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?")
            .matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      case "d" -> java.time.Duration.ofDays(n);
      default -> java.time.Duration.ofSeconds(n);
    };
  }

  private static Map<String, Secret> writeKeys(
      JsonNode node, Reader r, String source, List<ConfigProblem> problems) {
    Map<String, Secret> keys = new LinkedHashMap<>();
    if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
      problems.add(
          new ConfigProblem(
              "write_keys",
              "at least one write key is required; write e.g. write_keys: [\"${EVENTS_WRITE_KEY}\"]",
              source));
      return keys;
    }
    if (!node.isArray()) {
      problems.add(
          new ConfigProblem(
              "write_keys", "must be a list, e.g. write_keys: [\"${EVENTS_WRITE_KEY}\"]", source));
      return keys;
    }
    int i = 0;
    for (JsonNode k : node) {
      i++;
      String setting = "write_keys[" + i + "]";
      String name = "key-" + i;
      String value;
      if (k.isObject()) {
        name = k.path("name").asText(name);
        value = k.hasNonNull("key") ? r.interpolate(k.get("key").asText(), setting + ".key") : null;
      } else if (k.isValueNode()) {
        value = r.interpolate(k.asText(), setting);
      } else {
        value = null;
      }
      if (value == null || value.isBlank()) {
        if (k.isObject() || k.isValueNode()) {
          if (problems.stream().noneMatch(p -> p.setting().startsWith(setting))) {
            problems.add(new ConfigProblem(setting, "is empty; a write key needs a value", source));
          }
        } else {
          problems.add(
              new ConfigProblem(setting, "must be a key or {name: ..., key: ...}", source));
        }
        continue;
      }
      if (keys.containsKey(name)) {
        problems.add(
            new ConfigProblem(
                setting + ".name", "'" + name + "' names two write keys; rename one", source));
      }
      keys.put(name, Secret.of(value));
    }
    return keys;
  }

  private static String firstLine(IOException e) {
    String msg = String.valueOf(e.getMessage());
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  /** Typed reads of top-level settings that record each problem instead of stopping. */
  private static final class Reader {
    private final JsonNode root;
    private final String source;
    private final Interpolator env;
    private final List<ConfigProblem> problems;

    Reader(JsonNode root, String source, Function<String, String> env, List<ConfigProblem> p) {
      this.root = root;
      this.source = source;
      this.env = new Interpolator(env);
      this.problems = p;
    }

    String interpolate(String value, String setting) {
      return env.apply(value, setting, source, problems);
    }

    String text(String key, String fallback) {
      JsonNode n = root.get(key);
      if (n == null || n.isNull()) {
        return fallback;
      }
      if (!n.isValueNode()) {
        problems.add(
            new ConfigProblem(key, "must be a single value, not a list or mapping", source));
        return fallback;
      }
      return interpolate(n.asText(), key);
    }

    int integer(String key, int fallback) {
      String t = text(key, null);
      if (t == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(t.strip());
      } catch (NumberFormatException e) {
        problems.add(
            new ConfigProblem(
                key, "'" + t + "' is not a whole number; write e.g. " + fallback, source));
        return fallback;
      }
    }

    List<String> list(String key, String example) {
      JsonNode n = root.get(key);
      List<String> out = new ArrayList<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isArray()) {
        problems.add(new ConfigProblem(key, "must be a list, e.g. " + example, source));
        return out;
      }
      for (JsonNode e : n) {
        out.add(interpolate(e.asText(), key));
      }
      return out;
    }

    void map(JsonNode n, String setting, Map<String, String> out) {
      if (n == null || n.isNull()) {
        return;
      }
      if (!n.isObject()) {
        problems.add(
            new ConfigProblem(
                setting, "must map a name to a Sugar field, e.g. phone: phone_work", source));
        return;
      }
      n.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                  problems.add(
                      new ConfigProblem(
                          setting + "." + e.getKey(),
                          "must name a Sugar field (e.g. phone_work), or '-' to drop the mapping",
                          source));
                } else {
                  out.put(e.getKey(), e.getValue().asText().strip());
                }
              });
    }
  }
}
