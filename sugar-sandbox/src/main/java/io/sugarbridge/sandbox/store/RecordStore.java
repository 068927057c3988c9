package io.sugarbridge.sandbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The sandbox's records, relationship pairs and per-user marks (favorites, follows), kept in memory
 * so that lists and filters scan without SQL, and written through to SQLite tables in the {@link
 * SandboxDatabase} so they survive a restart when a data directory is given.
 *
 * <p>Records are JSON objects of stored field values. A stored record is never modified: a change
 * replaces it with a new object, so readers may scan without a lock and always see whole records.
 * Writers that read-modify-write hold {@link #writeLock()}; SQL runs while holding the database's
 * monitor, as {@link SandboxDatabase} requires, and the in-memory copy changes under the same
 * monitor, so concurrent writes of one key (a favorite set and cleared at once, say) leave memory
 * and SQLite agreeing.
 */
public final class RecordStore {
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  private final SandboxDatabase db;
  private final ObjectMapper json;
  private final Map<String, String> tables;
  private final Map<String, ConcurrentHashMap<String, ObjectNode>> records = new HashMap<>();
  // relationship -> lhs id -> rhs id -> pair fields; and the reverse index rhs -> lhs.
  private final Map<String, Map<String, Map<String, ObjectNode>>> leftToRight =
      new ConcurrentHashMap<>();
  private final Map<String, Map<String, Map<String, ObjectNode>>> rightToLeft =
      new ConcurrentHashMap<>();
  private final Set<String> marks = ConcurrentHashMap.newKeySet();
  private final ReentrantLock writeLock = new ReentrantLock();

  /**
   * Opens the store over {@code db}, creating one table per module ({@code tables} maps module name
   * to table name) and loading what the tables already hold.
   */
  public RecordStore(SandboxDatabase db, ObjectMapper json, Map<String, String> tables) {
    this.db = db;
    this.json = json;
    this.tables = new LinkedHashMap<>(tables);
    for (Map.Entry<String, String> e : this.tables.entrySet()) {
      if (!TABLE_NAME.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException(
            "Bad table name for " + e.getKey() + ": " + e.getValue());
      }
      records.put(e.getKey(), new ConcurrentHashMap<>());
    }
    synchronized (db) {
      try {
        createAndLoad();
      } catch (SQLException | JsonProcessingException e) {
        throw new IllegalStateException(
            "Cannot read the sandbox store in " + describe() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Held by code that reads a record and writes a new version of it. */
  public ReentrantLock writeLock() {
    return writeLock;
  }

  /** The record with this id, deleted or not, or null. Do not modify the result. */
  public ObjectNode get(String module, String id) {
    return id == null ? null : records.get(module).get(id);
  }

  /** Every record of a module, deleted ones included; a live view, do not modify the elements. */
  public Collection<ObjectNode> records(String module) {
    return Collections.unmodifiableCollection(records.get(module).values());
  }

  /** Stores (inserts or replaces) a record; the store keeps the object, so do not modify it. */
  public void put(String module, ObjectNode record) {
    String id = record.path("id").asText();
    String table = tables.get(module);
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT INTO "
                      + table
                      + " (id, deleted, date_modified, data) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted,"
                      + " date_modified = excluded.date_modified, data = excluded.data")) {
        ps.setString(1, id);
        ps.setInt(2, record.path("deleted").asBoolean(false) ? 1 : 0);
        ps.setString(3, record.path("date_modified").asText(""));
        ps.setString(4, json.writeValueAsString(record));
        ps.executeUpdate();
      } catch (SQLException | JsonProcessingException e) {
        throw storeFailure(e);
      }
      records.get(module).put(id, record);
    }
  }

  /** Runs {@code work} in one SQL transaction (used to seed many records quickly). */
  public void inTransaction(Runnable work) {
    try {
      db.inTransaction(
          c -> {
            work.run();
            return null;
          });
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  /** The other side's ids related to {@code id} through a many-to-many relationship. */
  public Map<String, ObjectNode> pairs(String relationship, String id, boolean fromLeft) {
    Map<String, Map<String, Map<String, ObjectNode>>> index = fromLeft ? leftToRight : rightToLeft;
    Map<String, ObjectNode> byId = index.getOrDefault(relationship, Map.of()).get(id);
    return byId == null ? Map.of() : Collections.unmodifiableMap(byId);
  }

  /** Adds or replaces a many-to-many pair with its relationship fields. */
  public void link(String relationship, String lhsId, String rhsId, ObjectNode fields) {
    ObjectNode data = fields == null ? json.createObjectNode() : fields;
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "INSERT INTO sandbox_relationships (relationship, lhs_id, rhs_id, data)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT(relationship, lhs_id, rhs_id)"
                      + " DO UPDATE SET data = excluded.data")) {
        ps.setString(1, relationship);
        ps.setString(2, lhsId);
        ps.setString(3, rhsId);
        ps.setString(4, json.writeValueAsString(data));
        ps.executeUpdate();
      } catch (SQLException | JsonProcessingException e) {
        throw storeFailure(e);
      }
      index(relationship, lhsId, rhsId, data);
    }
  }

  /** Removes a many-to-many pair; returns whether it existed. */
  public boolean unlink(String relationship, String lhsId, String rhsId) {
    synchronized (db) {
      try (PreparedStatement ps =
          db.connection()
              .prepareStatement(
                  "DELETE FROM sandbox_relationships"
                      + " WHERE relationship = ? AND lhs_id = ? AND rhs_id = ?")) {
        ps.setString(1, relationship);
        ps.setString(2, lhsId);
        ps.setString(3, rhsId);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw storeFailure(e);
      }
      Map<String, ObjectNode> l =
          leftToRight.getOrDefault(relationship, Map.of()).getOrDefault(lhsId, Map.of());
      Map<String, ObjectNode> r =
          rightToLeft.getOrDefault(relationship, Map.of()).getOrDefault(rhsId, Map.of());
      boolean existed = l.containsKey(rhsId);
      if (existed) {
        l.remove(rhsId);
        r.remove(lhsId);
      }
      return existed;
    }
  }

  /** Whether a user marked a record ({@code kind} is e.g. {@code favorite} or {@code follow}). */
  public boolean marked(String kind, String userId, String module, String id) {
    return marks.contains(markKey(kind, userId, module, id));
  }

  /** Sets or clears a user's mark on a record. */
  public void mark(String kind, String userId, String module, String id, boolean on) {
    String sql =
        on
            ? "INSERT OR IGNORE INTO sandbox_marks (kind, user_id, module, record_id)"
                + " VALUES (?, ?, ?, ?)"
            : "DELETE FROM sandbox_marks"
                + " WHERE kind = ? AND user_id = ? AND module = ? AND record_id = ?";
    synchronized (db) {
      try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
        ps.setString(1, kind);
        ps.setString(2, userId);
        ps.setString(3, module);
        ps.setString(4, id);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw storeFailure(e);
      }
      if (on) {
        marks.add(markKey(kind, userId, module, id));
      } else {
        marks.remove(markKey(kind, userId, module, id));
      }
    }
  }

  private void index(String relationship, String lhsId, String rhsId, ObjectNode data) {
    leftToRight
        .computeIfAbsent(relationship, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(lhsId, k -> new ConcurrentHashMap<>())
        .put(rhsId, data);
    rightToLeft
        .computeIfAbsent(relationship, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(rhsId, k -> new ConcurrentHashMap<>())
        .put(lhsId, data);
  }

  private static String markKey(String kind, String userId, String module, String id) {
    return kind + '\u0000' + userId + '\u0000' + module + '\u0000' + id;
  }

  private void createAndLoad() throws SQLException, JsonProcessingException {
    Connection c = db.connection();
    try (Statement s = c.createStatement()) {
      for (String table : tables.values()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (id TEXT PRIMARY KEY, deleted INTEGER NOT NULL DEFAULT 0,"
                + " date_modified TEXT, data TEXT NOT NULL)");
      }
      s.execute(
          "CREATE TABLE IF NOT EXISTS sandbox_relationships (relationship TEXT NOT NULL,"
              + " lhs_id TEXT NOT NULL, rhs_id TEXT NOT NULL, data TEXT,"
              + " PRIMARY KEY (relationship, lhs_id, rhs_id))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS sandbox_marks (kind TEXT NOT NULL, user_id TEXT NOT NULL,"
              + " module TEXT NOT NULL, record_id TEXT NOT NULL,"
              + " PRIMARY KEY (kind, user_id, module, record_id))");
      for (Map.Entry<String, String> e : tables.entrySet()) {
        Map<String, ObjectNode> target = records.get(e.getKey());
        try (ResultSet rs = s.executeQuery("SELECT id, data FROM " + e.getValue())) {
          while (rs.next()) {
            target.put(rs.getString(1), (ObjectNode) json.readTree(rs.getString(2)));
          }
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT relationship, lhs_id, rhs_id, data FROM sandbox_relationships")) {
        while (rs.next()) {
          String data = rs.getString(4);
          ObjectNode fields =
              data == null ? json.createObjectNode() : (ObjectNode) json.readTree(data);
          index(rs.getString(1), rs.getString(2), rs.getString(3), fields);
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT kind, user_id, module, record_id FROM sandbox_marks")) {
        while (rs.next()) {
          marks.add(markKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
  }

  private String describe() {
    return db.file() == null ? "memory" : db.file().toString();
  }

  private IllegalStateException storeFailure(Exception e) {
    return new IllegalStateException(
        "Sandbox store write failed (" + describe() + "): " + e.getMessage(), e);
  }
}
