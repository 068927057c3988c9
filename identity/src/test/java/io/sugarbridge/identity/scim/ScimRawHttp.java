package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A SCIM client for tests that sends UTF-8 bytes and keeps the answer's raw bytes, so a test sees
 * exactly what went over the wire (a String body handler would guess a charset and hide a wrong
 * one).
 */
final class ScimRawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String authorization;

  ScimRawHttp(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** One answer: status, Content-Type header and the body's bytes as received. */
  record Raw(int status, String contentType, byte[] bytes) {
    /** The body parsed from its bytes as UTF-8. */
    JsonNode json() {
      try {
        return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Whether the body holds {@code text} encoded as UTF-8, byte for byte. */
    boolean holdsUtf8(String text) {
      byte[] needle = text.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
          return true;
        }
      }
      return false;
    }
  }

  Raw send(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/scim+json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Raw(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
