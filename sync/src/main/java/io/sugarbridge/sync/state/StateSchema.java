package io.sugarbridge.sync.state;

import io.sugarbridge.common.store.Durability;
import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;

/**
 * The sync state store's on-disk format, by version ({@code PRAGMA user_version}).
 *
 * <p>Version 1, the format of every file written before versions were recorded: table {@code
 * sync_rows(key primary key, fingerprint, sugar_id, status, values_json, reason, intent_op,
 * intent_fingerprint, intent_values, intent_stamp_field, intent_stamp_value, updated_at)}, table
 * {@code runs(id, started_at, ended_at, status, full, counts)} and table {@code meta(key primary
 * key, value)} holding {@code instance_url} and {@code instance_user}, the {@link SugarInstance}
 * the store belongs to (absent in files written before stores were kept per instance), and {@code
 * store_id} (see {@link SyncState#storeId()}).
 */
final class StateSchema {
  private StateSchema() {}

  /**
   * {@code synchronous=FULL}: a confirmed write survives power loss, so a resumed run never resends
   * it blindly.
   */
  static final Schema SCHEMA =
      Schema.builder("sync state store")
          .fix(
              "Check the folder is writable and no other run of this sync is active; a file that"
                  + " is not this sync's state must be moved away")
          .durability(Durability.FULL)
          .recognisedBy("sync_rows")
          .migration(
              Migration.sql(
                  "create table if not exists sync_rows(key text primary key, fingerprint text,"
                      + " sugar_id text, status text not null, values_json text, reason text,"
                      + " intent_op text, intent_fingerprint text, intent_values text,"
                      + " intent_stamp_field text, intent_stamp_value text, updated_at text)",
                  "create index if not exists sync_rows_intent on sync_rows(intent_op) where"
                      + " intent_op is not null",
                  "create table if not exists runs(id integer primary key autoincrement,"
                      + " started_at text not null, ended_at text, status text not null, full"
                      + " integer not null, counts text)",
                  "create table if not exists meta(key text primary key, value text)"))
          .build();
}
