package io.sugarbridge.cli.events;

import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.config.EventsConfigFile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What the {@code events} commands share: the events file ({@code -c/--config}, default {@code
 * events.yaml}), read and validated the same way.
 */
final class EventsFileOption {
  @Option(
      names = {"-c", "--config"},
      defaultValue = "events.yaml",
      description = "The events file (default: ${DEFAULT-VALUE}).")
  Path config;

  /** The events file, validated; configuration problems surface as exit code 2. */
  EventsConfig read() {
    return EventsConfigFile.load(config);
  }
}
