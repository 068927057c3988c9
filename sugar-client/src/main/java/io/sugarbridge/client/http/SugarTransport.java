package io.sugarbridge.client.http;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.InstanceUnreachableException;
import io.sugarbridge.common.error.SugarbridgeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP requests on the JDK {@link HttpClient}, retrying by the {@link RetryPolicy}: 429, 502,
 * 503, 504 and I/O failures for every request, 500 for idempotent ones, honouring {@code
 * Retry-After}. An answer is read through a bounded stream: past {@code maxResponseBytes} the
 * connection is dropped and the call fails with {@link ResponseTooLargeException}, so a huge or
 * endless answer can neither exhaust memory nor be retried. At most {@code maxInFlight} requests
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
  private final long maxResponseBytes;

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
    this(
        http,
        policy,
        maxInFlight,
        clock,
        sleeper,
        random,
        requestTimeout,
        maxRequestsPerSecond,
        (long) SugarClientConfig.defaultMaxResponseMb() << 20);
  }

  /**
   * @param maxResponseBytes the largest answer body read; a larger one fails the call
   */
  public SugarTransport(
      HttpClient http,
      RetryPolicy policy,
      int maxInFlight,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      Duration requestTimeout,
      double maxRequestsPerSecond,
      long maxResponseBytes) {
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException(
          "maxResponseBytes must be at least 1, got " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
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

  /** The largest answer body this transport reads. */
  public long maxResponseBytes() {
    return maxResponseBytes;
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
    return execute(
        method,
        uri,
        headers,
        body,
        logPath,
        policy,
        RetryPolicy.isIdempotent(method, logPath, headers));
  }

  /**
   * Like {@link #execute(String, URI, Map, byte[], String, RetryPolicy)}, stating whether the
   * request is idempotent and so may be retried on a 500 ({@link RetryPolicy}).
   */
  public SugarResponse execute(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      String logPath,
      RetryPolicy policy,
      boolean idempotent) {
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
        response = send(request, method, logPath);
      } catch (IOException e) {
        TransportFailure f = TransportFailure.classify(e, uri);
        LOG.debug(
            "{} {} -> {} ({} ms, attempt {})",
            method,
            logPath,
            f.kind(),
            millisSince(attemptStart),
            attempt);
        Duration delay = policy.delayAfter(attempt, null, random);
        // A timeout or a connection dropped after the request went out may follow work Sugar did:
        // only a request whose repetition does no harm is sent again (RetryPolicy).
        boolean again = f.retryable() && (idempotent || f.sentNothing());
        if (!again || !policy.allowsAnother(attempt, elapsedSince(start), delay)) {
          throw new InstanceUnreachableException(
              f.advice() + " (" + method + " " + logPath + ", " + attempt + " attempt(s))",
              e,
              f.retryable());
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
      if (!RetryPolicy.isRetryableStatus(status, idempotent)) {
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

  private HttpResponse<byte[]> send(HttpRequest request, String method, String logPath)
      throws IOException {
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
      HttpResponse<InputStream> streamed =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return BoundedResponse.read(streamed, maxResponseBytes, method, logPath);
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
}
