package io.sugarbridge.contract.support;

/**
 * A password or client secret given to the contract suite. Its {@code toString} is redacted so the
 * value can never reach test output, assertion messages or logs by accident; only {@link #reveal()}
 * hands it out, for the one place that puts it on the wire.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value == null ? "" : value;
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The plain value, for the request body that needs it and nothing else. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "(empty)" : "******";
  }
}
