package io.sugarbridge.sync.state;

import static io.sugarbridge.sync.state.StateSql.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code runs} table of a sync state store; {@link SyncState} serialises the calls. */
final class RunHistory {
  private final Connection db;

  RunHistory(Connection db) {
    this.db = db;
  }

  long start(String now, boolean full) {
    try (PreparedStatement p =
        db.prepareStatement(
            "insert into runs(started_at, status, full) values(?, 'running', ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, now);
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

  void finish(long id, String now, String status, String countsJson) {
    try (PreparedStatement p =
        db.prepareStatement("update runs set ended_at = ?, status = ?, counts = ? where id = ?")) {
      p.setString(1, now);
      p.setString(2, status);
      p.setString(3, countsJson);
      p.setLong(4, id);
      p.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /** The most recent runs, newest first. */
  List<RunRecord> latest(int limit) {
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
}
