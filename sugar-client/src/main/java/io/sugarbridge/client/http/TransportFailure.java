package io.sugarbridge.client.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Why a request got no answer.
 *
 * @param retryable whether the failure is worth another attempt at all
 * @param sentNothing whether it proves the request never reached Sugar (no connection was made), so
 *     that even a request that is not idempotent may be sent again
 */
record TransportFailure(String kind, boolean retryable, boolean sentNothing, String advice) {

  /** What an I/O failure of a request to {@code uri} means, and what to tell the user. */
  static TransportFailure classify(IOException e, URI uri) {
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new TransportFailure(
            "unknown host",
            false,
            true,
            "The host name '"
                + uri.getHost()
                + "' does not resolve: check instance_url and your network (DNS, VPN)");
      }
      if (t instanceof SSLException) {
        return new TransportFailure(
            "TLS failure",
            false,
            true,
            "The TLS handshake with "
                + host
                + " failed ("
                + t.getMessage()
                + "): check instance_url, and that the instance's certificate is trusted by this"
                + " Java runtime");
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new TransportFailure(
          "connect timeout",
          true,
          true,
          "Connecting to " + host + " timed out: check instance_url and network (proxy, firewall)");
    }
    if (e instanceof ConnectException) {
      return new TransportFailure(
          "connection refused",
          true,
          true,
          "Cannot connect to "
              + host
              + ": check instance_url and network, and that the instance is running");
    }
    if (e instanceof HttpTimeoutException) {
      return new TransportFailure(
          "timeout",
          true,
          false,
          "Sugar at " + host + " did not answer in time: retry later or raise the request timeout");
    }
    return new TransportFailure(
        "connection dropped",
        true,
        false,
        "The connection to "
            + host
            + " was closed without an answer ("
            + e.getClass().getSimpleName()
            + "): retry later; if it persists, check proxies between here and Sugar");
  }
}
