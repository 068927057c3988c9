package io.sugarbridge.events.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.store.SqliteFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The traits known about each person, kept in an embedded SQLite file ({@code profiles.db} in the
 * journal directory) so that {@code identify} then {@code track} makes one record with every trait,
 * across restarts. Keyed by the person key (userId, else anonymousId). Written only by the
 * deliverer, in each person's event order, so a later identify always wins over an earlier one.
 */
public final class ProfileStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The largest profile kept, in bytes of JSON: every event of the person reads and rewrites it. An
   * event whose traits would take a profile over it is refused ({@link TooLarge}).
   */
  public static final int MAX_PROFILE_BYTES = 64 * 1024;

  /** The person's profile would grow over {@link #MAX_PROFILE_BYTES}; nothing was stored. */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String personKey, int bytes) {
      super(
          "the profile of "
              + (personKey.length() > 80 ? personKey.substring(0, 80) + "..." : personKey)
              + " would be "
              + bytes
              + " bytes with this event's traits, over the limit of "
              + MAX_PROFILE_BYTES
              + " bytes per profile: send fewer or shorter traits (or null to remove one)",
          null,
          false,
          false);
    }
  }

  private final Connection db;
  private final Clock clock;

  private ProfileStore(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Opens (creating when absent) {@code profiles.db} in {@code directory}. */
  public static ProfileStore open(Path directory, Clock clock) {
    return new ProfileStore(
        SqliteFile.open(
            directory,
            "profiles.db",
            "profile store",
            "CREATE TABLE IF NOT EXISTS profiles (person_key TEXT PRIMARY KEY, traits TEXT NOT"
                + " NULL, updated_at TEXT NOT NULL)"),
        clock);
  }

  /** The stored traits of a person; empty when unknown. */
  public synchronized ObjectNode traits(String personKey) {
    if (personKey == null) {
      return JSON.createObjectNode();
    }
    try (PreparedStatement p =
        db.prepareStatement("SELECT traits FROM profiles WHERE person_key=?")) {
      p.setString(1, personKey);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? (ObjectNode) JSON.readTree(r.getString(1)) : JSON.createObjectNode();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the profile store: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lays {@code newTraits} over the person's stored traits (a null value removes a trait), stores
   * the result and returns it. When {@code anonymousId} is given and differs, what was learnt about
   * the anonymous visitor is carried over first, so traits from before sign-in are kept.
   *
   * @throws TooLarge when the result would be over {@link #MAX_PROFILE_BYTES}; nothing is stored
   */
  public synchronized ObjectNode merge(String personKey, String anonymousId, ObjectNode newTraits) {
    ObjectNode merged = JSON.createObjectNode();
    if (anonymousId != null && !anonymousId.equals(personKey)) {
      merged.setAll(traits(anonymousId));
    }
    merged.setAll(traits(personKey));
    newTraits
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                merged.remove(e.getKey());
              } else {
                merged.set(e.getKey(), e.getValue());
              }
            });
    String text;
    try {
      text = JSON.writeValueAsString(merged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (text.length() > MAX_PROFILE_BYTES) {
      int size = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (size > MAX_PROFILE_BYTES) {
        throw new TooLarge(personKey, size);
      }
    }
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO profiles(person_key, traits, updated_at) VALUES(?,?,?) ON CONFLICT(person_key)"
                + " DO UPDATE SET traits=excluded.traits, updated_at=excluded.updated_at")) {
      p.setString(1, personKey);
      p.setString(2, text);
      p.setString(3, clock.instant().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the profile store: " + e.getMessage(), e);
    }
    return merged;
  }

  @Override
  public synchronized void close() {
    SqliteFile.close(db);
  }
}
