package io.sugarbridge.common.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.util.JavalinBindException;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;

/**
 * The one way sugarbridge builds an HTTP server: Javalin on one Jetty connector, without Javalin's
 * banner, with a request size limit (a larger body is refused with 413), an idle timeout for slow
 * or silent clients, an optional access log line per request, and a bind failure (a busy port, an
 * address not of this machine) reported as a {@link ConfigurationException} in one line that names
 * the fix. Build it, add routes to {@link #app()}, then {@link #start()}; {@link #close()} stops
 * accepting and finishes the requests in progress.
 */
public final class WebServer implements AutoCloseable {
  private static final String STARTED = "sugarbridge.web.started";

  private final Javalin app;
  private final Builder settings;
  private boolean closed;

  private WebServer(Javalin app, Builder settings) {
    this.app = app;
    this.settings = settings;
  }

  /** A server that will listen on {@code host:port} (port 0 picks a free one). */
  public static Builder on(String host, int port) {
    return new Builder(host, port);
  }

  /** The Javalin application, to add routes and handlers to before {@link #start()}. */
  public Javalin app() {
    return app;
  }

  /**
   * Starts listening.
   *
   * @throws ConfigurationException naming {@link Builder#bindFixes the setting} when the port is in
   *     use or the address cannot be listened on; the server is stopped then
   */
  public WebServer start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      close();
      ConfigurationException bind = bindFailure(e);
      if (bind == null) {
        throw e;
      }
      throw bind;
    }
    return this;
  }

  /** The port listened on (the actual one when 0 was asked for). */
  public int port() {
    return app.port();
  }

  /** Stops accepting and finishes the requests in progress; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    app.stop();
  }

  /**
   * A failure to bind as one line the person starting the server can act on, or null when the
   * failure was not about binding.
   */
  ConfigurationException bindFailure(RuntimeException e) {
    boolean bind = false;
    boolean inUse = false;
    String reason = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      bind |= t instanceof BindException || t instanceof JavalinBindException;
      // Javalin calls every failed bind "Port already in use"; the JDK's own exception says which.
      if (t instanceof BindException && t.getMessage() != null) {
        inUse |= t.getMessage().toLowerCase(Locale.ROOT).contains("in use");
      }
      if (t.getCause() == null) {
        reason = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      }
    }
    if (!bind) {
      return null;
    }
    String message =
        inUse
            ? "Port "
                + settings.port
                + " on "
                + settings.host
                + " is in use; stop the other process or "
                + settings.inUseFix
            : "Cannot listen on "
                + settings.host
                + ":"
                + settings.port
                + " ("
                + reason
                + "); "
                + settings.addressFix;
    return new ConfigurationException(List.of(new ConfigProblem(settings.setting, message, null)));
  }

  /** How the server is built; every setting has a default that suits a production server. */
  public static final class Builder {
    private final String host;
    private final int port;
    private long maxRequestBytes = 1_000_000;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private final List<Connection.Listener> connectionListeners = new ArrayList<>();
    private Logger accessLog;
    private boolean ignoreTrailingSlashes;
    private boolean compression = true;
    private String setting = "--port";
    private String inUseFix = "pass --port N";
    private String addressFix = "pass --host with an address of this machine, or another --port N";

    private Builder(String host, int port) {
      this.host = host;
      this.port = port;
    }

    /** The largest request body Javalin reads (a larger one is answered 413); default 1 MB. */
    public Builder maxRequestBytes(long bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * A connection that sends nothing for this long, mid-request or between requests, is closed;
     * default 30 s (Jetty's).
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Told of every connection opened and closed, e.g. to cap connections per address. */
    public Builder connectionListener(Connection.Listener listener) {
      connectionListeners.add(listener);
      return this;
    }

    /** Logs one line per request to {@code log}: method, path, status and milliseconds. */
    public Builder accessLog(Logger log) {
      this.accessLog = log;
      return this;
    }

    /** {@code /a/} is routed as {@code /a}. */
    public Builder ignoreTrailingSlashes() {
      this.ignoreTrailingSlashes = true;
      return this;
    }

    /** Answers are sent as they are, never gzip- or brotli-compressed. */
    public Builder withoutCompression() {
      this.compression = false;
      return this;
    }

    /**
     * What a bind failure tells the person to change: the setting it names (default {@code
     * --port}), the fix after "stop the other process or" when the port is in use (default "pass
     * --port N"), and the fix when the address cannot be listened on.
     */
    public Builder bindFixes(String setting, String inUseFix, String addressFix) {
      this.setting = setting;
      this.inUseFix = inUseFix;
      this.addressFix = addressFix;
      return this;
    }

    /** The server, not yet listening. */
    public WebServer build() {
      Javalin app = Javalin.create(this::configure);
      if (accessLog != null) {
        Logger log = accessLog;
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after(
            ctx -> {
              Long started = ctx.attribute(STARTED);
              long ms = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
              log.info("{} {} -> {} ({} ms)", ctx.method(), ctx.path(), ctx.statusCode(), ms);
            });
      }
      return new WebServer(app, this);
    }

    private void configure(JavalinConfig c) {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = maxRequestBytes;
      if (ignoreTrailingSlashes) {
        c.router.ignoreTrailingSlashes = true;
      }
      if (!compression) {
        c.http.disableCompression();
      }
      Consumer<ServerConnector> tune =
          connector -> {
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(idleTimeout.toMillis());
            connectionListeners.forEach(connector::addBean);
          };
      c.jetty.addConnector(
          (server, http) -> {
            ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http));
            tune.accept(connector);
            return connector;
          });
    }
  }
}
