package io.sugarbridge.events.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body that must arrive, in full, within a time limit: each read after the deadline
 * throws {@link Expired}. Each read also waits at most the connector's idle timeout, so a client
 * that trickles its body a byte at a time holds a request thread for at most the limit.
 */
final class DeadlineInputStream extends InputStream {
  private final InputStream in;
  private final long deadline;

  DeadlineInputStream(InputStream in, Duration limit) {
    this.in = in;
    this.deadline = System.nanoTime() + limit.toNanos();
  }

  private void check() throws Expired {
    if (System.nanoTime() - deadline > 0) {
      throw new Expired();
    }
  }

  @Override
  public int read() throws IOException {
    check();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    return in.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The body was still arriving at the deadline. */
  static final class Expired extends IOException {
    private static final long serialVersionUID = 1L;

    Expired() {
      super("the request body took too long to arrive");
    }
  }
}
