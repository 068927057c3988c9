package io.sugarbridge.events.ingest;

import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reverse proxies (load balancers, CDNs' edges, an nginx in front) whose word on a request's
 * client address is believed: the {@code trusted_proxies} setting, a list of addresses and CIDR
 * ranges. A request whose TCP peer is one of them was forwarded, and its client is the right-most
 * address in {@code X-Forwarded-For} (else {@code Forwarded: for=}, else {@code X-Real-IP}) that is
 * not itself a trusted proxy: each proxy appends the address it received the request from, so the
 * entries to the left of that one were written by the client and prove nothing. A request from any
 * other peer is that peer's, whatever its headers say. Only literal addresses are accepted, so
 * nothing here ever asks DNS.
 */
public final class TrustedProxies {
  /** Trusts no proxy: every request's client is its TCP peer (the default). */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final List<String> written;
  private final List<Range> ranges;

  private TrustedProxies(List<String> written, List<Range> ranges) {
    this.written = List.copyOf(written);
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Reads the {@code trusted_proxies} entries ({@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code
   * fd00::/8}).
   *
   * @throws ConfigurationException naming the setting and every entry that is not an address or a
   *     CIDR range
   */
  public static TrustedProxies of(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (String e : entries) {
      Range r = e == null ? null : Range.parse(e.strip());
      if (r == null) {
        problems.add(new ConfigProblem("trusted_proxies", notAnEntry(e), null));
      } else {
        ranges.add(r);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new TrustedProxies(entries.stream().map(String::strip).toList(), ranges);
  }

  /**
   * The problem with one {@code trusted_proxies} entry, or null when it is an address or a CIDR
   * range (the events file's reader checks each entry at its line with it).
   */
  public static String entryProblem(String entry) {
    return entry != null && Range.parse(entry.strip()) != null ? null : notAnEntry(entry);
  }

  private static String notAnEntry(String entry) {
    return "'"
        + entry
        + "' is not an IP address or CIDR range; write e.g. 10.0.0.7, 10.0.0.0/8 or"
        + " fd00::/8 (addresses only, no host names)";
  }

  /** The entries as configured. */
  public List<String> entries() {
    return written;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} is one of the trusted proxies. */
  public boolean trusts(InetAddress address) {
    for (Range r : ranges) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client a request came from: {@code peer} itself unless it is a trusted proxy; else the
   * right-most forwarded address that is not a trusted proxy (the left-most one when all are).
   * Should an entry not be an address (a client's own garbage, {@code unknown}), the last address
   * known for sure is the answer: the hop that forwarded it.
   *
   * @param xForwardedFor every {@code X-Forwarded-For} header, in order (each a comma-separated
   *     list)
   * @param forwarded every {@code Forwarded} header, in order; read when there is no
   *     X-Forwarded-For
   * @param xRealIp the {@code X-Real-IP} header, read when there is neither; may be null
   */
  public InetAddress clientOf(
      InetAddress peer, List<String> xForwardedFor, List<String> forwarded, String xRealIp) {
    if (!trusts(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String h : xForwardedFor) {
      for (String part : h.split(",")) {
        if (!part.isBlank()) {
          hops.add(part);
        }
      }
    }
    if (hops.isEmpty()) {
      for (String h : forwarded) {
        for (String element : h.split(",")) {
          for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
              hops.add(pair.substring(eq + 1));
            }
          }
        }
      }
    }
    if (hops.isEmpty() && xRealIp != null && !xRealIp.isBlank()) {
      hops.add(xRealIp);
    }
    InetAddress current = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = hopAddress(hops.get(i));
      if (hop == null) {
        return current;
      }
      current = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return current;
  }

  /** One forwarded entry as an address: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code "[::1]:80"}. */
  static InetAddress hopAddress(String entry) {
    String e = entry.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1).strip();
    }
    if (e.startsWith("[")) {
      int end = e.indexOf(']');
      if (end < 0) {
        return null;
      }
      e = e.substring(1, end);
    } else {
      int colon = e.indexOf(':');
      if (colon > 0 && colon == e.lastIndexOf(':') && e.indexOf('.') >= 0) {
        e = e.substring(0, colon); // an IPv4 address with its port
      }
    }
    return literal(e);
  }

  /** A literal IPv4 or IPv6 address, or null; never a name to look up. */
  static InetAddress literal(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (IPV4.matcher(text).matches()) {
      for (String octet : text.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return null;
        }
      }
    } else if (!IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return written.toString();
  }

  /** An address and how many of its leading bits must match. */
  private record Range(byte[] address, int bits) {
    static Range parse(String text) {
      String addr = text;
      String prefix = null;
      int slash = text.indexOf('/');
      if (slash >= 0) {
        addr = text.substring(0, slash);
        prefix = text.substring(slash + 1);
      }
      InetAddress a = literal(addr);
      if (a == null) {
        return null;
      }
      byte[] bytes = a.getAddress();
      int bits = bytes.length * 8;
      if (prefix != null) {
        if (!prefix.matches("\\d{1,3}")) {
          return null;
        }
        bits = Integer.parseInt(prefix);
        if (bits > bytes.length * 8) {
          return null;
        }
      }
      return new Range(bytes, bits);
    }

    boolean contains(InetAddress candidate) {
      byte[] c = candidate.getAddress();
      if (c.length != address.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (c[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (c[full] & mask) == (address[full] & mask);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s/%d", java.util.Arrays.toString(address), bits);
    }
  }
}
