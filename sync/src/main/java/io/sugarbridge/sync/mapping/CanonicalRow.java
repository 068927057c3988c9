package io.sugarbridge.sync.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A row's field values in the one form every later stage uses, built once per row by {@link
 * RowMapper}: the values to send (a {@link LookupRef} where a parent id is still to be found), the
 * fingerprint the state store compares across runs, and the canonical JSON the state stores to show
 * field changes later (keys sorted at every level, lookups as {@code {"$lookup":
 * "Module.field=value"}}).
 *
 * <p>The fingerprint hashes the same canonical form plus the target ({@code module/mode}) and the
 * match rule's {@code field=value}, so a change to any of them means "send again"; existing state
 * files hold these exact fingerprints. It is computed when the row is built, since every row is
 * compared. The JSON is built the first time it is asked for, and only once: rows found unchanged,
 * most rows of a re-sync, never need it. Immutable and thread-safe.
 */
public final class CanonicalRow {
  // Sorted keys make both independent of the mapping order in the sync file.
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final Map<String, Object> values;
  private final String fingerprint;
  private volatile String json;

  /**
   * A row whose fingerprint was computed elsewhere (as {@link #of} does, or a test's stand-in).
   *
   * @param values field values in mapping order; null values are kept
   */
  public CanonicalRow(Map<String, Object> values, String fingerprint) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.fingerprint = fingerprint;
  }

  /**
   * The canonical form of {@code values} sent to {@code target}.
   *
   * @param target {@code module/mode}
   * @param match the match rule's {@code field=value}, or null when the row has no match value
   */
  static CanonicalRow of(Map<String, Object> values, String target, String match) {
    Map<String, Object> canonical = sorted(values);
    canonical.put("$target", target);
    if (match != null) {
      canonical.put("$match", match);
    }
    try {
      byte[] bytes = CANONICAL.writeValueAsBytes(canonical);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new CanonicalRow(values, HexFormat.of().formatHex(digest, 0, 16));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint row values", e);
    }
  }

  /** The values to send, in mapping order. */
  public Map<String, Object> values() {
    return values;
  }

  /** A hash of what would be sent and where, so any change there means "send again". */
  public String fingerprint() {
    return fingerprint;
  }

  /** The canonical JSON of the values, as the state store keeps it to show field changes. */
  public String json() {
    String built = json;
    if (built == null) {
      try {
        // Text, not UTF-8 bytes as for the fingerprint: Jackson escapes characters outside the
        // BMP in bytes but not in text, and state files hold the text form.
        built = CANONICAL.writeValueAsString(sorted(values));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      json = built;
    }
    return built;
  }

  private static Map<String, Object> sorted(Map<String, Object> values) {
    Map<String, Object> canonical = new TreeMap<>();
    values.forEach(
        (k, v) ->
            canonical.put(
                k,
                v instanceof LookupRef r
                    ? Map.of("$lookup", r.module() + "." + r.field() + "=" + r.value())
                    : v));
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CanonicalRow other
        && values.equals(other.values)
        && Objects.equals(fingerprint, other.fingerprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, fingerprint);
  }

  @Override
  public String toString() {
    return "CanonicalRow[values=" + values + ", fingerprint=" + fingerprint + "]";
  }
}
