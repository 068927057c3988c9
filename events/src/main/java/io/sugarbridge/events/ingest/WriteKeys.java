package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.common.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Write-key authentication: the key as the HTTP Basic user name (empty password), or as {@code
 * writeKey} in the body. Every configured key is compared in constant time.
 */
final class WriteKeys {
  static final String NOT_BASIC =
      "Authorization must be HTTP Basic with the write key as the user name and an empty password";
  static final String UNKNOWN = "unknown write key";
  static final String MISSING =
      "the write key is missing: send it as the HTTP Basic user name (empty password) or as"
          + " writeKey in the body";

  /** The name of the key presented, or why it is refused (then {@code name} is null). */
  record Auth(String name, String refusal) {
    boolean refused() {
      return name == null;
    }
  }

  private final List<Map.Entry<String, byte[]>> keys;

  WriteKeys(Map<String, Secret> writeKeys) {
    List<Map.Entry<String, byte[]>> k = new ArrayList<>();
    for (Map.Entry<String, Secret> e : writeKeys.entrySet()) {
      k.add(Map.entry(e.getKey(), e.getValue().reveal().getBytes(StandardCharsets.UTF_8)));
    }
    this.keys = List.copyOf(k);
  }

  /** The key in an {@code Authorization} header. */
  Auth fromHeader(String authorization) {
    String presented = basicUser(authorization);
    if (presented == null) {
      return new Auth(null, NOT_BASIC);
    }
    String name = nameOf(presented);
    return name == null ? new Auth(null, UNKNOWN) : new Auth(name, null);
  }

  /** The key sent as {@code writeKey} in the body (null when there was none). */
  Auth fromBody(JsonNode writeKey) {
    if (writeKey == null || !writeKey.isTextual() || writeKey.asText().isEmpty()) {
      return new Auth(null, MISSING);
    }
    String name = nameOf(writeKey.asText());
    return name == null ? new Auth(null, UNKNOWN) : new Auth(name, null);
  }

  /** The user name of an HTTP Basic authorization, or null when it is not one. */
  static String basicUser(String authorization) {
    String a = authorization.trim();
    if (a.length() < 6 || !a.substring(0, 6).equalsIgnoreCase("basic ")) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The configured name of {@code presented}, or null; compares every key in constant time. */
  String nameOf(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Map.Entry<String, byte[]> k : keys) {
      if (MessageDigest.isEqual(p, k.getValue()) && found == null) {
        found = k.getKey();
      }
    }
    return found;
  }
}
