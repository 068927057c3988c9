package io.sugarbridge.events.server;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.InvalidCredentialsException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.error.PlatformNotRegisteredException;
import io.sugarbridge.client.error.UnknownModuleOrRouteException;
import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.events.preset.Preset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the module and every mapped field against Sugar's metadata, and that the login works. At
 * start-up a problem refuses the start, naming the setting; later (Sugar's metadata may change) it
 * is shown on {@code /healthz} ({@link #problem()}) and the preset's field checks are read again.
 * Sugar being unreachable does not stop the start: events are kept and delivered once it answers.
 */
final class SugarMetadataCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SugarMetadataCheck.class);

  private final EventsConfig config;
  private final SugarClient client;
  private final Preset preset;
  private final MappingSettings settings;
  private final EventProcessor processor;
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "events-metadata-check");
            t.setDaemon(true);
            return t;
          });
  private volatile String configurationProblem;
  private volatile Map<String, String> checkedFields;

  SugarMetadataCheck(
      EventsConfig config, SugarClient client, Preset preset, EventProcessor processor) {
    this.config = config;
    this.client = client;
    this.preset = preset;
    this.settings = new MappingSettings(preset, config.mappings());
    this.processor = processor;
  }

  /**
   * Checks again every {@code every} (at least 1 ms) until {@link #stop()}; a failure is logged.
   */
  void repeatEvery(Duration every) {
    long ms = Math.max(1, every.toMillis());
    checks.scheduleWithFixedDelay(
        () -> {
          try {
            check(false);
          } catch (RuntimeException e) {
            LOG.warn("checking Sugar's metadata failed; trying again later: {}", e.getMessage());
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /** Stops checking again. */
  void stop() {
    checks.shutdownNow();
  }

  /** What the last check found wrong with the settings, or null. */
  String problem() {
    return configurationProblem;
  }

  /**
   * Checks now.
   *
   * @param starting true at start-up: a problem is thrown as a {@link ConfigurationException};
   *     later it is kept for {@link #problem()} and logged
   */
  void check(boolean starting) {
    Map<String, String> fields;
    try {
      fields = new LinkedHashMap<>();
      for (FieldDefinition f : client.metadata().fields(preset.module()).values()) {
        fields.put(f.name(), f.type() + (f.required() ? "!" : ""));
      }
    } catch (InvalidCredentialsException e) {
      throw problemAt(
          starting,
          new ConfigProblem(
              "password",
              "Sugar at "
                  + config.sugar().instanceUrl()
                  + " refused the login of "
                  + config.sugar().username()
                  + " ("
                  + e.getMessage()
                  + "); correct username:/password: in the connection file",
              String.valueOf(config.sugarConnectionFile())));
    } catch (PlatformNotRegisteredException e) {
      throw problemAt(
          starting,
          new ConfigProblem(
              "platform", e.getMessage(), String.valueOf(config.sugarConnectionFile())));
    } catch (PermissionDeniedException e) {
      throw problemAt(starting, mayNotRead("answered 403"));
    } catch (NotFoundException | UnknownModuleOrRouteException e) {
      // Sugar leaves out of the metadata a module the user may not see: a module of that exact
      // name in the full list exists, and it is the user's access that is missing.
      if (moduleExists(preset.module())) {
        throw problemAt(starting, mayNotRead("gives no metadata of it to this user"));
      }
      throw problemAt(
          starting,
          new ConfigProblem(
              "module",
              "Sugar at "
                  + config.sugar().instanceUrl()
                  + " has no module '"
                  + preset.module()
                  + "' that "
                  + config.sugar().username()
                  + " can see"
                  + suggestion(preset.module())
                  + "; correct module: in the events file (module names are case-sensitive)",
              null));
    } catch (SugarbridgeException e) {
      if (starting) {
        LOG.warn(
            "cannot read Sugar's metadata at start-up ({}); starting anyway, events are kept and"
                + " the module and mappings are checked again later",
            e.getMessage());
      }
      return;
    }
    if (!mayRead()) {
      throw problemAt(starting, mayNotRead("says in its ACL (GET /me) that access is 'no'"));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    preset
        .traits()
        .forEach((trait, field) -> unknown(problems, fields, field, settings.trait(trait)));
    preset
        .properties()
        .forEach((prop, field) -> unknown(problems, fields, field, settings.property(prop)));
    preset
        .defaults()
        .keySet()
        .forEach(field -> unknown(problems, fields, field, settings.defaultOf(field)));
    if (preset.campaignField() != null) {
      unknown(problems, fields, preset.campaignField(), settings.campaignField());
    }
    if (starting && !problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Map<String, String> before = checkedFields;
    checkedFields = fields;
    if (before != null && !before.equals(fields)) {
      LOG.warn("Sugar's metadata of {} changed; reading its fields again", preset.module());
      processor.metadataChanged();
    }
    String now =
        problems.isEmpty()
            ? null
            : "Sugar's metadata no longer fits the settings: "
                + String.join(
                    "; ", problems.stream().map(p -> p.setting() + ": " + p.message()).toList());
    if (now != null && !now.equals(configurationProblem)) {
      LOG.error("{}", now);
    }
    configurationProblem = now;
  }

  /** The user may not read the module: Sugar's answer and what to do. */
  private ConfigProblem mayNotRead(String sugarAnswer) {
    return new ConfigProblem(
        "username",
        "Sugar at "
            + config.sugar().instanceUrl()
            + " "
            + sugarAnswer
            + ": the user "
            + config.sugar().username()
            + " may not read the module '"
            + preset.module()
            + "' (module: in the events file); give the user's role access to "
            + preset.module()
            + " (Admin > Role Management), or use another user in the connection file",
        String.valueOf(config.sugarConnectionFile()));
  }

  /**
   * Whether Sugar's ACL for the user ({@code GET /me}) allows reading the module at all; true when
   * it cannot be read (then the deliveries say what is wrong).
   */
  private boolean mayRead() {
    try {
      return client.users().me().access(preset.module()).canRead();
    } catch (RuntimeException e) {
      return true;
    }
  }

  private boolean moduleExists(String module) {
    try {
      return client.metadata().modules().contains(module);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private RuntimeException problemAt(boolean starting, ConfigProblem p) {
    if (starting) {
      return new ConfigurationException(List.of(p));
    }
    configurationProblem = p.setting() + ": " + p.message();
    LOG.error("{}", configurationProblem);
    return new SugarbridgeException(configurationProblem);
  }

  private void unknown(
      List<ConfigProblem> problems, Map<String, String> fields, String field, String setting) {
    if (!fields.containsKey(field)) {
      problems.add(
          new ConfigProblem(
              setting,
              preset.module()
                  + " has no field '"
                  + field
                  + "' (Sugar would drop its value silently); correct it under mappings: in the"
                  + " events file, or '-' to drop the mapping",
              null));
    }
  }

  /** " (did you mean X?)" for the module Sugar has that is closest to {@code module}, or "". */
  private String suggestion(String module) {
    try {
      return Suggestions.didYouMeanOrCompletion(module, client.metadata().modules());
    } catch (RuntimeException e) {
      return ""; // Only a hint.
    }
  }
}
