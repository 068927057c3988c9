package io.sugarbridge.common.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, client secret or token. Its {@code toString} is redacted, so it can sit in records,
 * configs and log statements without leaking; code that must send it calls {@link #reveal()}.
 */
public final class Secret {
  private static final Secret EMPTY = new Secret("");

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  private static Secret registered(Secret s) {
    KnownSecrets.register(s);
    return s;
  }

  public static Secret of(String value) {
    // Every secret is made known to the scrubber, so outside text echoing it is masked.
    return value == null || value.isEmpty() ? EMPTY : registered(new Secret(value));
  }

  public static Secret empty() {
    return EMPTY;
  }

  /** The plain value, for the one place that sends it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "Secret[empty]" : "Secret[****]";
  }

  @Override
  public boolean equals(Object o) {
    // Constant-time so that comparing secrets reveals nothing through timing.
    return o instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
