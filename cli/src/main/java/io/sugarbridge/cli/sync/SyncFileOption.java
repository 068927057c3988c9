package io.sugarbridge.cli.sync;

import io.sugarbridge.sync.spec.SyncSpec;
import io.sugarbridge.sync.spec.SyncSpecReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code sync}, {@code plan} and {@code runs} share: the sync file they act on, read and
 * validated the same way, and {@code --json} for machines.
 */
final class SyncFileOption {

  @Parameters(index = "0", paramLabel = "SYNC_FILE", description = "The sync file (YAML).")
  Path file;

  @Option(names = "--json", description = "Print the result as JSON for machines.")
  boolean json;

  /** The sync file, validated; configuration problems surface as exit code 2. */
  SyncSpec read() {
    return SyncSpecReader.read(file);
  }
}
