package io.sugarbridge.sync;

import io.sugarbridge.sync.source.RowStream;
import io.sugarbridge.sync.source.SourceRow;
import io.sugarbridge.sync.source.SourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows from memory, changeable between runs, standing in for a database in engine tests. */
final class MemorySource implements SourceOpener {
  final List<String> columns;
  final List<Map<String, Object>> rows = new ArrayList<>();

  MemorySource(String... columns) {
    this.columns = List.of(columns);
  }

  MemorySource add(Object... values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      m.put(columns.get(i), values[i]);
    }
    rows.add(m);
    return this;
  }

  void set(int index, String column, Object value) {
    rows.get(index).put(column, value);
  }

  @Override
  public RowStream open(SourceSpec spec, Path baseDir) {
    Iterator<Map<String, Object>> it = new ArrayList<>(rows).iterator();
    return new RowStream() {
      long n;

      @Override
      public List<String> columns() {
        return columns;
      }

      @Override
      public void close() {}

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SourceRow next() {
        return new SourceRow(++n, it.next());
      }
    };
  }
}
