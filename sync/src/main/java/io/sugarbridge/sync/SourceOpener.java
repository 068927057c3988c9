package io.sugarbridge.sync;

import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceSpec;
import java.nio.file.Path;

/**
 * Where the engine gets its rows: normally the JDBC source connector; tests give rows from memory.
 */
public interface SourceOpener {
  /** Opens the rows of the source, relative paths resolved against {@code baseDir}. */
  RowStream open(SourceSpec spec, Path baseDir);
}
