package io.sugarbridge.sync.mapping;

import java.util.List;
import java.util.Map;

/**
 * A source row turned into Sugar field values: its row number and key, its {@link CanonicalRow}
 * (the values to send, with a {@link LookupRef} where a parent id is still to be found and Sugar's
 * {@code email} array as a list of maps, their fingerprint and canonical JSON), and the value it
 * matches its record by (or null).
 *
 * @param problems reasons the row cannot be sent as it is (empty when fine)
 * @param warnings notes on values sent anyway (e.g. {@code enum_check: warn})
 */
public record MappedRow(
    long number,
    String key,
    CanonicalRow canonical,
    String matchValue,
    List<String> problems,
    List<String> warnings) {

  public MappedRow {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** The values to send, in mapping order. */
  public Map<String, Object> values() {
    return canonical.values();
  }

  /** Changes exactly when what would be sent, or where, changes. */
  public String fingerprint() {
    return canonical.fingerprint();
  }

  /** The canonical JSON of {@link #values()}, as the state store keeps it. */
  public String valuesJson() {
    return canonical.json();
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public MappedRow withChecks(List<String> newProblems, List<String> newWarnings) {
    return new MappedRow(number, key, canonical, matchValue, newProblems, newWarnings);
  }
}
