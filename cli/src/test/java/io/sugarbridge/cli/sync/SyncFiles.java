package io.sugarbridge.cli.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sync files the command tests run, beside a connection file {@code sugarbridge.yaml} in the
 * same folder: a CSV read through DuckDB and upserted into Leads by {@code id}, or any source.
 */
public final class SyncFiles {
  private SyncFiles() {}

  /**
   * Writes {@code NAME.csv} and the sync file {@code NAME.yaml} that upserts its rows into Leads,
   * mapping {@code last_name} and {@code lead_source} (from column {@code source}), then {@code
   * extra} lines.
   *
   * @return the sync file
   */
  public static Path leads(Path dir, String name, String csv, String extra) throws IOException {
    Files.writeString(dir.resolve(name + ".csv"), csv);
    return write(
        dir,
        name,
        "  url: \"duckdb:\"\n  query: select * from '" + name + ".csv'\n",
        "key: id\ntarget:\n  module: Leads\n  mode: upsert\n"
            + "mappings:\n  last_name: last_name\n  lead_source: source\n"
            + extra);
  }

  /**
   * Writes the sync file {@code NAME.yaml}: its name, the {@code source:} block given (indented
   * lines), then {@code rest}.
   */
  public static Path write(Path dir, String name, String source, String rest) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "name: " + name + "\nsource:\n" + source + rest);
    return file;
  }
}
