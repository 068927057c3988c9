package io.sugarbridge.common.store;

/** What a store's commit survives: SQLite's {@code synchronous} setting, always set explicitly. */
public enum Durability {
  /**
   * {@code synchronous=FULL}: a committed write survives power loss. For stores whose loss of a
   * confirmed write would make the next run resend or forget something.
   */
  FULL,
  /**
   * {@code synchronous=NORMAL}: a committed write survives a crash of the process, and the file
   * stays consistent after power loss, but the last commits may be lost then.
   */
  NORMAL
}
