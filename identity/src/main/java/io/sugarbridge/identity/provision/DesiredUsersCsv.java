package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Suggestions;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV desired users file: a header row of {@link DesiredUserSettings#USER}'s keys,
 * then one user per row, each read against those declarations as a mapping of its cells. Columns
 * are checked once, at the header: a 2 000-row file with one misspelt column gets one message, not
 * 2 000. Cells are taken as written: {@code ${NAME}} in a spreadsheet is text, not a variable.
 */
final class DesiredUsersCsv {
  /** Cells are taken as written: a spreadsheet has no variables. */
  private static final Interpolator AS_WRITTEN = Interpolator.none();

  private DesiredUsersCsv() {}

  /** Each row that is not blank, named {@code source row N}, adding the problems found. */
  static List<DesiredUsersChecks.Row> rows(
      String content, String source, List<ConfigProblem> problems) throws IOException {
    List<String> known = DesiredUserSettings.USER.keys();
    List<DesiredUsersChecks.Row> rows = new ArrayList<>();
    if (content.startsWith("\uFEFF")) {
      // Spreadsheets often save CSV with a byte-order mark, which would stick to the first header.
      content = content.substring(1);
    }
    CsvMapper csv = new CsvMapper();
    csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(content)) {
      if (!it.hasNext()) {
        return rows;
      }
      String[] header = it.next();
      checkHeader(header, known, source + " header (row 1)", problems);
      int rowNumber = 1;
      while (it.hasNext()) {
        String[] cells = it.next();
        rowNumber++;
        if (cells.length == 0 || (cells.length == 1 && cells[0].isBlank())) {
          continue;
        }
        String where = source + " row " + rowNumber;
        if (cells.length > header.length) {
          problems.add(
              new ConfigProblem(
                  "row",
                  "has "
                      + cells.length
                      + " cells but the header has "
                      + header.length
                      + " columns; put a value that contains a comma in double quotes",
                  where));
        }
        rows.add(row(header, cells, known, rowNumber, source, where, problems));
      }
    }
    return rows;
  }

  /** Trims the header's names in place and adds a problem for each unknown or repeated one. */
  private static void checkHeader(
      String[] header, List<String> known, String where, List<ConfigProblem> problems) {
    Map<String, Integer> columnAt = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].trim();
      if (!known.contains(header[i])) {
        problems.add(
            new ConfigProblem(
                header[i],
                "unknown column '"
                    + header[i]
                    + "' (column "
                    + (i + 1)
                    + Suggestions.closest(header[i], known)
                        .map(c -> "; did you mean " + c + "?")
                        .orElse("")
                    + "); known: "
                    + String.join(", ", known),
                where));
      }
      Integer before = columnAt.putIfAbsent(header[i], i + 1);
      if (before != null) {
        // Which of two same-named columns holds the value is anyone's guess; refuse both.
        problems.add(
            new ConfigProblem(
                header[i],
                "column '"
                    + header[i]
                    + "' appears twice (columns "
                    + before
                    + " and "
                    + (i + 1)
                    + "); keep one",
                where));
      }
    }
  }

  /**
   * The row's cells of known columns (a missing cell is empty) read against the declarations, its
   * problems named by the row rather than by a line, since a quoted cell may span lines.
   */
  private static DesiredUsersChecks.Row row(
      String[] header,
      String[] cells,
      List<String> known,
      int rowNumber,
      String source,
      String where,
      List<ConfigProblem> problems) {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      if (known.contains(header[i]) && !entries.containsKey(header[i])) {
        String cell = i < cells.length ? cells[i] : "";
        entries.put(header[i], new YamlNode.Scalar(cell, rowNumber));
        lines.put(header[i], rowNumber);
      }
    }
    List<ConfigProblem> found = new ArrayList<>();
    var values =
        DesiredUserSettings.USER.read(
            new YamlNode.Mapping(entries, lines, rowNumber), "", source, AS_WRITTEN, found);
    found.forEach(p -> problems.add(p.withLocation(where)));
    return new DesiredUsersChecks.Row(values, where);
  }
}
