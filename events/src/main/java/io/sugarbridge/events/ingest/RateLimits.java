package io.sugarbridge.events.ingest;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * The two rate limits on events: the client address's ({@code rate_limit_per_address_per_second}),
 * taken first so one sender flooding does not use up the key it shares with every visitor, then the
 * write key's ({@code rate_limit_per_second}).
 */
final class RateLimits {
  private final IngestSettings settings;
  private final Refusals refusals;
  private final TokenBuckets<String> byKey;
  private final TokenBuckets<InetAddress> byAddress;

  RateLimits(IngestSettings settings, Clock clock, Refusals refusals) {
    this.settings = settings;
    this.refusals = refusals;
    this.byKey =
        new TokenBuckets<>(settings.ratePerSecond(), settings.burst(), Integer.MAX_VALUE, clock);
    this.byAddress =
        new TokenBuckets<>(
            settings.addressRatePerSecond(),
            settings.addressBurst(),
            IngestSettings.MAX_TRACKED_ADDRESSES,
            clock);
  }

  /**
   * Before a body is read: a 429 when the address, or the write key when it is known already, has
   * no token left; null (and nothing taken) otherwise.
   */
  IngestResponse beforeBody(InetAddress client, String keyName, String path, Instant now) {
    if (!byAddress.hasTokens(client)) {
      return addressLimited(client, keyName, path, now, byAddress.tryAcquire(client, 1), 1);
    }
    if (keyName != null && !byKey.hasTokens(keyName)) {
      return keyLimited(keyName, path, now, byKey.tryAcquire(keyName, 1), 1);
    }
    return null;
  }

  /**
   * Takes {@code events} from the client address's bucket, then from the write key's; a 429 naming
   * the limit hit (and nothing taken) when one is short, null when taken.
   */
  IngestResponse take(InetAddress client, String keyName, String path, Instant now, int events) {
    long waitMillis = byAddress.tryAcquire(client, events);
    if (waitMillis > 0) {
      return addressLimited(client, keyName, path, now, waitMillis, events);
    }
    waitMillis = byKey.tryAcquire(keyName, events);
    if (waitMillis > 0) {
      byAddress.giveBack(client, events);
      return keyLimited(keyName, path, now, waitMillis, events);
    }
    return null;
  }

  private IngestResponse keyLimited(
      String keyName, String path, Instant now, long waitMillis, int events) {
    long seconds = seconds(waitMillis);
    return refusals.limit(
        "rate_limited",
        "rate_limit_per_second",
        "over the limit of "
            + settings.ratePerSecond()
            + " events per second for write key "
            + keyName
            + " (rate_limit_per_second, shared by every sender of the key): retry after "
            + seconds
            + " s",
        seconds,
        keyName,
        path,
        now,
        events);
  }

  private IngestResponse addressLimited(
      InetAddress client, String keyName, String path, Instant now, long waitMillis, int events) {
    long seconds = seconds(waitMillis);
    return refusals.limit(
        "address_rate_limited",
        "rate_limit_per_address_per_second",
        "over the limit of "
            + settings.addressRatePerSecond()
            + " events per second from one client address ("
            + client.getHostAddress()
            + "; rate_limit_per_address_per_second): retry after "
            + seconds
            + " s",
        seconds,
        keyName,
        path,
        now,
        events);
  }

  private static long seconds(long waitMillis) {
    return Math.max(1, (waitMillis + 999) / 1000);
  }
}
