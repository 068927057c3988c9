package io.sugarbridge.identity.directory;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV table (header row, then rows) written with Jackson's CSV writer, which quotes commas,
 * quotes and line breaks as RFC 4180 says.
 */
public final class CsvTable {
  // Quote a cell only when it needs it (comma, quote, line break), as spreadsheets write CSV.
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public CsvTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  public CsvTable row(List<String> values) {
    List<String> r = new ArrayList<>(values.size());
    values.forEach(v -> r.add(v == null ? "" : v));
    rows.add(r);
    return this;
  }

  public void write(Writer out) throws IOException {
    try (SequenceWriter w =
        CSV.writerFor(List.class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"))
            .writeValues(new NonClosingWriter(out))) {
      w.write(header);
      for (List<String> r : rows) {
        w.write(r);
      }
    }
    out.flush();
  }

  /** Keeps the caller's stream (often stdout) open when the CSV writer closes. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
