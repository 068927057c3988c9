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
import java.util.List;
import java.util.Optional;

/**
 * The final outcome of every messageId, in an embedded SQLite file ({@code deliveries.db} in the
 * journal directory): what makes a client's retried send (same messageId) and an event read again
 * after a restart do nothing the second time. Written after Sugar answered and before the journal
 * is committed past the event.
 */
public final class DeliveryLog implements AutoCloseable {
  private final Connection db;
  private final Clock clock;

  /** A finished messageId: its state and the Sugar record id, when there is one. */
  public record Finished(DeliveryState state, String recordId, String detail) {}

  private DeliveryLog(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The file's schema; version 1 is the table as it was before versions were recorded. */
  static final Schema SCHEMA =
      SqliteFile.schema(
          "delivery log",
          List.of(
              Migration.sql(
                  "CREATE TABLE IF NOT EXISTS deliveries (message_id TEXT PRIMARY KEY, sequence"
                      + " INTEGER NOT NULL, state TEXT NOT NULL, record_id TEXT, detail TEXT,"
                      + " finished_at TEXT NOT NULL)")),
          "deliveries");

  /** Opens (creating when absent) {@code deliveries.db} in {@code directory}. */
  public static DeliveryLog open(Path directory, Clock clock) {
    return new DeliveryLog(SqliteFile.open(directory, "deliveries.db", SCHEMA), clock);
  }

  /** The finished outcome of a messageId, if any. */
  public synchronized Optional<Finished> find(String messageId) {
    try (PreparedStatement p =
        db.prepareStatement("SELECT state, record_id, detail FROM deliveries WHERE message_id=?")) {
      p.setString(1, messageId);
      try (ResultSet r = p.executeQuery()) {
        return r.next()
            ? Optional.of(
                new Finished(DeliveryState.valueOf(r.getString(1)), r.getString(2), r.getString(3)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the delivery log: " + e.getMessage(), e);
    }
  }

  /** Records (or, for a replay, replaces) the final outcome of a messageId. */
  public synchronized void finished(
      String messageId, long sequence, DeliveryState state, String recordId, String detail) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT OR REPLACE INTO deliveries(message_id, sequence, state, record_id, detail,"
                + " finished_at) VALUES(?,?,?,?,?,?)")) {
      p.setString(1, messageId);
      p.setLong(2, sequence);
      p.setString(3, state.name());
      p.setString(4, recordId);
      p.setString(5, detail);
      p.setString(6, clock.instant().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the delivery log: " + e.getMessage(), e);
    }
  }

  /**
   * Forgets outcomes finished before {@code keep} ago, so the file does not grow forever. Safe: a
   * repeat older than that still cannot create a second record, because its record id is derived
   * from its messageId and Sugar refuses the second create.
   *
   * @return how many were forgotten
   */
  public synchronized int forgetOlderThan(java.time.Duration keep) {
    try (PreparedStatement p =
        db.prepareStatement("DELETE FROM deliveries WHERE finished_at < ?")) {
      p.setString(1, clock.instant().minus(keep).toString());
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the delivery log: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    SqliteFile.close(db);
  }
}
