package io.sugarbridge.sandbox.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5 as lower-case hex, the form of Sugar's ETags and metadata hashes; used on both sides of the
 * HTTP/application seam.
 */
public final class Md5 {
  private Md5() {}

  /** The MD5 of {@code bytes} as 32 lower-case hex digits. */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** The MD5 of {@code text}'s UTF-8 bytes as 32 lower-case hex digits. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
