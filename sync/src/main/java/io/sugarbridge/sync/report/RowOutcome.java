package io.sugarbridge.sync.report;

/**
 * What happened to one source row: its row number and key, the outcome, the Sugar id it landed on,
 * a short reason code ({@code not_found}, {@code ambiguous}, {@code invalid_row}, {@code
 * sugar_error}, …), Sugar's error code when Sugar refused it, and a message a user can act on.
 */
public record RowOutcome(
    long row,
    String key,
    Outcome outcome,
    String sugarId,
    String reason,
    String sugarErrorCode,
    String message) {

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
