package io.sugarbridge.sync.spec;

/**
 * How a row finds its Sugar record ({@code target.match}): the Sugar {@code field} (e.g. {@code
 * id}, {@code email}, a custom {@code *_c} field) that must equal the row's {@code column}.
 */
public record MatchRule(String field, String column, int line) {
  public boolean byId() {
    return "id".equals(field);
  }

  public boolean byEmail() {
    return "email".equals(field) || "email1".equals(field);
  }
}
