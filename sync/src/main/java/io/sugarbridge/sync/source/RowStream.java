package io.sugarbridge.sync.source;

import java.util.Iterator;
import java.util.List;

/**
 * The rows of a source query, read lazily with the driver's fetch size: only the current batch of
 * rows is held, never the whole result. It holds a database connection, so it must be closed
 * (try-with-resources); it also closes itself when the last row has been read. Reading may throw
 * {@link SourceException} when the database fails mid-result.
 */
public interface RowStream extends Iterator<SourceRow>, AutoCloseable {

  /** The result's column names, lower-case, in query order. */
  List<String> columns();

  /** Releases the result, statement and connection; safe to call more than once. */
  @Override
  void close();
}
