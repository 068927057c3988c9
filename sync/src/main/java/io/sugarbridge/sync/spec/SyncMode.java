package io.sugarbridge.sync.spec;

/**
 * What a sync does with each row ({@code target.mode}): {@code insert} creates a record for every
 * new row; {@code update} changes only records a row matches and reports the rest {@code
 * not_found}; {@code upsert} updates matched records and creates the rest.
 */
public enum SyncMode {
  INSERT,
  UPDATE,
  UPSERT
}
