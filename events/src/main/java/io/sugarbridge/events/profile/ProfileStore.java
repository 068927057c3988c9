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
    Connection db =
        SqliteFile.open(
            directory,
            "profiles.db",
            "profile store",
            "CREATE TABLE IF NOT EXISTS profiles (person_key TEXT PRIMARY KEY, traits TEXT NOT"
                + " NULL, updated_at TEXT NOT NULL)");
    // Which user an anonymous id (or an alias's previousId) belongs to.
    SqliteFile.execute(
        db,
        "profile store",
        "CREATE TABLE IF NOT EXISTS links (anonymous_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
            + " updated_at TEXT NOT NULL)");
    return new ProfileStore(db, clock);
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
   * the anonymous visitor is carried over first, so traits from before sign-in are kept, and the
   * anonymous id is tied to the user id from then on. When only an anonymous id is known ({@code
   * personKey} is the anonymous id) and an earlier event tied it to a user id, the traits go to
   * that user too and the user's traits are returned: traits sent under an anonymousId apply to the
   * user in either order.
   *
   * @throws TooLarge when a result would be over {@link #MAX_PROFILE_BYTES}; nothing is stored
   */
  public synchronized ObjectNode merge(String personKey, String anonymousId, ObjectNode newTraits) {
    if (anonymousId != null && anonymousId.equals(personKey)) {
      String user = linkedUser(anonymousId);
      ObjectNode own = layOver(traits(anonymousId), newTraits);
      if (user == null) {
        store(anonymousId, own);
        return own;
      }
      ObjectNode merged = layOver(traits(user), newTraits);
      String ownText = encode(anonymousId, own);
      String mergedText = encode(user, merged);
      put(anonymousId, ownText);
      put(user, mergedText);
      ObjectNode out = own.deepCopy();
      out.setAll(merged);
      return out;
    }
    ObjectNode merged = JSON.createObjectNode();
    if (anonymousId != null) {
      merged.setAll(traits(anonymousId));
      link(anonymousId, personKey);
    }
    merged.setAll(traits(personKey));
    merged = layOver(merged, newTraits);
    store(personKey, merged);
    return merged;
  }

  /**
   * An {@code alias} event: {@code previousId} (usually the anonymous id) is the same person as
   * {@code userId} from now on; what is known under it is carried over (the user's own traits win).
   */
  public synchronized void alias(String userId, String previousId) {
    if (userId == null || previousId == null || previousId.equals(userId)) {
      return;
    }
    link(previousId, userId);
    ObjectNode merged = traits(previousId).deepCopy();
    merged.setAll(traits(userId));
    store(userId, merged);
  }

  /**
   * The traits a person's event would be delivered with now, without storing anything: the
   * anonymous visitor's, then the user's they are tied to.
   */
  public synchronized ObjectNode current(String personKey, String anonymousId) {
    ObjectNode out = JSON.createObjectNode();
    if (anonymousId != null) {
      out.setAll(traits(anonymousId));
    }
    String user =
        anonymousId != null && anonymousId.equals(personKey) ? linkedUser(anonymousId) : personKey;
    if (user != null && !user.equals(anonymousId)) {
      out.setAll(traits(user));
    }
    return out;
  }

  /** The user id an anonymous id (or alias previousId) was tied to, or null. */
  public synchronized String linkedUser(String anonymousId) {
    if (anonymousId == null) {
      return null;
    }
    try (PreparedStatement p =
        db.prepareStatement("SELECT user_id FROM links WHERE anonymous_id=?")) {
      p.setString(1, anonymousId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the profile store: " + e.getMessage(), e);
    }
  }

  private void link(String anonymousId, String userId) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO links(anonymous_id, user_id, updated_at) VALUES(?,?,?) ON"
                + " CONFLICT(anonymous_id) DO UPDATE SET user_id=excluded.user_id,"
                + " updated_at=excluded.updated_at WHERE user_id<>excluded.user_id")) {
      p.setString(1, anonymousId);
      p.setString(2, userId);
      p.setString(3, clock.instant().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the profile store: " + e.getMessage(), e);
    }
  }

  private static ObjectNode layOver(ObjectNode base, ObjectNode newTraits) {
    ObjectNode merged = base.deepCopy();
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
    return merged;
  }

  /** The profile as stored; over {@link #MAX_PROFILE_BYTES} it is refused and nothing stored. */
  private static String encode(String personKey, ObjectNode traits) {
    String text;
    try {
      text = JSON.writeValueAsString(traits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Characters never outnumber UTF-8 bytes: only a long text needs counting in bytes.
    if (text.length() > MAX_PROFILE_BYTES) {
      int size = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (size > MAX_PROFILE_BYTES) {
        throw new TooLarge(personKey, size);
      }
    }
    return text;
  }

  private void store(String personKey, ObjectNode traits) {
    put(personKey, encode(personKey, traits));
  }

  private void put(String personKey, String text) {
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
  }

  @Override
  public synchronized void close() {
    SqliteFile.close(db);
  }
}
