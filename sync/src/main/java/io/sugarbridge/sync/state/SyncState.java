package io.sugarbridge.sync.state;

import static io.sugarbridge.sync.state.StateSql.failure;

import io.sugarbridge.common.store.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store of one sync (SQLite, {@code .sugarbridge/<name>.state.db} beside the sync
 * file): per key the fingerprint of the values last confirmed in Sugar, the Sugar id and the last
 * outcome; write intents recorded before each bulk call and cleared by its confirmation, so a
 * killed run can be resumed without duplicates; and the run history. One connection, all methods
 * synchronized; batches of rows are written in one transaction each. The format is {@link
 * StateSchema}'s; which file belongs to which instance is {@link StateFiles}' job.
 */
public final class SyncState implements AutoCloseable {
  private final Connection db;
  private final Clock clock;
  private final PreparedStatement get;
  private final StoreMeta meta;
  private final RunHistory runs;

  private SyncState(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.meta = new StoreMeta(db);
    this.runs = new RunHistory(db);
    try {
      this.get =
          db.prepareStatement(
              "select key, fingerprint, sugar_id, status, values_json, reason from sync_rows where"
                  + " key = ?");
    } catch (SQLException e) {
      closeAfterFailure(db);
      throw failure("read", e);
    }
  }

  /**
   * Opens (creating if needed, and bringing to the latest version) the store at {@code file}; a
   * file that cannot be used is a configuration problem naming it.
   */
  public static SyncState open(Path file, Clock clock) {
    return new SyncState(SqliteStore.open(file, StateSchema.SCHEMA), clock);
  }

  /**
   * Opens an existing store for reading only ({@code plan}, {@code runs}): never creates the file,
   * its folder or a table. The connection may write (SQLite needs that to remove its {@code -wal}
   * and {@code -shm} files on close, which a read-only connection would leave behind), but no
   * method that writes is called on it.
   */
  public static SyncState openExisting(Path file, Clock clock) {
    return new SyncState(SqliteStore.openExisting(file, StateSchema.SCHEMA), clock);
  }

  /** An empty store in memory: what a sync never run against an instance plans against. */
  public static SyncState empty(Clock clock) {
    return new SyncState(SqliteStore.inMemory(StateSchema.SCHEMA), clock);
  }

  /**
   * The instance this store belongs to, or null for a store written before stores were kept per
   * instance (or never claimed).
   */
  public synchronized SugarInstance instance() {
    return meta.instance();
  }

  /**
   * The store's own random id (eight hex digits, made when the store is claimed): part of the
   * {@code sync_key} stamp, so records are found again only by the store that stamped them. Null
   * for a store never claimed.
   */
  public synchronized String storeId() {
    return meta.storeId();
  }

  /** Records the instance this store belongs to, and gives the store its id. */
  public synchronized void claim(SugarInstance instance) {
    meta.claim(instance);
  }

  /** Up to {@code limit} Sugar ids of keys last confirmed as synced, picked at random. */
  public synchronized List<String> syncedIds(int limit) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "select sugar_id from sync_rows where status = 'synced' and sugar_id is not null"
                + " order by random() limit ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  public synchronized RowState get(String key) {
    try {
      get.setString(1, key);
      try (ResultSet r = get.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new RowState(
            r.getString(1),
            r.getString(2),
            r.getString(3),
            r.getString(4),
            r.getString(5),
            r.getString(6));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * The states of many keys in one query (absent keys are missing from the answer); the diff reads
   * state this way, chunk by chunk, because one query per row would dominate a large re-sync.
   */
  public synchronized java.util.Map<String, RowState> getAll(List<String> keys) {
    java.util.Map<String, RowState> out = new java.util.HashMap<>();
    for (int from = 0; from < keys.size(); from += 500) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
      String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement p =
          db.prepareStatement(
              "select key, fingerprint, sugar_id, status, values_json, reason from sync_rows"
                  + " where key in ("
                  + marks
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          p.setString(i + 1, chunk.get(i));
        }
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.put(
                r.getString(1),
                new RowState(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getString(6)));
          }
        }
      } catch (SQLException e) {
        throw failure("read", e);
      }
    }
    return out;
  }

  /** Records intents before their bulk call is sent; keeps each key's confirmed state. */
  public synchronized void recordIntents(List<WriteIntent> intents) {
    String now = now();
    writeBatch(
        "insert into sync_rows(key, status, intent_op, intent_fingerprint,"
            + " intent_values, intent_stamp_field, intent_stamp_value, updated_at)"
            + " values(?, 'failed', ?, ?, ?, ?, ?, ?) on conflict(key) do update set"
            + " intent_op = excluded.intent_op, intent_fingerprint ="
            + " excluded.intent_fingerprint, intent_values = excluded.intent_values,"
            + " intent_stamp_field = excluded.intent_stamp_field, intent_stamp_value ="
            + " excluded.intent_stamp_value, updated_at = excluded.updated_at",
        intents,
        (p, i) -> {
          p.setString(1, i.key());
          p.setString(2, i.op());
          p.setString(3, i.fingerprint());
          p.setString(4, i.valuesJson());
          p.setString(5, i.stampField());
          p.setString(6, i.stampValue());
          p.setString(7, now);
        });
  }

  /**
   * Records final states (and clears their intents) in one transaction. A null fingerprint means
   * "send again next run".
   */
  public synchronized void record(List<RowState> states) {
    String now = now();
    writeBatch(
        "insert into sync_rows(key, fingerprint, sugar_id, status, values_json, reason,"
            + " updated_at) values(?, ?, ?, ?, ?, ?, ?) on conflict(key) do update set"
            + " fingerprint = excluded.fingerprint, sugar_id ="
            + " coalesce(excluded.sugar_id, sync_rows.sugar_id), status ="
            + " excluded.status, values_json = coalesce(excluded.values_json,"
            + " sync_rows.values_json), reason = excluded.reason, intent_op = null,"
            + " intent_fingerprint = null, intent_values = null, intent_stamp_field ="
            + " null, intent_stamp_value = null, updated_at = excluded.updated_at",
        states,
        (p, st) -> {
          p.setString(1, st.key());
          p.setString(2, st.fingerprint());
          p.setString(3, st.sugarId());
          p.setString(4, st.status());
          p.setString(5, st.valuesJson());
          p.setString(6, st.reason());
          p.setString(7, now);
        });
  }

  /** Forgets the Sugar id of a key (its record is gone), so the next run creates it again. */
  public synchronized void forgetId(String key) {
    inTransaction(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement("update sync_rows set sugar_id = null where key = ?")) {
            p.setString(1, key);
            p.executeUpdate();
          }
        });
  }

  /** Drops the intents of these keys, keeping each key's last confirmed state. */
  public synchronized void clearIntents(List<String> keys) {
    writeBatch(
        "update sync_rows set intent_op = null, intent_fingerprint = null,"
            + " intent_values = null, intent_stamp_field = null, intent_stamp_value ="
            + " null where key = ?",
        keys,
        (p, k) -> p.setString(1, k));
  }

  /** Intents left by runs that ended before confirming them (killed, or the call failed). */
  public synchronized List<WriteIntent> pendingIntents() {
    List<WriteIntent> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "select key, intent_op, intent_fingerprint, intent_values, intent_stamp_field,"
                    + " intent_stamp_value from sync_rows where intent_op is not null")) {
      while (r.next()) {
        out.add(
            new WriteIntent(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6)));
      }
      return out;
    } catch (SQLException e) {
      throw failure("read intents from", e);
    }
  }

  public synchronized long startRun(boolean full) {
    return runs.start(now(), full);
  }

  public synchronized void finishRun(long id, String status, String countsJson) {
    runs.finish(id, now(), status, countsJson);
  }

  /** The most recent runs, newest first. */
  public synchronized List<RunRecord> runs(int limit) {
    return runs.latest(limit);
  }

  /** Number of keys tracked. */
  public synchronized long size() {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("select count(*) from sync_rows")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      get.close();
      db.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private <T> void writeBatch(String sql, List<T> items, StateSql.RowBinder<T> binder) {
    StateSql.writeBatch(db, sql, items, binder);
  }

  private void inTransaction(StateSql.SqlWork work) {
    StateSql.inTransaction(db, work);
  }

  private static void closeAfterFailure(Connection db) {
    try {
      db.close();
    } catch (SQLException e) {
      // Already failing: the first failure is the one to report.
    }
  }

  private String now() {
    return Instant.now(clock).toString();
  }
}
