package io.sugarbridge.events.config;

import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.SettingType;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.events.config.EventsConfig.DebuggerAccess;
import io.sugarbridge.events.config.EventsConfig.MatchRule;
import io.sugarbridge.events.ingest.IngestSettings;
import io.sugarbridge.events.ingest.TrustedProxies;
import io.sugarbridge.events.preset.PresetCatalog;
import java.time.Duration;
import java.util.List;

/**
 * The settings of an {@code events.yaml}, declared once: {@link EventsConfigFile} reads the file
 * against them, and the reference tables of {@code docs/events.md} ("The events file") are
 * generated from them. The mapping overrides are declared in {@link MappingsSettings}.
 */
public final class EventsSettings {
  /** Where the collector runs: the connection, the address, the journal and the debugger. */
  public static final String GROUP_COLLECTOR = "collector";

  /** What the ingest endpoints accept. */
  public static final String GROUP_INGEST = "ingest";

  /** How events become Sugar records (with {@code mappings:}, see {@link MappingsSettings}). */
  public static final String GROUP_RECORDS = "records";

  private static final String SUGAR_REQUIRED =
      "is required: the path of the connection file that `sugarbridge check` uses,"
          + " e.g. sugar: sugarbridge.yaml";
  private static final String NO_WRITE_KEY =
      "at least one write key is required; write e.g. write_keys: [\"${EVENTS_WRITE_KEY}\"]";
  private static final String EMPTY_KEY = "is empty; a write key needs a value";
  private static final String WAIT_INVALID =
      "is not a duration from 0 to 7d; write e.g. 5m, 90s or 2h (0: an event lacking a required"
          + " trait becomes a dead letter at once)";

  public static final Setting<String> SUGAR =
      Setting.of("sugar", SettingType.string())
          .required(SUGAR_REQUIRED)
          .check(v -> v.isBlank() ? SUGAR_REQUIRED : null)
          .example("sugarbridge.yaml")
          .allowed("a path, relative to this file")
          .doc("the connection file `sugarbridge check` uses; one run reports both files' problems")
          .group(GROUP_COLLECTOR)
          .build();

  public static final Setting<String> LISTEN =
      Setting.of("listen", SettingType.string())
          .defaultValue("127.0.0.1:8088")
          .allowed("host:port, [IPv6]:port; port 0 to 65535")
          .check(EventsSettings::listenProblem)
          .doc("the address to bind; 0.0.0.0 for every interface (browsers posting from outside)")
          .group(GROUP_COLLECTOR)
          .build();

  public static final Setting<String> WRITE_KEY_NAME =
      Setting.of("name", SettingType.string())
          .defaultText("key-N (N: its place in the list)")
          .check(
              v -> v.isBlank() ? "is empty; write a name such as website, or leave it out" : null)
          .doc("what logs and the debugger call the key (never the key itself)")
          .build();

  public static final Setting<String> WRITE_KEY_KEY =
      Setting.of("key", SettingType.string())
          .secret()
          .required(EMPTY_KEY)
          .check(v -> v.isBlank() ? EMPTY_KEY : null)
          .doc("the key itself, usually ${ENV_VAR}; a plain item of the list is the key alone")
          .build();

  public static final Setting<List<Values>> WRITE_KEYS =
      Setting.sections(
              "write_keys", Section.of(WRITE_KEY_NAME, WRITE_KEY_KEY).withShorthand(WRITE_KEY_KEY))
          .required(NO_WRITE_KEY)
          .check(v -> v.isEmpty() ? NO_WRITE_KEY : null)
          .shape("must be a list, e.g. write_keys: [\"${EVENTS_WRITE_KEY}\"]")
          .doc("the keys senders authenticate with: a plain key, or {name, key}; at least one")
          .group(GROUP_INGEST)
          .build();

  public static final Setting<List<String>> ALLOWED_ORIGINS =
      Setting.list("allowed_origins", SettingType.string().checked(IngestSettings::originProblem))
          .shape("must be a list, e.g. [\"https://www.example.com\"]")
          .allowed("scheme://host[:port], or * for any")
          .doc("browser origins allowed to post directly (CORS); none by default")
          .group(GROUP_INGEST)
          .build();

  public static final Setting<Integer> RATE_LIMIT_PER_SECOND =
      rate("rate_limit_per_second", IngestSettings.DEFAULT_RATE_PER_SECOND)
          .check(v -> IngestSettings.atLeastOne(v, IngestSettings.PER_WRITE_KEY))
          .doc("events per second per write key, all its senders together; beyond it 429")
          .build();

  public static final Setting<Integer> RATE_LIMIT_BURST =
      rate("rate_limit_burst", IngestSettings.DEFAULT_BURST)
          .defaultText("twice rate_limit_per_second, at least " + IngestSettings.DEFAULT_BURST)
          .example(String.valueOf(IngestSettings.DEFAULT_BURST))
          .check(v -> IngestSettings.atLeastOne(v, ""))
          .doc("events a write key may send at once above its rate")
          .build();

  public static final Setting<Integer> RATE_LIMIT_PER_ADDRESS_PER_SECOND =
      rate("rate_limit_per_address_per_second", IngestSettings.DEFAULT_ADDRESS_RATE_PER_SECOND)
          .check(v -> IngestSettings.atLeastOne(v, IngestSettings.PER_CLIENT_ADDRESS))
          .doc("events per second per client address, checked before the key's; beyond it 429")
          .build();

  public static final Setting<Integer> RATE_LIMIT_PER_ADDRESS_BURST =
      rate("rate_limit_per_address_burst", IngestSettings.DEFAULT_ADDRESS_BURST)
          .defaultText(
              "twice rate_limit_per_address_per_second, at least "
                  + IngestSettings.DEFAULT_ADDRESS_BURST)
          .example(String.valueOf(IngestSettings.DEFAULT_ADDRESS_BURST))
          .check(v -> IngestSettings.atLeastOne(v, ""))
          .doc("events one client address may send at once above its rate")
          .build();

  public static final Setting<List<String>> TRUSTED_PROXIES =
      Setting.list("trusted_proxies", SettingType.string().checked(TrustedProxies::entryProblem))
          .shape("must be a list, e.g. [\"10.0.0.7\", \"10.1.0.0/16\"]")
          .allowed("IP addresses and CIDR ranges, no host names")
          .doc("reverse proxies whose X-Forwarded-For names the client; none by default")
          .group(GROUP_INGEST)
          .build();

  public static final Setting<String> PRESET =
      Setting.of("preset", SettingType.string())
          .defaultValue("lead_capture")
          .allowed(String.join(", ", PresetCatalog.names()))
          .check(PresetCatalog::nameProblem)
          .doc("which events act and how their traits map to fields")
          .group(GROUP_RECORDS)
          .build();

  public static final Setting<String> MODULE =
      Setting.of("module", SettingType.string())
          .defaultText("the preset's (Leads)")
          .example("Leads")
          .doc("the Sugar module records go to; checked against Sugar at start-up")
          .group(GROUP_RECORDS)
          .build();

  public static final Setting<String> CONSENT_CATEGORY =
      Setting.of("consent_category", SettingType.string())
          .defaultValue("marketing")
          .check(v -> v.isBlank() ? "must not be empty; write e.g. marketing" : null)
          .doc("the consent category that decides the email's opt_out flag")
          .group(GROUP_RECORDS)
          .build();

  public static final Setting<MatchRule> MATCH =
      Setting.of("match", SettingType.oneOf(MatchRule.class))
          .defaultValue(MatchRule.NONE)
          .invalid(
              "is not supported; write none (always create) or email (update the record with the"
                  + " same primary email)")
          .doc("none: every sign-up creates a record; email: update the one with that email")
          .group(GROUP_RECORDS)
          .build();

  public static final Setting<String> JOURNAL =
      Setting.of("journal", SettingType.string())
          .defaultValue(".sugarbridge/events")
          .allowed("a folder, relative to this file")
          .doc("the journal, profiles, delivery log and dead letters; one collector per folder")
          .group(GROUP_COLLECTOR)
          .build();

  public static final Setting<Values> MAPPINGS = MappingsSettings.MAPPINGS;

  public static final Setting<DebuggerAccess> DEBUGGER =
      Setting.of("debugger", SettingType.oneOf(DebuggerAccess.class))
          .defaultValue(DebuggerAccess.LOCAL)
          .invalid(
              "is not supported; write local (only this machine may open /debugger) or open"
                  + " (anyone who reaches the collector)")
          .doc("who may open /debugger, which shows personal data: local (this machine) or open")
          .group(GROUP_COLLECTOR)
          .build();

  public static final Setting<Duration> WAIT_FOR_IDENTIFY =
      Setting.of("wait_for_identify", SettingType.duration())
          .defaultValue(EventsConfig.DEFAULT_WAIT_FOR_IDENTIFY)
          .allowed("0 to 7d")
          .invalid(WAIT_INVALID)
          .check(
              v ->
                  v.compareTo(EventsConfig.MAX_WAIT_FOR_IDENTIFY) > 0
                      ? "'" + SettingType.duration().format(v) + "' " + WAIT_INVALID
                      : null)
          .doc("how long an event lacking a required trait waits for identify (0: not at all)")
          .group(GROUP_RECORDS)
          .build();

  /** The top level of the file, in the order messages and docs list its keys. */
  public static final Section SECTION =
      Section.of(
          SUGAR,
          LISTEN,
          WRITE_KEYS,
          ALLOWED_ORIGINS,
          RATE_LIMIT_PER_SECOND,
          RATE_LIMIT_BURST,
          RATE_LIMIT_PER_ADDRESS_PER_SECOND,
          RATE_LIMIT_PER_ADDRESS_BURST,
          TRUSTED_PROXIES,
          PRESET,
          MODULE,
          CONSENT_CATEGORY,
          MATCH,
          JOURNAL,
          MAPPINGS,
          DEBUGGER,
          WAIT_FOR_IDENTIFY);

  private EventsSettings() {}

  private static Setting.Builder<Integer> rate(String key, int defaultValue) {
    return Setting.of(key, SettingType.integer())
        .defaultValue(defaultValue)
        .allowed("1 or more")
        .invalid("is not a whole number; write e.g. " + defaultValue)
        .group(GROUP_INGEST);
  }

  /** Why {@code listen} is not {@code host:port}, with what to write; null when it is. */
  static String listenProblem(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0) {
      return "'" + listen + "' is not host:port; write e.g. 127.0.0.1:8088";
    }
    return port(listen) < 0
        ? "the port in '" + listen + "' is not a number from 0 to 65535; write e.g. 127.0.0.1:8088"
        : null;
  }

  /** The host of a {@code listen} that {@link #listenProblem} accepts, without IPv6 brackets. */
  static String host(String listen) {
    return listen.substring(0, listen.lastIndexOf(':')).replace("[", "").replace("]", "");
  }

  /** The port of a {@code listen} value, or -1 when it is not one from 0 to 65535. */
  static int port(String listen) {
    try {
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1).strip());
      return port < 0 || port > 65535 ? -1 : port;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
