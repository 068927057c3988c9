package io.sugarbridge.sync.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a sync reads and the setting it came from: {@code source.query} as written (less any
 * trailing semicolons, which would break wrapping it in a subselect), or {@code select * from} the
 * quoted {@code source.table}. Table names are quoted the ANSI way, which every source database
 * sugarbridge reads accepts.
 */
record SourceQuery(String sql, String setting) {

  /**
   * The query of a source block.
   *
   * @throws SourceException when both or neither of query and table are given, or a table name has
   *     an empty part
   */
  static SourceQuery of(SourceSpec spec) {
    boolean hasQuery = spec.query() != null && !spec.query().isBlank();
    boolean hasTable = spec.table() != null && !spec.table().isBlank();
    String problem = SourceSpec.queryProblem(hasQuery, hasTable);
    if (problem != null) {
      throw new SourceException("source.query", problem);
    }
    if (hasTable) {
      return new SourceQuery("select * from " + quoteTable(spec.table().strip()), "source.table");
    }
    String sql = spec.query().strip();
    // A trailing semicolon is natural to write but breaks wrapping the query in a subselect.
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    return new SourceQuery(sql, "source.query");
  }

  /** Quotes each dot-separated part; parts already in double quotes are kept as written. */
  static String quoteTable(String table) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inQuotes = false;
    for (int i = 0; i < table.length(); i++) {
      char c = table.charAt(i);
      if (c == '"') {
        inQuotes = !inQuotes;
        current.append(c);
      } else if (c == '.' && !inQuotes) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    List<String> quoted = new ArrayList<>();
    for (String part : parts) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new SourceException(
            "source.table", "'" + table + "' has an empty name part; write table or schema.table.");
      }
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        quoted.add(p);
      } else {
        quoted.add('"' + p.replace("\"", "\"\"") + '"');
      }
    }
    return String.join(".", quoted);
  }
}
