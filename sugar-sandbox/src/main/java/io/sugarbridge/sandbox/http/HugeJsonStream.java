package io.sugarbridge.sandbox.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A JSON document of an exact size, {@code {"padding":"xxx…"}}, made up while it is read, so the
 * sandbox can send a 300 MB answer without holding it; optionally throttled to a byte rate.
 */
final class HugeJsonStream extends InputStream {
  private static final byte[] HEAD = "{\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

  private final long size;
  private final long bytesPerSecond;
  private final long started = System.nanoTime();
  private long position;

  HugeJsonStream(long size, long bytesPerSecond) {
    this.size = Math.max(size, HEAD.length + TAIL.length);
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    if (bytesPerSecond > 0) {
      n = (int) Math.min(n, Math.max(1, bytesPerSecond / 10));
      long due = (long) ((position + n) * 1e9 / bytesPerSecond);
      long wait = due - (System.nanoTime() - started);
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      long p = position + i;
      if (p < HEAD.length) {
        b[off + i] = HEAD[(int) p];
      } else if (p >= size - TAIL.length) {
        b[off + i] = TAIL[(int) (p - (size - TAIL.length))];
      } else {
        b[off + i] = 'x';
      }
    }
    position += n;
    return n;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public long skip(long n) {
    return 0;
  }
}
