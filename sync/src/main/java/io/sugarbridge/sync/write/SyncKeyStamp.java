package io.sugarbridge.sync.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The value a created record is stamped with in {@code sync_key} so that recovery can find it after
 * an interrupted run: {@code <sync name>.<store id>:<row key>}, where the store id is the random id
 * of the sync's state store for this instance ({@code SyncState#storeId}). That is the namespace:
 * two syncs writing the same module with the same key values (even two syncs of the same name in
 * different folders) stamp different values, so neither ever finds, let alone adopts, the other's
 * records. Only recovery reads the stamp, and it looks up exactly the value its intent recorded, so
 * the namespace need only outlive one interrupted run. A stamp longer than the field ({@code
 * sync_key} holds 100 characters) keeps the namespace and replaces the key by its SHA-256, so it is
 * never cut. Versions before namespacing stamped the bare key; intents they left carry that value
 * and are still looked up by it.
 */
public final class SyncKeyStamp {
  /** Characters Sugar's {@code sync_key} field holds. */
  static final int MAX_LENGTH = 100;

  private SyncKeyStamp() {}

  /** The namespace of a sync's stamps: its name and its store's id (the name alone if none). */
  public static String namespace(String syncName, String storeId) {
    return storeId == null ? syncName : syncName + "." + storeId;
  }

  public static String of(String namespace, String key) {
    String plain = namespace + ":" + key;
    if (plain.length() <= MAX_LENGTH) {
      return plain;
    }
    // The digest covers the namespace too, and a namespace cut to fit keeps its end, where the
    // store id is: two syncs never share a stamp however long their names and keys are.
    String digest = "#" + sha256(plain);
    int room = MAX_LENGTH - digest.length() - 1;
    String kept =
        namespace.length() > room ? namespace.substring(namespace.length() - room) : namespace;
    return kept + ":" + digest;
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
