package io.sugarbridge.events.delivery;

import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.events.store.SqliteFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Events that lack a required trait and wait for their person's {@code identify}, in an embedded
 * SQLite file ({@code waiting.db} in the journal directory): Segment's libraries send batches that
 * overtake each other, so a {@code track("Lead Generated")} may arrive before the {@code identify}
 * that brings {@code last_name}. An event is written here (durably) before the journal is committed
 * past it, so the wait survives a restart; each keeps the time its wait ends, which a restart does
 * not extend.
 *
 * <p>It also keeps the people to try again ({@code retry_people}): an event that brings traits of a
 * person with something waiting marks them here before the journal is committed past it, and the
 * mark goes once their waiting events and dead letters were tried, so a stop between the two loses
 * no re-queue.
 */
public final class WaitingEvents implements AutoCloseable {
  private final Connection db;
  private final Clock clock;

  /** One waiting event: the event as journaled (JSON), whose it is, and until when it waits. */
  public record Waiting(
      long id,
      String messageId,
      long sequence,
      String personKey,
      String anonymousId,
      String event,
      String reason,
      Instant until) {}

  private WaitingEvents(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The file's schema; version 1 is the tables as they were before versions were recorded. */
  static final Schema SCHEMA =
      SqliteFile.schema(
          "store of events waiting for traits",
          List.of(
              Migration.sql(
                  "CREATE TABLE IF NOT EXISTS waiting (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                      + " message_id TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL, person_key"
                      + " TEXT, anonymous_id TEXT, event TEXT NOT NULL, reason TEXT NOT NULL,"
                      + " wait_until INTEGER NOT NULL, created_at TEXT NOT NULL)",
                  "CREATE INDEX IF NOT EXISTS waiting_person ON waiting(person_key)",
                  "CREATE INDEX IF NOT EXISTS waiting_anonymous ON waiting(anonymous_id)",
                  "CREATE TABLE IF NOT EXISTS retry_people (person_key TEXT PRIMARY KEY, retry_at"
                      + " INTEGER NOT NULL)")),
          "waiting");

  /** Opens (creating when absent) {@code waiting.db} in {@code directory}. */
  public static WaitingEvents open(Path directory, Clock clock) {
    return new WaitingEvents(SqliteFile.open(directory, "waiting.db", SCHEMA), clock);
  }

  /**
   * Keeps an event until {@code until}. An event already waiting (read again after a restart) keeps
   * its first deadline.
   */
  public synchronized void add(
      String messageId,
      long sequence,
      String personKey,
      String anonymousId,
      String event,
      String reason,
      Instant until) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT OR IGNORE INTO waiting(message_id, sequence, person_key, anonymous_id, event,"
                + " reason, wait_until, created_at) VALUES(?,?,?,?,?,?,?,?)")) {
      p.setString(1, messageId);
      p.setLong(2, sequence);
      p.setString(3, personKey);
      p.setString(4, anonymousId);
      p.setString(5, event);
      p.setString(6, reason);
      p.setLong(7, until.toEpochMilli());
      p.setString(8, clock.instant().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot write the store of events waiting for traits: " + e.getMessage(), e);
    }
  }

  /** The events of a person (by person key or anonymous id), oldest first. */
  public synchronized List<Waiting> forKey(String key) {
    return query("SELECT * FROM waiting WHERE person_key=?1 OR anonymous_id=?1 ORDER BY id", key);
  }

  /** One waiting event by id. */
  public synchronized Optional<Waiting> get(long id) {
    return query("SELECT * FROM waiting WHERE id=" + id, null).stream().findFirst();
  }

  /** At most {@code limit} of the events whose wait has ended by {@code now}, oldest first. */
  public synchronized List<Waiting> endedBy(Instant now, int limit) {
    return query(
        "SELECT * FROM waiting WHERE wait_until<="
            + now.toEpochMilli()
            + " ORDER BY id LIMIT "
            + limit,
        null);
  }

  /** Moves an event's deadline (when Sugar could not be reached as its wait ended). */
  public synchronized void postpone(long id, Instant until) {
    update("UPDATE waiting SET wait_until=? WHERE id=?", until.toEpochMilli(), id);
  }

  /** Forgets an event: it was delivered or dead-lettered. */
  public synchronized void remove(long id) {
    update("DELETE FROM waiting WHERE id=?", id);
  }

  /** How many events wait. */
  public synchronized int count() {
    try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM waiting");
        ResultSet r = p.executeQuery()) {
      return r.next() ? r.getInt(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the store of events waiting for traits: " + e.getMessage(), e);
    }
  }

  /** Whether a person (by person key or anonymous id) has waiting events. */
  public synchronized boolean hasKey(String key) {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT 1 FROM waiting WHERE person_key=?1 UNION ALL SELECT 1 FROM waiting WHERE"
                + " anonymous_id=?1 LIMIT 1")) {
      p.setString(1, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the store of events waiting for traits: " + e.getMessage(), e);
    }
  }

  /**
   * Marks people to try again, durably; a mark is due at {@code retryAt} for the sweep (the caller
   * queues the first try itself) and stays until {@link #tried} removes it.
   */
  public synchronized void markForRetry(Set<String> keys, Instant retryAt) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO retry_people(person_key, retry_at) VALUES(?,?) ON CONFLICT(person_key) DO"
                + " UPDATE SET retry_at=excluded.retry_at")) {
      for (String key : keys) {
        p.setString(1, key);
        p.setLong(2, retryAt.toEpochMilli());
        p.addBatch();
      }
      p.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot write the store of events waiting for traits: " + e.getMessage(), e);
    }
  }

  /** Removes a person's mark: their waiting events and dead letters were tried. */
  public synchronized void tried(String key) {
    update("DELETE FROM retry_people WHERE person_key=?", key);
  }

  /** At most {@code limit} people marked for a retry due by {@code now} (every mark: null). */
  public synchronized List<String> markedForRetry(Instant now, int limit) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT person_key FROM retry_people"
                + (now == null ? "" : " WHERE retry_at<=" + now.toEpochMilli())
                + " ORDER BY retry_at LIMIT "
                + limit)) {
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the store of events waiting for traits: " + e.getMessage(), e);
    }
    return out;
  }

  private void update(String sql, Object... args) {
    SqliteFile.update(db, "store of events waiting for traits", sql, args);
  }

  private List<Waiting> query(String sql, String key) {
    List<Waiting> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      if (key != null) {
        p.setString(1, key);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Waiting(
                  r.getLong("id"),
                  r.getString("message_id"),
                  r.getLong("sequence"),
                  r.getString("person_key"),
                  r.getString("anonymous_id"),
                  r.getString("event"),
                  r.getString("reason"),
                  Instant.ofEpochMilli(r.getLong("wait_until"))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the store of events waiting for traits: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    SqliteFile.close(db);
  }
}
