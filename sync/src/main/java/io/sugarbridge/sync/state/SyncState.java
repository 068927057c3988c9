package io.sugarbridge.sync.state;

import io.sugarbridge.common.error.SugarbridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * synchronized; batches of rows are written in one transaction each.
 *
 * <p>On-disk format: table {@code sync_rows(key primary key, fingerprint, sugar_id, status,
 * values_json, reason, intent_op, intent_fingerprint, intent_values, intent_stamp_field,
 * intent_stamp_value, updated_at)}, table {@code runs(id, started_at, ended_at, status, full,
 * counts)} and table {@code meta(key primary key, value)} holding {@code instance_url} and {@code
 * instance_user}, the {@link SugarInstance} the store belongs to (absent in files written before
 * stores were kept per instance), and {@code store_id} (see {@link #storeId()}). Which file belongs
 * to which instance is {@link StateFiles}' job.
 */
public final class SyncState implements AutoCloseable {
  private final Connection db;
  private final Clock clock;
  private final PreparedStatement get;

  private SyncState(Connection db, Clock clock) throws SQLException {
    this.db = db;
    this.clock = clock;
    this.get =
        db.prepareStatement(
            "select key, fingerprint, sugar_id, status, values_json, reason from sync_rows where"
                + " key = ?");
  }

  /** Opens (creating if needed) the store at {@code file}. */
  public static SyncState open(Path file, Clock clock) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("pragma journal_mode=WAL");
        // FULL: a confirmed write survives power loss, so a resumed run never resends it blindly.
        s.execute("pragma synchronous=FULL");
        createTables(s);
      }
      return new SyncState(c, clock);
    } catch (Exception e) {
      throw cannotOpen(file, e);
    }
  }

  /**
   * Opens an existing store for reading only ({@code plan}, {@code runs}): never creates the file,
   * its folder or a table. The connection may write (SQLite needs that to remove its {@code -wal}
   * and {@code -shm} files on close, which a read-only connection would leave behind), but no
   * method that writes is called on it.
   */
  public static SyncState openExisting(Path file, Clock clock) {
    try {
      org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
      config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
      Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      return new SyncState(c, clock);
    } catch (Exception e) {
      throw cannotOpen(file, e);
    }
  }

  /** An empty store in memory: what a sync never run against an instance plans against. */
  public static SyncState empty(Clock clock) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
      try (Statement s = c.createStatement()) {
        createTables(s);
      }
      return new SyncState(c, clock);
    } catch (SQLException e) {
      throw new SugarbridgeException("Cannot create an in-memory sync state: " + e.getMessage(), e);
    }
  }

  private static void createTables(Statement s) throws SQLException {
    s.execute(
        "create table if not exists sync_rows(key text primary key, fingerprint text,"
            + " sugar_id text, status text not null, values_json text, reason text,"
            + " intent_op text, intent_fingerprint text, intent_values text,"
            + " intent_stamp_field text, intent_stamp_value text, updated_at text)");
    s.execute(
        "create index if not exists sync_rows_intent on sync_rows(intent_op) where intent_op"
            + " is not null");
    s.execute(
        "create table if not exists runs(id integer primary key autoincrement, started_at"
            + " text not null, ended_at text, status text not null, full integer not null,"
            + " counts text)");
    s.execute("create table if not exists meta(key text primary key, value text)");
  }

  private static SugarbridgeException cannotOpen(Path file, Exception e) {
    return new SugarbridgeException(
        "Cannot open the sync state store "
            + file
            + ": "
            + e.getMessage()
            + ". Check the folder is writable and no other run of this sync is active",
        e);
  }

  /**
   * The instance this store belongs to, or null for a store written before stores were kept per
   * instance (or never claimed).
   */
  public synchronized SugarInstance instance() {
    try (Statement s = db.createStatement()) {
      try (ResultSet t =
          s.executeQuery("select 1 from sqlite_master where type = 'table' and name = 'meta'")) {
        if (!t.next()) {
          return null;
        }
      }
      String url = null;
      String user = null;
      try (ResultSet r = s.executeQuery("select key, value from meta")) {
        while (r.next()) {
          if ("instance_url".equals(r.getString(1))) {
            url = r.getString(2);
          } else if ("instance_user".equals(r.getString(1))) {
            user = r.getString(2);
          }
        }
      }
      return url == null || user == null ? null : new SugarInstance(url, user);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * The store's own random id (eight hex digits, made when the store is claimed): part of the
   * {@code sync_key} stamp, so records are found again only by the store that stamped them. Null
   * for a store never claimed.
   */
  public synchronized String storeId() {
    if (instance() == null) {
      return null;
    }
    try (PreparedStatement p = db.prepareStatement("select value from meta where key = ?")) {
      p.setString(1, "store_id");
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Records the instance this store belongs to, and gives the store its id. */
  public synchronized void claim(SugarInstance instance) {
    String id = String.format("%08x", new java.security.SecureRandom().nextInt());
    inTransaction(
        () -> {
          try (Statement s = db.createStatement()) {
            s.execute("create table if not exists meta(key text primary key, value text)");
          }
          try (PreparedStatement p =
              db.prepareStatement(
                  "insert into meta(key, value) values(?, ?) on conflict(key) do update set"
                      + " value = excluded.value")) {
            p.setString(1, "instance_url");
            p.setString(2, instance.url());
            p.addBatch();
            p.setString(1, "instance_user");
            p.setString(2, instance.user());
            p.addBatch();
            p.executeBatch();
          }
          try (PreparedStatement p =
              db.prepareStatement(
                  "insert into meta(key, value) values('store_id', ?) on conflict(key) do"
                      + " nothing")) {
            p.setString(1, id);
            p.executeUpdate();
          }
        });
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
    try (PreparedStatement p =
        db.prepareStatement(
            "insert into runs(started_at, status, full) values(?, 'running', ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, now());
      p.setInt(2, full ? 1 : 0);
      p.executeUpdate();
      try (ResultSet k = p.getGeneratedKeys()) {
        k.next();
        return k.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  public synchronized void finishRun(long id, String status, String countsJson) {
    try (PreparedStatement p =
        db.prepareStatement("update runs set ended_at = ?, status = ?, counts = ? where id = ?")) {
      p.setString(1, now());
      p.setString(2, status);
      p.setString(3, countsJson);
      p.setLong(4, id);
      p.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /** The most recent runs, newest first. */
  public synchronized List<RunRecord> runs(int limit) {
    List<RunRecord> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "select id, started_at, ended_at, status, full, counts from runs order by id desc"
                + " limit ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new RunRecord(
                  r.getLong(1),
                  Instant.parse(r.getString(2)),
                  r.getString(3) == null ? null : Instant.parse(r.getString(3)),
                  r.getString(4),
                  r.getInt(5) == 1,
                  r.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read", e);
    }
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

  private interface SqlWork {
    void run() throws SQLException;
  }

  private interface RowBinder<T> {
    void bind(PreparedStatement p, T item) throws SQLException;
  }

  /** Runs one statement per item as a single JDBC batch in one transaction. */
  private <T> void writeBatch(String sql, List<T> items, RowBinder<T> binder) {
    inTransaction(
        () -> {
          try (PreparedStatement p = db.prepareStatement(sql)) {
            for (T item : items) {
              binder.bind(p, item);
              p.addBatch();
            }
            p.executeBatch();
          }
        });
  }

  private void inTransaction(SqlWork work) {
    try {
      db.setAutoCommit(false);
      try {
        work.run();
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private String now() {
    return Instant.now(clock).toString();
  }

  private static SugarbridgeException failure(String what, SQLException e) {
    return new SugarbridgeException(
        "Cannot "
            + what
            + " the sync state store: "
            + e.getMessage()
            + ". If another run of this sync is active, wait for it to finish",
        e);
  }
}
