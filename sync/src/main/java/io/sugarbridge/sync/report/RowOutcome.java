package io.sugarbridge.sync.report;

import java.util.List;

/**
 * What happened to one source row: its row number and key, the outcome, the Sugar id it landed on,
 * a short reason code ({@code not_found}, {@code ambiguous}, {@code invalid_row}, {@code
 * sugar_error}, …), Sugar's error code when Sugar refused it, a message a user can act on, and the
 * warnings of a row sent anyway (an enum value outside its list under {@code enum_check: warn}).
 */
public record RowOutcome(
    long row,
    String key,
    Outcome outcome,
    String sugarId,
    String reason,
    String sugarErrorCode,
    String message,
    List<String> warnings) {

  public RowOutcome {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public RowOutcome(
      long row,
      String key,
      Outcome outcome,
      String sugarId,
      String reason,
      String sugarErrorCode,
      String message) {
    this(row, key, outcome, sugarId, reason, sugarErrorCode, message, List.of());
  }

  /** This outcome with the warnings the row's checks recorded (e.g. {@code enum_check: warn}). */
  public RowOutcome withWarnings(List<String> more) {
    return more.isEmpty()
        ? this
        : new RowOutcome(row, key, outcome, sugarId, reason, sugarErrorCode, message, more);
  }

  public static RowOutcome of(long row, String key, Outcome o, String sugarId) {
    return new RowOutcome(row, key, o, sugarId, null, null, null);
  }

  public static RowOutcome skipped(long row, String key, String reason, String message) {
    return new RowOutcome(row, key, Outcome.SKIPPED, null, reason, null, message);
  }

  public static RowOutcome failed(
      long row, String key, String reason, String sugarErrorCode, String message) {
    return new RowOutcome(row, key, Outcome.FAILED, null, reason, sugarErrorCode, message);
  }
}
