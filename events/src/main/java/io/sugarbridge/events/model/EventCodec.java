package io.sugarbridge.events.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The journal's payload format: an {@link EventMessage} as UTF-8 JSON. One place owns it so the
 * collector that writes and the deliverer that reads can never disagree.
 */
public final class EventCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private EventCodec() {}

  public static byte[] encode(EventMessage message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a payload written by {@link #encode}; throws UncheckedIOException on damaged bytes. */
  public static EventMessage decode(byte[] payload) {
    try {
      return JSON.readValue(payload, EventMessage.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
