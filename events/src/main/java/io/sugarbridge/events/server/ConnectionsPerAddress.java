package io.sugarbridge.events.server;

import io.sugarbridge.events.ingest.TrustedProxies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections open at once from one client address: a connection over the cap is closed as
 * soon as it opens, so a few hundred slow clients from one address hold at most {@code max} request
 * threads and everyone else is still served. Added to the connector as a bean, which Jetty tells of
 * every connection opened and closed. A trusted proxy ({@code trusted_proxies}) is not capped: its
 * connections carry many clients, whose own limits apply to the address it forwards.
 */
final class ConnectionsPerAddress implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

  private final int max;
  private final TrustedProxies exempt;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
  private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  ConnectionsPerAddress(int max, TrustedProxies exempt) {
    this.max = max;
    this.exempt = exempt;
  }

  @Override
  public void onOpened(Connection connection) {
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return;
    }
    InetAddress address = inet.getAddress();
    if (exempt.trusts(address)) {
      return;
    }
    boolean[] admitted = new boolean[1];
    open.compute(
        address,
        (a, n) -> {
          int now = n == null ? 0 : n;
          admitted[0] = now < max;
          return admitted[0] ? Integer.valueOf(now + 1) : n;
        });
    if (!admitted[0]) {
      if (refused.getAndIncrement() % 1000 == 0) {
        LOG.warn(
            "closed a connection from {}: it already has {} open, the most allowed per address",
            address.getHostAddress(),
            max);
      }
      connection.getEndPoint().close();
      return;
    }
    counted.put(connection, address);
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = counted.remove(connection);
    if (address == null) {
      return;
    }
    open.computeIfPresent(address, (a, n) -> n <= 1 ? null : Integer.valueOf(n - 1));
  }

  /** Connections open now from {@code address} (as counted against the cap). */
  int openFrom(InetAddress address) {
    Integer n = open.get(address);
    return n == null ? 0 : n;
  }
}
