package io.sugarbridge.events.ingest;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * The client a request is from: its TCP peer, or, when that is a trusted proxy, the address the
 * proxies forwarded (see {@link TrustedProxies}).
 */
final class ClientAddress {
  private static final InetAddress UNKNOWN_PEER = unknownPeer();

  private ClientAddress() {}

  static InetAddress of(Context ctx, TrustedProxies proxies) {
    // Jetty holds the peer's address already parsed: no text to parse on every request.
    org.eclipse.jetty.server.Request base =
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    InetSocketAddress socket = base == null ? null : base.getRemoteInetSocketAddress();
    InetAddress peer = socket == null ? null : socket.getAddress();
    if (peer == null) {
      String remote = ctx.req().getRemoteAddr();
      peer = remote == null ? null : TrustedProxies.literal(unbracket(remote));
    }
    if (peer == null) {
      peer = UNKNOWN_PEER;
    }
    if (proxies.isEmpty() || !proxies.trusts(peer)) {
      return peer;
    }
    return proxies.clientOf(
        peer,
        Collections.list(ctx.req().getHeaders("X-Forwarded-For")),
        Collections.list(ctx.req().getHeaders("Forwarded")),
        ctx.header("X-Real-IP"));
  }

  private static String unbracket(String address) {
    return address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1)
        : address;
  }

  private static InetAddress unknownPeer() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
