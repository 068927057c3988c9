package io.sugarbridge.events.ingest;

import io.sugarbridge.common.config.Secret;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ingest endpoints accept: the write keys (a display name for each, never shown: the key),
 * the browser origins allowed to post directly, the rate limits (per client address, and per write
 * key as the ceiling for all its senders), the body size limits and the reverse proxies trusted to
 * name the client. Built by the events configuration reader from {@code events.yaml}; the
 * constructor checks every setting and reports all problems at once, each named as it is written in
 * the file.
 *
 * @param writeKeys display name to key, in the order configured; at least one
 * @param allowedOrigins origins ({@code https://www.example.com}) whose browsers may post; {@code
 *     *} allows any origin; empty allows none (server-side senders need no CORS)
 * @param ratePerSecond events per second accepted per write key, from all its senders together
 *     (token bucket refill rate)
 * @param burst events a write key may send at once above the steady rate (bucket size)
 * @param maxEventBytes the largest single event, in bytes of JSON (Segment's limit: 32 KB)
 * @param maxBatchBytes the largest request body after decompression (Segment's limit: 500 KB)
 * @param addressRatePerSecond events per second accepted from one client address, checked before
 *     the write key's limit so that one sender cannot use up a key every visitor's browser shares
 * @param addressBurst events one client address may send at once above its steady rate
 * @param trustedProxies the reverse proxies whose forwarded-for headers name the client
 */
public record IngestSettings(
    Map<String, Secret> writeKeys,
    List<String> allowedOrigins,
    int ratePerSecond,
    int burst,
    int maxEventBytes,
    int maxBatchBytes,
    int addressRatePerSecond,
    int addressBurst,
    TrustedProxies trustedProxies) {

  /**
   * Per write key: four times one address's limit, so that a single sender at its own limit takes a
   * quarter of what the key may send and every other visitor still gets through.
   */
  public static final int DEFAULT_RATE_PER_SECOND = 2000;

  public static final int DEFAULT_BURST = 4000;

  /**
   * Per client address: Segment asks senders to stay under 500 requests per second; a server-side
   * library flushes batches of 15 (analytics-node) to 100 (analytics-python) events, a few times a
   * second, so 500 events per second with a burst of 1000 (two full flushes of the largest library
   * default at once, with room) is never reached by one backend in normal use.
   */
  public static final int DEFAULT_ADDRESS_RATE_PER_SECOND = 500;

  public static final int DEFAULT_ADDRESS_BURST = 1000;

  /**
   * How many client addresses' buckets are kept at once (about 100 bytes each); beyond it, full
   * buckets are dropped first (see {@link TokenBuckets}).
   */
  public static final int MAX_TRACKED_ADDRESSES = 65_536;

  public static final int DEFAULT_MAX_EVENT_BYTES = 32 * 1024;
  public static final int DEFAULT_MAX_BATCH_BYTES = 500 * 1024;

  /**
   * The largest trait (its name and JSON value) an event may carry: traits are kept in the person's
   * profile, read and rewritten on every event of theirs.
   */
  public static final int MAX_TRAIT_BYTES = 8 * 1024;

  /** How many times {@link #maxBatchBytes} a batch may take once stored (see below). */
  public static final int STORED_BATCH_FACTOR = 4;

  public IngestSettings {
    List<ConfigProblem> problems = new ArrayList<>();
    if (writeKeys == null || writeKeys.isEmpty()) {
      problems.add(
          problem(
              "write_keys", "at least one write key is needed, e.g. [\"${EVENTS_WRITE_KEY}\"]"));
      writeKeys = Map.of();
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Secret> e : writeKeys.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isBlank()) {
        problems.add(problem("write_keys", "every write key needs a name"));
        continue;
      }
      Secret key = e.getValue();
      if (key == null || key.isEmpty() || key.reveal().isBlank()) {
        problems.add(
            problem(
                "write_keys." + name, "the write key is empty; is its environment variable set?"));
        continue;
      }
      String earlier = seen.putIfAbsent(key.reveal(), name);
      if (earlier != null) {
        problems.add(
            problem("write_keys." + name, "the same key as write key " + earlier + "; remove one"));
      }
    }
    if (allowedOrigins == null) {
      allowedOrigins = List.of();
    }
    for (String origin : allowedOrigins) {
      String why = originProblem(origin);
      if (why != null) {
        problems.add(problem("allowed_origins", why));
      }
    }
    atLeastOne(problems, "rate_limit_per_second", ratePerSecond, PER_WRITE_KEY);
    atLeastOne(problems, "rate_limit_burst", burst, "");
    atLeastOne(
        problems, "rate_limit_per_address_per_second", addressRatePerSecond, PER_CLIENT_ADDRESS);
    atLeastOne(problems, "rate_limit_per_address_burst", addressBurst, "");
    if (maxEventBytes < 1024) {
      problems.add(problem("max_event_bytes", "must be at least 1024, was " + maxEventBytes));
    }
    if (maxBatchBytes < maxEventBytes) {
      problems.add(
          problem(
              "max_batch_bytes",
              "must be at least max_event_bytes (" + maxEventBytes + "), was " + maxBatchBytes));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    writeKeys = Collections.unmodifiableMap(new LinkedHashMap<>(writeKeys));
    allowedOrigins = List.copyOf(allowedOrigins);
    if (trustedProxies == null) {
      trustedProxies = TrustedProxies.NONE;
    }
  }

  /** The settings without the per-address limits and proxies, which take their defaults. */
  public IngestSettings(
      Map<String, Secret> writeKeys,
      List<String> allowedOrigins,
      int ratePerSecond,
      int burst,
      int maxEventBytes,
      int maxBatchBytes) {
    this(
        writeKeys,
        allowedOrigins,
        ratePerSecond,
        burst,
        maxEventBytes,
        maxBatchBytes,
        DEFAULT_ADDRESS_RATE_PER_SECOND,
        DEFAULT_ADDRESS_BURST,
        TrustedProxies.NONE);
  }

  /** The given write keys with every other setting at its default (no browser origins). */
  public static IngestSettings of(Map<String, Secret> writeKeys) {
    return new IngestSettings(
        writeKeys,
        List.of(),
        DEFAULT_RATE_PER_SECOND,
        DEFAULT_BURST,
        DEFAULT_MAX_EVENT_BYTES,
        DEFAULT_MAX_BATCH_BYTES);
  }

  public IngestSettings withAllowedOrigins(List<String> origins) {
    return new IngestSettings(
        writeKeys,
        origins,
        ratePerSecond,
        burst,
        maxEventBytes,
        maxBatchBytes,
        addressRatePerSecond,
        addressBurst,
        trustedProxies);
  }

  /** With the per-write-key limit set. */
  public IngestSettings withRateLimit(int perSecond, int burstSize) {
    return new IngestSettings(
        writeKeys,
        allowedOrigins,
        perSecond,
        burstSize,
        maxEventBytes,
        maxBatchBytes,
        addressRatePerSecond,
        addressBurst,
        trustedProxies);
  }

  /** With the per-client-address limit set. */
  public IngestSettings withAddressRateLimit(int perSecond, int burstSize) {
    return new IngestSettings(
        writeKeys,
        allowedOrigins,
        ratePerSecond,
        burst,
        maxEventBytes,
        maxBatchBytes,
        perSecond,
        burstSize,
        trustedProxies);
  }

  public IngestSettings withBodyLimits(int eventBytes, int batchBytes) {
    return new IngestSettings(
        writeKeys,
        allowedOrigins,
        ratePerSecond,
        burst,
        eventBytes,
        batchBytes,
        addressRatePerSecond,
        addressBurst,
        trustedProxies);
  }

  public IngestSettings withTrustedProxies(TrustedProxies proxies) {
    return new IngestSettings(
        writeKeys,
        allowedOrigins,
        ratePerSecond,
        burst,
        maxEventBytes,
        maxBatchBytes,
        addressRatePerSecond,
        addressBurst,
        proxies);
  }

  /**
   * The most a batch may take in the journal once expanded: each of its events is stored with the
   * batch's {@code context} and {@code integrations} copied in, and with the collector's own fields
   * (ids, times), so a small body can store far more than it sent. 4 x max_batch_bytes (2 MB by
   * default).
   */
  public long maxStoredBatchBytes() {
    return (long) STORED_BATCH_FACTOR * maxBatchBytes;
  }

  /** Whether a browser page from {@code origin} may post events. */
  public boolean allowsOrigin(String origin) {
    if (origin == null) {
      return false;
    }
    for (String allowed : allowedOrigins) {
      if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }

  /** What {@link #atLeastOne} says a per-write-key rate counts. */
  public static final String PER_WRITE_KEY = " (events per second per write key)";

  /** What {@link #atLeastOne} says a per-address rate counts. */
  public static final String PER_CLIENT_ADDRESS = " (events per second per client address)";

  /**
   * The problem with a rate limit or burst below 1, or null: {@code what} says what it counts
   * ({@link #PER_WRITE_KEY}, {@link #PER_CLIENT_ADDRESS} or nothing).
   */
  public static String atLeastOne(int value, String what) {
    return value < 1 ? "must be at least 1" + what + ", was " + value : null;
  }

  private static void atLeastOne(
      List<ConfigProblem> problems, String setting, int value, String what) {
    String why = atLeastOne(value, what);
    if (why != null) {
      problems.add(problem(setting, why));
    }
  }

  /**
   * Why {@code origin} may not be an {@code allowed_origins} entry (with what to write), or null
   * when it is a bare origin or {@code *}.
   */
  public static String originProblem(String origin) {
    if (origin == null || origin.isBlank()) {
      return "an empty origin; write it like https://www.example.com";
    }
    if (origin.equals("*")) {
      return null;
    }
    try {
      URI uri = new URI(origin);
      boolean bare =
          uri.getScheme() != null
              && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
              && uri.getHost() != null
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      if (bare) {
        return null;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return "'"
        + origin
        + "' is not an origin; write scheme, host and optional port only, like"
        + " https://www.example.com or http://localhost:3000 (no path, no trailing slash)";
  }

  private static ConfigProblem problem(String setting, String message) {
    return new ConfigProblem(setting, message, null);
  }

  @Override
  public String toString() {
    // writeKeys' values are Secrets, so the default rendering would already be redacted; this
    // keeps it short and names only the keys' display names.
    return "IngestSettings[writeKeys="
        + writeKeys.keySet()
        + ", allowedOrigins="
        + allowedOrigins
        + ", ratePerSecond="
        + ratePerSecond
        + ", burst="
        + burst
        + ", maxEventBytes="
        + maxEventBytes
        + ", maxBatchBytes="
        + maxBatchBytes
        + ", addressRatePerSecond="
        + addressRatePerSecond
        + ", addressBurst="
        + addressBurst
        + ", trustedProxies="
        + trustedProxies
        + "]";
  }
}
