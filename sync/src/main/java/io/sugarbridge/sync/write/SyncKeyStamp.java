package io.sugarbridge.sync.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The value a created record is stamped with in {@code sync_key} so that recovery can find it after
 * a killed run: {@code <sync name>:<row key>}. The sync's name is the namespace: two syncs writing
 * the same module with the same key values stamp different values, so neither ever finds (and
 * adopts) the other's records. A stamp longer than the field ({@code sync_key} holds 100 characters
 * in Sugar) keeps the name and replaces the key by its SHA-256, so it is never cut. Versions before
 * namespacing stamped the bare key; intents they left carry that value and are still looked up by
 * it.
 */
public final class SyncKeyStamp {
  /** Characters Sugar's {@code sync_key} field holds. */
  static final int MAX_LENGTH = 100;

  private SyncKeyStamp() {}

  public static String of(String syncName, String key) {
    String plain = syncName + ":" + key;
    if (plain.length() <= MAX_LENGTH) {
      return plain;
    }
    String digest = "#" + sha256(key);
    String prefix = syncName + ":";
    int room = MAX_LENGTH - digest.length();
    return (prefix.length() > room ? prefix.substring(0, room) : prefix) + digest;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
