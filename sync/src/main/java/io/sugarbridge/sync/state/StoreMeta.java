package io.sugarbridge.sync.state;

import static io.sugarbridge.sync.state.StateSql.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code meta} table of a sync state store: which instance it belongs to, and its id. {@link
 * SyncState} serialises the calls.
 */
final class StoreMeta {
  private final Connection db;

  StoreMeta(Connection db) {
    this.db = db;
  }

  /** The instance recorded, or null (none recorded, or a file older than the meta table). */
  SugarInstance instance() {
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

  /** The store's id, or null for a store never claimed. */
  String storeId() {
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

  /** Records the instance, and gives the store its id unless it has one. */
  void claim(SugarInstance instance) {
    String id = String.format("%08x", new java.security.SecureRandom().nextInt());
    StateSql.inTransaction(
        db,
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
}
