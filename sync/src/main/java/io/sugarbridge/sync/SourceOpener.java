package io.sugarbridge.sync;

import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceConnector;
import io.sugarbridge.sync.source.SourceSpec;
import java.nio.file.Path;

/**
 * Where the engine gets its rows: normally {@link #jdbc()}, the JDBC source connector; tests may
 * give rows from memory.
 */
public interface SourceOpener {
  /** Opens the rows of the source, relative paths resolved against {@code baseDir}. */
  RowStream open(SourceSpec spec, Path baseDir);

  /** The JDBC source: DuckDB (embedded default), PostgreSQL or any JDBC driver present. */
  static SourceOpener jdbc() {
    return SourceConnector::open;
  }
}
