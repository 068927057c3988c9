package io.sugarbridge.events.delivery;

import io.sugarbridge.events.store.SqliteFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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

  /** Opens (creating when absent) {@code waiting.db} in {@code directory}. */
  public static WaitingEvents open(Path directory, Clock clock) {
    Connection db =
        SqliteFile.open(
            directory,
            "waiting.db",
            "store of events waiting for traits",
            "CREATE TABLE IF NOT EXISTS waiting (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id"
                + " TEXT NOT NULL UNIQUE, sequence INTEGER NOT NULL, person_key TEXT, anonymous_id"
                + " TEXT, event TEXT NOT NULL, reason TEXT NOT NULL, wait_until INTEGER NOT NULL,"
                + " created_at TEXT NOT NULL)");
    SqliteFile.execute(
        db,
        "store of events waiting for traits",
        "CREATE INDEX IF NOT EXISTS waiting_person ON waiting(person_key)");
    SqliteFile.execute(
        db,
        "store of events waiting for traits",
        "CREATE INDEX IF NOT EXISTS waiting_anonymous ON waiting(anonymous_id)");
    return new WaitingEvents(db, clock);
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

  /** The events whose wait has ended by {@code now}, oldest first. */
  public synchronized List<Waiting> endedBy(Instant now) {
    return query(
        "SELECT * FROM waiting WHERE wait_until<=" + now.toEpochMilli() + " ORDER BY id", null);
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

  /** The person keys and anonymous ids that have waiting events. */
  public synchronized Set<String> keys() {
    Set<String> out = new HashSet<>();
    for (Waiting w : query("SELECT * FROM waiting", null)) {
      if (w.personKey() != null) {
        out.add(w.personKey());
      }
      if (w.anonymousId() != null) {
        out.add(w.anonymousId());
      }
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
