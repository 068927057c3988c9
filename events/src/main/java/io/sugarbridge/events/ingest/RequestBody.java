package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body, read within its limits and decoded strictly: the size limit (announced or, for
 * gzip, after decompression), the time it may take to arrive, gzip or no encoding, strict UTF-8,
 * and exactly one JSON object. Each refusal is a {@link Problem} with the status and message the
 * sender gets.
 */
final class RequestBody {
  /** The longest a request body may take to arrive, in full; a slower one gets 408. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  // Two documents, or anything after the first, are refused rather than silently dropped.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private RequestBody() {}

  /** Where the body's bytes come from. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  /** What the admission reserves for: the announced size, else the most the body may be. */
  static long expectedBytes(String contentEncoding, long declaredLength, int limit) {
    return plain(contentEncoding) && declaredLength >= 0 ? Math.min(declaredLength, limit) : limit;
  }

  /**
   * The body, decompressed, of a batch ({@code batch}) or a single event.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when not announced
   */
  static byte[] read(
      Source raw, String contentEncoding, long declaredLength, int limit, boolean batch)
      throws Problem {
    byte[] body;
    try {
      body = readWithin(raw, contentEncoding, declaredLength, limit);
    } catch (DeadlineInputStream.Expired e) {
      throw new Problem(
          408,
          "body_timeout",
          "the request body did not arrive within "
              + TIMEOUT.toSeconds()
              + " s, the longest a body may take; send it at once",
          true);
    } catch (IOException e) {
      throw new Problem(
          400, "malformed_json", "the request body could not be read: " + e.getMessage());
    }
    if (body == null) {
      throw new Problem(
          413,
          "too_large",
          (batch ? "the batch" : "the event")
              + " is over the limit of "
              + limit
              + " bytes"
              + (batch ? " per batch: send fewer events per batch" : " per event"));
    }
    return body;
  }

  /** The body as a JSON object: strict UTF-8, one JSON document and nothing after it. */
  static ObjectNode decode(byte[] body, boolean batch) throws Problem {
    int badByte = Utf8.firstInvalid(body);
    if (badByte >= 0) {
      throw new Problem(
          400,
          "malformed_json",
          "the body is not valid UTF-8 (byte offset "
              + badByte
              + ": an invalid or overlong sequence); send JSON encoded as UTF-8");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      boolean trailing =
          e instanceof MismatchedInputException
              && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token");
      throw new Problem(
          400,
          "malformed_json",
          (trailing
                  ? "malformed JSON: unexpected data after the JSON document; send exactly one"
                      + " JSON object per request"
                  : "malformed JSON: " + e.getOriginalMessage())
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException e) {
      throw new Problem(400, "malformed_json", "malformed JSON");
    }
    if (!(root instanceof ObjectNode object)) {
      throw new Problem(
          400,
          "malformed_json",
          "the body must be a JSON object" + (batch ? " with a batch array" : ""));
    }
    return object;
  }

  private static boolean plain(String encoding) {
    return encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity");
  }

  /** The decompressed body, or null when it is over {@code limit} bytes. */
  private static byte[] readWithin(Source raw, String encoding, long declared, int limit)
      throws IOException, Problem {
    boolean gzip = false;
    if (!plain(encoding)) {
      if (!encoding.trim().equalsIgnoreCase("gzip")) {
        throw new Problem(
            415,
            "unsupported_encoding",
            "Content-Encoding " + encoding + " is not supported: send gzip or no encoding");
      }
      gzip = true;
    }
    if (declared > limit) {
      return null;
    }
    InputStream in = new DeadlineInputStream(raw.open(), TIMEOUT);
    if (!gzip && declared >= 0) {
      // The usual case: read exactly what was announced, without growing buffers.
      byte[] bytes = in.readNBytes((int) declared);
      if (bytes.length < declared) {
        throw new IOException(
            "the body ended after " + bytes.length + " of " + declared + " announced bytes");
      }
      return bytes;
    }
    if (gzip) {
      try {
        in = new GZIPInputStream(in);
      } catch (ZipException e) {
        throw new Problem(
            400, "malformed_json", "the body is not gzip data (Content-Encoding: gzip)");
      }
    }
    try {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    } catch (ZipException | EOFException e) {
      throw new Problem(
          400, "malformed_json", "the body is not valid gzip data (Content-Encoding: gzip)");
    }
  }

  /** A body that cannot be taken as sent: the status, reason and message the sender gets. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;
    final boolean closeConnection;

    Problem(int status, String reason, String message) {
      this(status, reason, message, false);
    }

    Problem(int status, String reason, String message, boolean closeConnection) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
      this.closeConnection = closeConnection;
    }
  }
}
