package io.sugarbridge.events.debugger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.sugarbridge.events.config.EventsConfig.DebuggerAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The event debugger's pages: {@code GET /debugger} (the page) and {@code GET /debugger/events}
 * (the last events as JSON, {@code ?limit=N}). They show people's personal data, so with {@code
 * debugger: local} they answer only to this machine (see {@link #refused}).
 */
public final class DebuggerRoutes {
  /** How many events the debugger keeps, and the most {@code /debugger/events} shows. */
  public static final int CAPACITY = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  // Headers a proxy adds: a request carrying any of them was forwarded, so is not local.
  private static final List<String> PROXY_HEADERS =
      List.of(
          "X-Forwarded-For",
          "Forwarded",
          "X-Real-IP",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Forwarded-Server",
          "X-Client-IP",
          "X-Cluster-Client-IP",
          "True-Client-IP",
          "CF-Connecting-IP",
          "Fastly-Client-IP",
          "X-ProxyUser-Ip",
          "Via");

  private final EventDebugger debugger;
  private final DebuggerAccess access;
  private final String listenHost;
  private final IntSupplier port;

  /**
   * @param listenHost the collector's configured listen host, which a {@code Host} header may name
   * @param port the port the collector listens on, for the addresses the refusals suggest
   */
  public DebuggerRoutes(
      EventDebugger debugger, DebuggerAccess access, String listenHost, IntSupplier port) {
    this.debugger = debugger;
    this.access = access;
    this.listenHost = listenHost;
    this.port = port;
  }

  /** Adds the debugger's routes to {@code app}. */
  public void register(Javalin app) {
    app.get(
        "/debugger",
        ctx -> {
          if (refused(ctx)) {
            return;
          }
          ctx.contentType(ContentType.TEXT_HTML).result(page());
        });
    app.get(
        "/debugger/events",
        ctx -> {
          if (refused(ctx)) {
            return;
          }
          String limit = ctx.queryParam("limit");
          int n = 100;
          if (limit != null) {
            try {
              n = Math.max(1, Math.min(CAPACITY, Integer.parseInt(limit)));
            } catch (NumberFormatException e) {
              ctx.status(400).json(error("limit must be a whole number, e.g. 100"));
              return;
            }
          }
          ctx.contentType(ContentType.APPLICATION_JSON).result(debugger.recent(n).toString());
        });
  }

  /**
   * Answers 403 and returns true when the debugger may not be shown to this request: with {@code
   * debugger: local}, only to a loopback client whose request no proxy forwarded (a reverse proxy
   * on this machine would otherwise pass the whole internet through as "local"), and whose {@code
   * Host} names this collector (a page from another site whose name was re-bound to 127.0.0.1 sends
   * its own name there, so the operator's browser cannot be used to read the debugger).
   */
  private boolean refused(Context ctx) {
    if (access == DebuggerAccess.OPEN) {
      return false;
    }
    boolean local;
    try {
      local = InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      local = false;
    }
    for (String h : PROXY_HEADERS) {
      if (ctx.header(h) != null) {
        local = false;
      }
    }
    if (local && !isOwnHost(ctx.header("Host"))) {
      ctx.status(403)
          .json(
              error(
                  "the event debugger answers only to its own address (Host "
                      + clipHost(ctx.header("Host"))
                      + " is not this collector); open http://127.0.0.1:"
                      + port.getAsInt()
                      + "/debugger"));
      return true;
    }
    if (!local) {
      ctx.status(403)
          .json(
              error(
                  "the event debugger shows people's personal data, so it answers only on the"
                      + " collector's own machine (e.g. http://127.0.0.1:"
                      + port.getAsInt()
                      + "/debugger); set debugger: open in the events file to show it to"
                      + " everyone who can reach the collector"));
    }
    return !local;
  }

  /**
   * Whether a Host header names this collector: a loopback address, localhost, or the configured
   * listen host. Any port: an SSH tunnel forwards from a port of its own. A name re-bound by DNS
   * (what a rebinding page sends) is none of these.
   */
  private boolean isOwnHost(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    String name;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      name = h.substring(1, end);
    } else {
      int colon = h.lastIndexOf(':');
      if (colon >= 0 && h.indexOf(':') != colon) {
        return false; // a bare IPv6 address is not a valid Host
      }
      name = colon < 0 ? h : h.substring(0, colon);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.equals(listenHost.toLowerCase(Locale.ROOT))) {
      return true;
    }
    // Only literal addresses: a name would need a DNS lookup, which is what rebinding abuses.
    boolean literal =
        name.matches("[0-9.]+") || (name.contains(":") && name.matches("[0-9a-f:.]+"));
    if (!literal) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(name);
      return a.isLoopbackAddress() || a.equals(InetAddress.getByName(listenHost));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String clipHost(String host) {
    if (host == null) {
      return "(none)";
    }
    return host.length() > 80 ? host.substring(0, 80) + "..." : host;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("success", false).put("error", message);
  }

  private static String page() {
    try (InputStream in = DebuggerRoutes.class.getResourceAsStream("debugger.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
