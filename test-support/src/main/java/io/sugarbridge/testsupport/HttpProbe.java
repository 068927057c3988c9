package io.sugarbridge.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The status a URL answers a GET with, or -1 while nothing answers there (refused, reset, timed
 * out): what a test polls to know a server it started is up.
 */
public final class HttpProbe {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpProbe() {}

  /** The status of {@code GET url}, waiting at most {@code timeout} for it; -1 when none came. */
  public static int status(String url, Duration timeout) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
