package io.sugarbridge.events.deadletter;

import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.common.store.SqliteStore;
import io.sugarbridge.events.store.SqliteFile;
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
import java.util.Optional;

/**
 * Events that failed permanently, in an embedded SQLite file ({@code dead-letters.db} in the
 * journal directory). A dead letter is written (and durable) before the deliverer commits the
 * journal past its event, so no event is lost between the two. {@code sugarbridge events replay}
 * reads the waiting ones and marks each replayed once it is delivered.
 */
public final class DeadLetterStore implements AutoCloseable {
  private final Connection db;
  private final Clock clock;

  private DeadLetterStore(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * The file's schema. Version 1 is the table as it was before versions were recorded, with the
   * columns later releases added (whose event it is, and whether only a missing trait stopped it: a
   * later identify of that person re-queues those by itself) added to files of earlier ones, and
   * the indexes a person's identify looks their dead letters up by (never by a scan).
   */
  static final Schema SCHEMA =
      SqliteFile.schema(
          "dead-letter store",
          List.of(
              db -> {
                Migration.sql(
                        "CREATE TABLE IF NOT EXISTS dead_letters (id INTEGER PRIMARY KEY"
                            + " AUTOINCREMENT, message_id TEXT NOT NULL, sequence INTEGER NOT"
                            + " NULL, event TEXT NOT NULL, sugar_payload TEXT, http_status"
                            + " INTEGER NOT NULL, sugar_error TEXT, reason TEXT NOT NULL,"
                            + " attempts INTEGER NOT NULL, created_at TEXT NOT NULL, replayed_at"
                            + " TEXT)")
                    .apply(db);
                SqliteStore.addColumnIfMissing(db, "dead_letters", "person_key TEXT");
                SqliteStore.addColumnIfMissing(db, "dead_letters", "anonymous_id TEXT");
                SqliteStore.addColumnIfMissing(
                    db, "dead_letters", "missing_trait INTEGER NOT NULL DEFAULT 0");
                Migration.sql(
                        "CREATE INDEX IF NOT EXISTS dead_letters_person ON"
                            + " dead_letters(person_key)",
                        "CREATE INDEX IF NOT EXISTS dead_letters_anonymous ON"
                            + " dead_letters(anonymous_id)")
                    .apply(db);
              }),
          "dead_letters");

  /** Opens (creating when absent) {@code dead-letters.db} in {@code directory}. */
  public static DeadLetterStore open(Path directory, Clock clock) {
    return new DeadLetterStore(SqliteFile.open(directory, "dead-letters.db", SCHEMA), clock);
  }

  /**
   * Stores a new dead letter of a person's event and returns its id; {@code missingTrait} marks one
   * that only lacked a trait, which that person's next identify re-queues.
   */
  public synchronized long add(
      String messageId,
      long sequence,
      String event,
      String personKey,
      String anonymousId,
      boolean missingTrait,
      String sugarPayload,
      int httpStatus,
      String sugarError,
      String reason) {
    long id = add(messageId, sequence, event, sugarPayload, httpStatus, sugarError, reason);
    update(
        "UPDATE dead_letters SET person_key=?, anonymous_id=?, missing_trait=? WHERE id=?",
        personKey,
        anonymousId,
        missingTrait ? 1 : 0,
        id);
    return id;
  }

  /**
   * The waiting dead letters of this person (by person key or anonymous id) that only lacked a
   * trait, oldest first.
   */
  public synchronized List<DeadLetter> waitingForTraits(String key) {
    List<DeadLetter> out = new ArrayList<>();
    for (DeadLetter d :
        query(
            "SELECT * FROM dead_letters WHERE replayed_at IS NULL AND missing_trait=1 AND"
                + " (person_key=?1 OR anonymous_id=?1) ORDER BY id",
            null,
            key)) {
      out.add(d);
    }
    return out;
  }

  /** Whether a person (by person key or anonymous id) has dead letters waiting for a trait. */
  public synchronized boolean hasWaitingForTraits(String key) {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT 1 FROM dead_letters WHERE person_key=?1 AND missing_trait=1 AND replayed_at IS"
                + " NULL UNION ALL SELECT 1 FROM dead_letters WHERE anonymous_id=?1 AND"
                + " missing_trait=1 AND replayed_at IS NULL LIMIT 1")) {
      p.setString(1, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the dead-letter store: " + e.getMessage(), e);
    }
  }

  /** Stores a new dead letter and returns its id. */
  public synchronized long add(
      String messageId,
      long sequence,
      String event,
      String sugarPayload,
      int httpStatus,
      String sugarError,
      String reason) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO dead_letters(message_id, sequence, event, sugar_payload, http_status,"
                + " sugar_error, reason, attempts, created_at) VALUES(?,?,?,?,?,?,?,1,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, messageId);
      p.setLong(2, sequence);
      p.setString(3, event);
      p.setString(4, sugarPayload);
      p.setInt(5, httpStatus);
      p.setString(6, sugarError);
      p.setString(7, reason);
      p.setString(8, clock.instant().toString());
      p.executeUpdate();
      try (ResultSet k = p.getGeneratedKeys()) {
        k.next();
        return k.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the dead-letter store: " + e.getMessage(), e);
    }
  }

  /** Records another failed attempt (a replay that failed again) with the new reason. */
  public synchronized void failedAgain(
      long id, String sugarPayload, int httpStatus, String sugarError, String reason) {
    update(
        "UPDATE dead_letters SET sugar_payload=?, http_status=?, sugar_error=?, reason=?,"
            + " attempts=attempts+1 WHERE id=?",
        sugarPayload,
        httpStatus,
        sugarError,
        reason,
        id);
  }

  /** Marks a dead letter delivered by a replay. */
  public synchronized void replayed(long id) {
    update(
        "UPDATE dead_letters SET replayed_at=?, attempts=attempts+1 WHERE id=?",
        clock.instant().toString(),
        id);
  }

  /** The dead letters still waiting for a replay, oldest first. */
  public synchronized List<DeadLetter> waiting() {
    return query("SELECT * FROM dead_letters WHERE replayed_at IS NULL ORDER BY id", null);
  }

  /** One dead letter by id, replayed or not. */
  public synchronized Optional<DeadLetter> get(long id) {
    return query("SELECT * FROM dead_letters WHERE id=?", id).stream().findFirst();
  }

  /** How many wait for a replay. */
  public synchronized int waitingCount() {
    return waiting().size();
  }

  private void update(String sql, Object... args) {
    SqliteFile.update(db, "dead-letter store", sql, args);
  }

  private List<DeadLetter> query(String sql, Long id) {
    return query(sql, id, null);
  }

  private List<DeadLetter> query(String sql, Long id, String key) {
    List<DeadLetter> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      if (id != null) {
        p.setLong(1, id);
      }
      if (key != null) {
        p.setString(1, key);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String replayed = r.getString("replayed_at");
          out.add(
              new DeadLetter(
                  r.getLong("id"),
                  r.getString("message_id"),
                  r.getLong("sequence"),
                  r.getString("event"),
                  r.getString("sugar_payload"),
                  r.getInt("http_status"),
                  r.getString("sugar_error"),
                  r.getString("reason"),
                  r.getInt("attempts"),
                  Instant.parse(r.getString("created_at")),
                  replayed == null ? null : Instant.parse(replayed)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the dead-letter store: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    SqliteFile.close(db);
  }
}
