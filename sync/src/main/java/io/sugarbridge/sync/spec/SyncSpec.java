package io.sugarbridge.sync.spec;

import io.sugarbridge.sync.source.SourceSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync as its YAML file describes it: where rows come from ({@link #source()}), which columns
 * identify a row across runs ({@link #key()}), the Sugar module and mode, how rows match records,
 * how fields get their values, and the batching settings. Read and checked by {@link
 * SyncSpecReader}; every setting is declared in {@link SyncSettings} and documented from there in
 * {@code docs/sync-spec.md}. Paths are already resolved against the sync file's folder.
 *
 * @param file the sync file (its folder holds {@code .sugarbridge/})
 * @param sugarFile the connection file with the {@code sugar:} section
 * @param match null when the file has no {@code target.match}
 * @param defaultMappings true when {@code mappings} was absent and the module's default fields from
 *     same-named columns apply (see {@link ModuleDefaults})
 * @param lines the line of each setting as written, keyed like {@code target.module}, {@code
 *     mappings.email}
 */
public record SyncSpec(
    Path file,
    String name,
    Path sugarFile,
    SourceSpec source,
    List<String> key,
    String module,
    SyncMode mode,
    MatchRule match,
    Map<String, FieldMapping> mappings,
    boolean defaultMappings,
    int batchSize,
    int concurrency,
    EnumCheck enumCheck,
    Path errorFile,
    Map<String, Integer> lines) {

  public static final int DEFAULT_BATCH_SIZE = 20;
  public static final int DEFAULT_CONCURRENCY = 2;

  public SyncSpec {
    Objects.requireNonNull(file, "file");
    key = List.copyOf(key);
    mappings = Collections.unmodifiableMap(new LinkedHashMap<>(mappings));
    lines = Map.copyOf(lines);
  }

  /** The folder of the sync file: relative paths and the state store live there. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  /** The folder holding this sync's state store and default error file. */
  public Path stateDir() {
    return baseDir().resolve(".sugarbridge");
  }

  /** {@code file:line} of a setting (e.g. {@code target.module}), or the file alone. */
  public String location(String setting) {
    Integer line = lines.get(setting);
    return line == null || line <= 0 ? file.toString() : file + ":" + line;
  }

  /** A copy with other mappings (e.g. the seeded defaults). */
  public SyncSpec withMappings(Map<String, FieldMapping> newMappings) {
    return new SyncSpec(
        file,
        name,
        sugarFile,
        source,
        key,
        module,
        mode,
        match,
        newMappings,
        defaultMappings,
        batchSize,
        concurrency,
        enumCheck,
        errorFile,
        lines);
  }

  /** A copy reading another source (tests, the command line's overrides). */
  public SyncSpec withSource(SourceSpec newSource) {
    return new SyncSpec(
        file,
        name,
        sugarFile,
        newSource,
        key,
        module,
        mode,
        match,
        mappings,
        defaultMappings,
        batchSize,
        concurrency,
        enumCheck,
        errorFile,
        lines);
  }
}
