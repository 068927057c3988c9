package io.sugarbridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A TCP port free on this machine a moment ago, for a server that must be told its port before it
 * starts (a process of its own, a configuration file). Prefer port 0 wherever the server can report
 * the port it got.
 */
public final class FreePort {
  private FreePort() {}

  /** A port nothing listened on when asked. */
  public static int pick() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
