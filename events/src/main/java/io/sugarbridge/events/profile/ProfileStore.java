package io.sugarbridge.events.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.common.store.Migration;
import io.sugarbridge.common.store.Schema;
import io.sugarbridge.events.store.SqliteFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

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
   * event whose traits would take a profile over it makes room by dropping stored traits it does
   * not carry (those no mapping reads first, largest first); only an event whose own traits are
   * over it is refused ({@link TooLarge}). So a full profile never stops a person's later events.
   */
  public static final int MAX_PROFILE_BYTES = 64 * 1024;

  /** The person's profile would grow over {@link #MAX_PROFILE_BYTES}; nothing was stored. */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(String personKey, int bytes) {
      super(
          "the traits of this event alone make the profile of "
              + (personKey.length() > 80 ? personKey.substring(0, 80) + "..." : personKey)
              + " "
              + bytes
              + " bytes, over the limit of "
              + MAX_PROFILE_BYTES
              + " bytes per profile: send fewer or shorter traits",
          null,
          false,
          false);
    }
  }

  /**
   * What a merge stored: the person's traits, and the names of stored traits dropped to keep the
   * profile within {@link #MAX_PROFILE_BYTES} (empty almost always).
   */
  public record Merged(ObjectNode traits, java.util.List<String> dropped) {}

  private final Connection db;
  private final Clock clock;

  private ProfileStore(Connection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * The file's schema; version 1 is the tables as they were before versions were recorded: the
   * profiles, and which user an anonymous id (or an alias's previousId) belongs to.
   */
  static final Schema SCHEMA =
      SqliteFile.schema(
          "profile store",
          List.of(
              Migration.sql(
                  "CREATE TABLE IF NOT EXISTS profiles (person_key TEXT PRIMARY KEY, traits TEXT"
                      + " NOT NULL, updated_at TEXT NOT NULL)",
                  "CREATE TABLE IF NOT EXISTS links (anonymous_id TEXT PRIMARY KEY, user_id TEXT"
                      + " NOT NULL, updated_at TEXT NOT NULL)")),
          "profiles");

  /** Opens (creating when absent) {@code profiles.db} in {@code directory}. */
  public static ProfileStore open(Path directory, Clock clock) {
    return new ProfileStore(SqliteFile.open(directory, "profiles.db", SCHEMA), clock);
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
   * <p>A result over {@link #MAX_PROFILE_BYTES} drops stored traits that {@code newTraits} does not
   * carry until it fits: first those not in {@code mapped} (the traits a mapping reads), largest
   * first, then mapped ones, largest first. The event's own traits are always kept.
   *
   * @param mapped the trait names the delivery reads, kept longest
   * @throws TooLarge when {@code newTraits} alone are over {@link #MAX_PROFILE_BYTES}; nothing is
   *     stored
   */
  public synchronized Merged merge(
      String personKey, String anonymousId, ObjectNode newTraits, java.util.Set<String> mapped) {
    java.util.List<String> dropped = new java.util.ArrayList<>();
    if (anonymousId != null && anonymousId.equals(personKey)) {
      String user = linkedUser(anonymousId);
      ObjectNode own = layOver(traits(anonymousId), newTraits);
      String ownText = fit(anonymousId, own, newTraits, mapped, dropped);
      if (user == null) {
        put(anonymousId, ownText);
        return new Merged(own, dropped);
      }
      ObjectNode merged = layOver(traits(user), newTraits);
      String mergedText = fit(user, merged, newTraits, mapped, dropped);
      put(anonymousId, ownText);
      put(user, mergedText);
      ObjectNode out = own.deepCopy();
      out.setAll(merged);
      return new Merged(out, dropped.stream().distinct().toList());
    }
    ObjectNode merged = JSON.createObjectNode();
    if (anonymousId != null) {
      merged.setAll(traits(anonymousId));
      link(anonymousId, personKey);
    }
    merged.setAll(traits(personKey));
    merged = layOver(merged, newTraits);
    put(personKey, fit(personKey, merged, newTraits, mapped, dropped));
    return new Merged(merged, dropped);
  }

  /**
   * The profile as stored, made to fit {@link #MAX_PROFILE_BYTES} by dropping (from {@code traits},
   * and naming in {@code dropped}) stored traits the event does not carry: unmapped ones before
   * mapped ones, largest first within each.
   */
  private static String fit(
      String personKey,
      ObjectNode traits,
      ObjectNode newTraits,
      java.util.Set<String> mapped,
      java.util.List<String> dropped) {
    String text = text(traits);
    if (bytes(text) <= MAX_PROFILE_BYTES) {
      return text;
    }
    java.util.List<java.util.Map.Entry<String, Integer>> candidates = new java.util.ArrayList<>();
    traits
        .fields()
        .forEachRemaining(
            e -> {
              if (!newTraits.has(e.getKey())) {
                candidates.add(
                    java.util.Map.entry(e.getKey(), entryBytes(e.getKey(), e.getValue())));
              }
            });
    candidates.sort(
        java.util.Comparator.<java.util.Map.Entry<String, Integer>, Boolean>comparing(
                e -> mapped.contains(e.getKey()))
            .thenComparing(java.util.Map.Entry::getValue, java.util.Comparator.reverseOrder()));
    int size = bytes(text);
    int next = 0;
    while (size > MAX_PROFILE_BYTES && next < candidates.size()) {
      // Drop by each trait's own size until the profile should fit, then write it once to see.
      int expected = size;
      while (expected > MAX_PROFILE_BYTES && next < candidates.size()) {
        java.util.Map.Entry<String, Integer> c = candidates.get(next++);
        traits.remove(c.getKey());
        dropped.add(c.getKey());
        expected -= c.getValue();
      }
      text = text(traits);
      size = bytes(text);
    }
    if (size > MAX_PROFILE_BYTES) {
      throw new TooLarge(personKey, size);
    }
    return text;
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
    ObjectNode own = traits(userId);
    merged.setAll(own);
    // Two profiles within the limit can make one over it: the user's own traits are kept.
    put(userId, fit(userId, merged, own, java.util.Set.of(), new java.util.ArrayList<>()));
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

  private static String text(ObjectNode traits) {
    try {
      return JSON.writeValueAsString(traits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The size of a profile's text in UTF-8 bytes, counted whenever it might be over the limit: a
   * character takes at most 3 bytes, so a text of at most a third of the limit in characters fits
   * without counting (its length is returned then).
   */
  private static int bytes(String text) {
    return text.length() * 3L <= MAX_PROFILE_BYTES
        ? text.length()
        : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** What one trait takes in a profile's text: {@code "name":value,} in UTF-8 bytes. */
  private static int entryBytes(String name, com.fasterxml.jackson.databind.JsonNode value) {
    try {
      return JSON.writeValueAsBytes(name).length + JSON.writeValueAsBytes(value).length + 2;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
