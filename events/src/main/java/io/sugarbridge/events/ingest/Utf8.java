package io.sugarbridge.events.ingest;

/**
 * Strict UTF-8 validation (RFC 3629): refuses overlong forms such as {@code C0 AF} (a disguised
 * {@code /}), surrogates, code points above U+10FFFF and truncated sequences, all of which the JSON
 * parser would otherwise decode leniently.
 */
final class Utf8 {
  private Utf8() {}

  /** The offset of the first byte of the first ill-formed sequence, or -1 when all is well. */
  static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int len;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) {
          min2 = 0xA0; // overlong below U+0800
        } else if (c == 0xED) {
          max2 = 0x9F; // surrogates U+D800..DFFF
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) {
          min2 = 0x90; // overlong below U+10000
        } else if (c == 0xF4) {
          max2 = 0x8F; // above U+10FFFF
        }
      } else {
        return i; // 80..C1 (continuation or overlong lead), F5..FF
      }
      if (i + len > n) {
        return i;
      }
      int second = b[i + 1] & 0xFF;
      if (second < min2 || second > max2) {
        return i;
      }
      for (int k = 2; k < len; k++) {
        int cont = b[i + k] & 0xFF;
        if (cont < 0x80 || cont > 0xBF) {
          return i;
        }
      }
      i += len;
    }
    return -1;
  }
}
