package io.sugarbridge.events.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A request body's limits and strict decoding: bytes in, a JSON object or a refusal out. */
class RequestBodyTest {
  private static byte[] read(byte[] sent, String encoding, long declared, int limit)
      throws RequestBody.Problem {
    return RequestBody.read(() -> new ByteArrayInputStream(sent), encoding, declared, limit, true);
  }

  private static RequestBody.Problem problem(byte[] sent, String encoding, long declared) {
    return catchThrowableOfType(
        RequestBody.Problem.class, () -> read(sent, encoding, declared, 100));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aBodyIsReadAsAnnouncedOrGunzippedWithinItsLimit() throws Exception {
    byte[] body = "{\"a\":1}".getBytes(UTF_8);

    assertThat(read(body, null, body.length, 100)).isEqualTo(body);
    assertThat(read(body, "identity", -1, 100)).isEqualTo(body);
    assertThat(read(gzip(body), " GZIP ", -1, 100)).isEqualTo(body);
  }

  @Test
  void overTheLimitAnnouncedOrDecompressedIs413() throws Exception {
    RequestBody.Problem announced = problem(new byte[10], null, 101);
    RequestBody.Problem expanded = problem(gzip(new byte[101]), "gzip", -1);

    assertThat(announced.status).isEqualTo(413);
    assertThat(announced.getMessage())
        .isEqualTo(
            "the batch is over the limit of 100 bytes per batch: send fewer events per batch");
    assertThat(expanded.status).isEqualTo(413);
  }

  @Test
  void anotherEncodingIs415AndBrokenGzipOrAShortBody400() throws Exception {
    assertThat(problem(new byte[1], "br", -1).status).isEqualTo(415);
    assertThat(problem(new byte[1], "br", -1).reason).isEqualTo("unsupported_encoding");
    RequestBody.Problem notGzip = problem("plain text".getBytes(UTF_8), "gzip", -1);
    assertThat(notGzip.status).isEqualTo(400);
    assertThat(notGzip.getMessage()).contains("gzip");
    RequestBody.Problem shortBody = problem(new byte[5], null, 10);
    assertThat(shortBody.getMessage())
        .isEqualTo(
            "the request body could not be read: the body ended after 5 of 10 announced bytes");
  }

  @Test
  void onlyOneJsonObjectInStrictUtf8IsDecoded() throws Exception {
    assertThat(RequestBody.decode("{\"a\":1}".getBytes(UTF_8), true).get("a").asInt()).isEqualTo(1);

    assertThatThrownBy(
            () -> RequestBody.decode(new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'}, true))
        .hasMessageStartingWith("the body is not valid UTF-8 (byte offset 1");
    assertThatThrownBy(() -> RequestBody.decode("{} {}".getBytes(UTF_8), true))
        .hasMessageStartingWith("malformed JSON: unexpected data after the JSON document");
    assertThatThrownBy(() -> RequestBody.decode("{\"a\":".getBytes(UTF_8), true))
        .hasMessageStartingWith("malformed JSON: ")
        .hasMessageContaining("(line 1, column");
    assertThatThrownBy(() -> RequestBody.decode("[1]".getBytes(UTF_8), true))
        .hasMessage("the body must be a JSON object with a batch array");
    assertThatThrownBy(() -> RequestBody.decode("[1]".getBytes(UTF_8), false))
        .hasMessage("the body must be a JSON object");
  }
}
