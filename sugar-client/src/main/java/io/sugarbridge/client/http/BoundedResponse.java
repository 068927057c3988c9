package io.sugarbridge.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A streamed answer whose body has been read into memory within a bound ({@link #read}); past the
 * bound the call fails with {@link ResponseTooLargeException}.
 */
record BoundedResponse(HttpResponse<InputStream> streamed, byte[] body)
    implements HttpResponse<byte[]> {

  /**
   * Reads the body of {@code response}, at most {@code maxResponseBytes}, never more: a declared
   * {@code Content-Length} over the bound fails before reading, an undeclared one as soon as the
   * bound is passed. Closing the stream early drops the connection, so the rest is never
   * transferred.
   */
  static BoundedResponse read(
      HttpResponse<InputStream> response, long maxResponseBytes, String method, String logPath)
      throws IOException {
    try (InputStream in = response.body()) {
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxResponseBytes) {
        throw new ResponseTooLargeException(method, logPath, maxResponseBytes, declared);
      }
      if (declared >= 0) {
        // Announced and within the bound: read into an array of exactly that size.
        byte[] exact = in.readNBytes((int) declared);
        if (in.read() != -1) {
          throw new ResponseTooLargeException(method, logPath, maxResponseBytes, -1);
        }
        return new BoundedResponse(response, exact);
      }
      // Chunks rather than a doubling buffer: at most the bound plus one copy is ever held.
      List<byte[]> chunks = new ArrayList<>();
      long total = 0;
      while (true) {
        byte[] chunk = in.readNBytes(256 * 1024);
        if (chunk.length == 0) {
          break;
        }
        total += chunk.length;
        if (total > maxResponseBytes) {
          throw new ResponseTooLargeException(method, logPath, maxResponseBytes, -1);
        }
        chunks.add(chunk);
      }
      byte[] out = new byte[(int) total];
      int at = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, out, at, c.length);
        at += c.length;
      }
      return new BoundedResponse(response, out);
    }
  }

  @Override
  public int statusCode() {
    return streamed.statusCode();
  }

  @Override
  public HttpRequest request() {
    return streamed.request();
  }

  @Override
  public Optional<HttpResponse<byte[]>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return streamed.headers();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return streamed.sslSession();
  }

  @Override
  public URI uri() {
    return streamed.uri();
  }

  @Override
  public HttpClient.Version version() {
    return streamed.version();
  }
}
