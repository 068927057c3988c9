package io.sugarbridge.events.config;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.config.SugarConnectionFile;
import io.sugarbridge.common.config.ConfigText;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.ingest.IngestSettings;
import io.sugarbridge.events.ingest.TrustedProxies;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and validates an {@code events.yaml} against its declarations ({@link EventsSettings},
 * {@link MappingsSettings}; {@code docs/events.md} lists them). Every problem is reported at once,
 * each naming the setting, its {@code file:line} and what to write instead. Values may use {@code
 * ${ENV}} exactly as the connection file does (write keys usually do). The connection file it names
 * is read too, so one run reports the problems of both files (an unusable platform among them).
 */
public final class EventsConfigFile {
  private static final String FILE = "events file";

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
      text = ConfigText.utf8(file, "--config", "");
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
    YamlNode root = YamlNode.parseOrNull(text, source, FILE);
    if (!(root instanceof YamlNode.Mapping top)) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  FILE,
                  "must be a YAML mapping with at least sugar:, write_keys: and journal:",
                  source)));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Values v =
        EventsSettings.SECTION.read(top, "", source, new Interpolator(environment), problems);

    Path connectionFile = null;
    SugarClientConfig sugar = null;
    if (v.isSet(EventsSettings.SUGAR)) {
      connectionFile = base.resolve(v.get(EventsSettings.SUGAR)).normalize();
      try {
        sugar = SugarConnectionFile.load(connectionFile, environment);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    String listen = v.get(EventsSettings.LISTEN);
    IngestSettings ingest = ingest(v, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new EventsConfig(
        connectionFile,
        sugar,
        EventsSettings.host(listen),
        EventsSettings.port(listen),
        ingest,
        v.get(EventsSettings.PRESET),
        v.get(EventsSettings.MODULE),
        v.get(EventsSettings.CONSENT_CATEGORY).strip(),
        v.get(EventsSettings.MATCH),
        base.resolve(v.get(EventsSettings.JOURNAL)).normalize(),
        MappingsSettings.overrides(v.get(EventsSettings.MAPPINGS)),
        v.get(EventsSettings.DEBUGGER),
        v.get(EventsSettings.WAIT_FOR_IDENTIFY));
  }

  /**
   * What the endpoints accept, or null after adding its problems. A burst left out is twice its
   * rate, at least the default burst.
   */
  private static IngestSettings ingest(Values v, List<ConfigProblem> problems) {
    Map<String, Secret> keys = writeKeys(v, problems);
    int rate = v.get(EventsSettings.RATE_LIMIT_PER_SECOND);
    int burst =
        v.isSet(EventsSettings.RATE_LIMIT_BURST)
            ? v.get(EventsSettings.RATE_LIMIT_BURST)
            : Math.max(IngestSettings.DEFAULT_BURST, 2 * rate);
    int addressRate = v.get(EventsSettings.RATE_LIMIT_PER_ADDRESS_PER_SECOND);
    int addressBurst =
        v.isSet(EventsSettings.RATE_LIMIT_PER_ADDRESS_BURST)
            ? v.get(EventsSettings.RATE_LIMIT_PER_ADDRESS_BURST)
            : Math.max(IngestSettings.DEFAULT_ADDRESS_BURST, 2 * addressRate);
    try {
      // Without a usable key (already reported) a stand-in lets the other settings be checked
      // in the same run.
      return new IngestSettings(
          keys.isEmpty() ? Map.of("(none)", Secret.of("(none)")) : keys,
          v.get(EventsSettings.ALLOWED_ORIGINS),
          rate,
          burst,
          IngestSettings.DEFAULT_MAX_EVENT_BYTES,
          IngestSettings.DEFAULT_MAX_BATCH_BYTES,
          addressRate,
          addressBurst,
          TrustedProxies.of(v.get(EventsSettings.TRUSTED_PROXIES)));
    } catch (ConfigurationException e) {
      // What only the settings together can show (two names for one key): at its setting's line.
      for (ConfigProblem p : e.problems()) {
        String key = p.setting().split("[.\\[]", 2)[0];
        problems.add(p.location() == null ? p.withLocation(v.location(key)) : p);
      }
      return null;
    }
  }

  /** The write keys by name, in the order written; a key without a name is {@code key-N}. */
  private static Map<String, Secret> writeKeys(Values v, List<ConfigProblem> problems) {
    Map<String, Secret> keys = new LinkedHashMap<>();
    List<Values> items = v.get(EventsSettings.WRITE_KEYS);
    for (int i = 0; i < items.size(); i++) {
      Values item = items.get(i);
      if (!item.isSet(EventsSettings.WRITE_KEY_KEY)) {
        continue;
      }
      String name =
          item.isSet(EventsSettings.WRITE_KEY_NAME)
              ? item.get(EventsSettings.WRITE_KEY_NAME)
              : "key-" + (i + 1);
      if (keys.containsKey(name)) {
        problems.add(
            new ConfigProblem(
                "write_keys[" + (i + 1) + "].name",
                "'" + name + "' names two write keys; rename one",
                item.location(EventsSettings.WRITE_KEY_NAME.key())));
        continue;
      }
      keys.put(name, Secret.of(item.get(EventsSettings.WRITE_KEY_KEY)));
    }
    return keys;
  }
}
