package io.sugarbridge.client.http;

import io.sugarbridge.client.error.InstanceUnreachableException;
import io.sugarbridge.client.error.SugarbridgeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests on the JDK {@link HttpClient}, retrying by the {@link RetryPolicy}: 429, 502,
 * 503, 504 and I/O failures, honouring {@code Retry-After}. At most {@code maxInFlight} requests
 * are on the wire at once across every thread using this transport (a slot is held per attempt, not
 * while waiting to retry), and request starts are paced to a per-second limit ({@link
 * RequestPacer}). Logs each attempt at debug as method, path, status and duration, never headers,
 * query strings or bodies with secrets.
 */
public final class SugarTransport {
  private static final Logger LOG = LoggerFactory.getLogger(SugarTransport.class);

  private final HttpClient http;
  private final RetryPolicy policy;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Duration requestTimeout;
  private final RequestPacer pacer;

  public SugarTransport(
      HttpClient http,
      RetryPolicy policy,
      int maxInFlight,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      Duration requestTimeout) {
    this(http, policy, maxInFlight, clock, sleeper, random, requestTimeout, 0);
  }

  /**
   * @param maxRequestsPerSecond request starts allowed per second across all threads, 0 for no
   *     limit
   */
  public SugarTransport(
      HttpClient http,
      RetryPolicy policy,
      int maxInFlight,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      Duration requestTimeout,
      double maxRequestsPerSecond) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.http = Objects.requireNonNull(http, "http");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.inFlight = new Semaphore(maxInFlight, true);
    this.maxInFlight = maxInFlight;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.pacer = RequestPacer.of(maxRequestsPerSecond, clock, sleeper);
  }

  public RetryPolicy policy() {
    return policy;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Sends one request, retrying as the policy allows, and returns the last answer (which may be an
   * error status the caller maps).
   *
   * @param logPath the path to log and to put in errors (no query string)
   * @throws InstanceUnreachableException when no answer came on any attempt
   */
  public SugarResponse execute(
      String method, URI uri, Map<String, String> headers, byte[] body, String logPath) {
    return execute(method, uri, headers, body, logPath, policy);
  }

  /**
   * Like {@link #execute(String, URI, Map, byte[], String)} with another retry rule for this one
   * request, e.g. {@link RetryPolicy#none()} for a request that must never be sent twice.
   */
  public SugarResponse execute(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String logPath,
      RetryPolicy policy) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    headers.forEach(rb::header);
    rb.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpRequest request = rb.build();

    Instant start = clock.instant();
    int attempt = 0;
    while (true) {
      attempt++;
      Instant attemptStart = clock.instant();
      HttpResponse<byte[]> response;
      try {
        response = send(request);
      } catch (IOException e) {
        Failure f = classify(e, uri);
        LOG.debug(
            "{} {} -> {} ({} ms, attempt {})",
            method,
            logPath,
            f.kind,
            millisSince(attemptStart),
            attempt);
        Duration delay = policy.delayAfter(attempt, null, random);
        if (!f.retryable || !policy.allowsAnother(attempt, elapsedSince(start), delay)) {
          throw new InstanceUnreachableException(
              f.advice + " (" + method + " " + logPath + ", " + attempt + " attempt(s))",
              e,
              f.retryable);
        }
        pause(delay);
        continue;
      }
      int status = response.statusCode();
      LOG.debug(
          "{} {} -> {} ({} ms, attempt {})",
          method,
          logPath,
          status,
          millisSince(attemptStart),
          attempt);
      if (!RetryPolicy.isRetryableStatus(status)) {
        return new SugarResponse(status, response.headers(), response.body(), attempt);
      }
      Duration retryAfter =
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
      Duration delay = policy.delayAfter(attempt, retryAfter, random);
      if (!policy.allowsAnother(attempt, elapsedSince(start), delay)) {
        return new SugarResponse(status, response.headers(), response.body(), attempt);
      }
      pause(delay);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      if (pacer != null) {
        pacer.awaitTurn();
      }
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SugarbridgeException("Interrupted while waiting for a free request slot", e);
    }
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SugarbridgeException("Interrupted while waiting for Sugar's answer", e);
    } finally {
      inFlight.release();
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SugarbridgeException("Interrupted while waiting to retry", e);
    }
  }

  private Duration elapsedSince(Instant start) {
    return Duration.between(start, clock.instant());
  }

  private long millisSince(Instant start) {
    return Duration.between(start, clock.instant()).toMillis();
  }

  private record Failure(String kind, boolean retryable, String advice) {}

  private static Failure classify(IOException e, URI uri) {
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new Failure(
            "unknown host",
            false,
            "The host name '"
                + uri.getHost()
                + "' does not resolve: check instance_url and your network (DNS, VPN)");
      }
      if (t instanceof SSLException) {
        return new Failure(
            "TLS failure",
            false,
            "The TLS handshake with "
                + host
                + " failed ("
                + t.getMessage()
                + "): check instance_url, and that the instance's certificate is trusted by this"
                + " Java runtime");
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new Failure(
          "connect timeout",
          true,
          "Connecting to " + host + " timed out: check instance_url and network (proxy, firewall)");
    }
    if (e instanceof ConnectException) {
      return new Failure(
          "connection refused",
          true,
          "Cannot connect to "
              + host
              + ": check instance_url and network, and that the instance is running");
    }
    if (e instanceof HttpTimeoutException) {
      return new Failure(
          "timeout",
          true,
          "Sugar at " + host + " did not answer in time: retry later or raise the request timeout");
    }
    return new Failure(
        "connection dropped",
        true,
        "The connection to "
            + host
            + " was closed without an answer ("
            + e.getClass().getSimpleName()
            + "): retry later; if it persists, check proxies between here and Sugar");
  }
}
