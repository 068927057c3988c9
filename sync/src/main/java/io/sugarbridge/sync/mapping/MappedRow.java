package io.sugarbridge.sync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source row turned into Sugar field values: its row number and key, the values to send (a {@link
 * LookupRef} where a parent id is still to be found; Sugar's {@code email} array as a list of
 * maps), the value it matches its record by (or null), and a fingerprint of the values that changes
 * exactly when what would be sent changes.
 *
 * @param problems reasons the row cannot be sent as it is (empty when fine)
 * @param warnings notes on values sent anyway (e.g. {@code enum_check: warn})
 */
public record MappedRow(
    long number,
    String key,
    Map<String, Object> values,
    String matchValue,
    String fingerprint,
    List<String> problems,
    List<String> warnings) {

  public MappedRow {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public MappedRow withChecks(List<String> newProblems, List<String> newWarnings) {
    return new MappedRow(number, key, values, matchValue, fingerprint, newProblems, newWarnings);
  }
}
