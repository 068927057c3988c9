package io.sugarbridge.identity.scim;

import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.common.store.Durability;
import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.common.store.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The bridge's state file (SQLite): the identity provider's {@code externalId} of each SCIM User
 * and Group, and the SCIM attributes of a user that Sugar has no field for (displayName, nickName,
 * userType, email types, enterprise employeeNumber...), kept as one JSON object per resource. They
 * live only here, never in Sugar; a resource without them has no row, and {@link #forget} removes
 * both when the resource is deleted. Calls are serialised: the bridge's writes are few and small.
 */
public final class ExternalIdStore implements AutoCloseable {
  private final Connection db;

  private ExternalIdStore(Connection db) {
    this.db = db;
  }

  /**
   * The file's schema ({@code synchronous=FULL}, SQLite's default before it was explicit); version
   * 1 is the tables as they were before versions were recorded.
   */
  static final Schema SCHEMA =
      Schema.builder("SCIM state file")
          .setting("--state")
          .fix(
              "It keeps each user's and group's externalId. Check that its folder exists and is"
                  + " writable, or pass another --state file")
          .durability(Durability.FULL)
          .recognisedBy("external_ids")
          .migration(
              Migration.sql(
                  "CREATE TABLE IF NOT EXISTS external_ids (resource_type TEXT NOT NULL, id TEXT"
                      + " NOT NULL, external_id TEXT NOT NULL, PRIMARY KEY (resource_type, id))",
                  "CREATE INDEX IF NOT EXISTS external_ids_by_value ON external_ids"
                      + " (resource_type, external_id)",
                  "CREATE TABLE IF NOT EXISTS bridge_attributes (resource_type TEXT NOT NULL, id"
                      + " TEXT NOT NULL, attributes TEXT NOT NULL, PRIMARY KEY (resource_type,"
                      + " id))"))
          .build();

  /**
   * Opens (creating when missing) the store in {@code file}; a file that cannot be used is a
   * setting to fix (exit 2).
   */
  public static ExternalIdStore open(Path file) {
    return new ExternalIdStore(SqliteStore.open(file, SCHEMA));
  }

  /**
   * A table of one text value per (resource type, id). The names are constants of this class, never
   * user input, so building statements from them is safe.
   */
  private record Table(String name, String column) {}

  private static final Table EXTERNAL_IDS = new Table("external_ids", "external_id");
  private static final Table ATTRIBUTES = new Table("bridge_attributes", "attributes");

  /** The externalId of {@code id}, or null. */
  public synchronized String get(String resourceType, String id) {
    return value(EXTERNAL_IDS, resourceType, id);
  }

  /** Every externalId of one resource type, by Sugar id. */
  public synchronized Map<String, String> all(String resourceType) {
    return values(EXTERNAL_IDS, resourceType);
  }

  /** Sets (or, with a null or empty value, removes) the externalId of {@code id}. */
  public synchronized void put(String resourceType, String id, String externalId) {
    boolean remove = externalId == null || externalId.isEmpty();
    set(EXTERNAL_IDS, resourceType, id, remove ? null : externalId);
  }

  /** The bridge-only attributes of {@code id} as a JSON object text, or null. */
  public synchronized String attributes(String resourceType, String id) {
    return value(ATTRIBUTES, resourceType, id);
  }

  /** Every bridge-only attribute object of one resource type, by Sugar id. */
  public synchronized Map<String, String> allAttributes(String resourceType) {
    return values(ATTRIBUTES, resourceType);
  }

  /** Sets (or, with a null or empty text, removes) the bridge-only attributes of {@code id}. */
  public synchronized void putAttributes(String resourceType, String id, String json) {
    boolean remove = json == null || json.isEmpty() || json.equals("{}");
    set(ATTRIBUTES, resourceType, id, remove ? null : json);
  }

  /** Removes everything the bridge keeps about {@code id}: its externalId and attributes. */
  public synchronized void forget(String resourceType, String id) {
    set(EXTERNAL_IDS, resourceType, id, null);
    set(ATTRIBUTES, resourceType, id, null);
  }

  private String value(Table table, String resourceType, String id) {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT "
                + table.column()
                + " FROM "
                + table.name()
                + " WHERE resource_type = ? AND id = ?")) {
      p.setString(1, resourceType);
      p.setString(2, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private Map<String, String> values(Table table, String resourceType) {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT id, "
                + table.column()
                + " FROM "
                + table.name()
                + " WHERE resource_type = ?")) {
      p.setString(1, resourceType);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), r.getString(2));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Stores {@code value} for {@code id}, or with a null value removes its row. */
  private void set(Table table, String resourceType, String id, String value) {
    String sql =
        value == null
            ? "DELETE FROM " + table.name() + " WHERE resource_type = ? AND id = ?"
            : "INSERT INTO "
                + table.name()
                + " (resource_type, id, "
                + table.column()
                + ") VALUES (?, ?, ?) ON CONFLICT (resource_type, id) DO UPDATE SET "
                + table.column()
                + " = excluded."
                + table.column();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      p.setString(1, resourceType);
      p.setString(2, id);
      if (value != null) {
        p.setString(3, value);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static SugarbridgeException failure(SQLException e) {
    return new SugarbridgeException("The SCIM state file could not be read or written: " + e, e);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
