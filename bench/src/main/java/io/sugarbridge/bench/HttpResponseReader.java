package io.sugarbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from one connection through its own buffer (no per-byte locking), so the
 * load generator takes as little of the shared CPU as it can.
 */
final class HttpResponseReader {
  private final InputStream in;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int limit;

  HttpResponseReader(InputStream in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pos == limit) {
      limit = in.read(buf, 0, buf.length);
      pos = 0;
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
    }
    return buf[pos++] & 0xff;
  }

  private void skip(int n) throws IOException {
    while (n > 0) {
      if (pos == limit && read() >= 0) {
        pos--;
      }
      if (pos == limit) {
        throw new IOException("connection closed by the server");
      }
      int k = Math.min(n, limit - pos);
      pos += k;
      n -= k;
    }
  }

  /** Reads one response and returns its status. */
  int readResponse() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = 0;
    boolean chunked = false;
    String header;
    while (!(header = line()).isEmpty()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(header.substring(colon + 1).trim());
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = header.toLowerCase(Locale.ROOT).contains("chunked");
      }
    }
    if (chunked) {
      while (true) {
        int size = Integer.parseInt(line().trim(), 16);
        skip(size);
        line();
        if (size == 0) {
          break;
        }
      }
    } else {
      skip(length);
    }
    return status;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = read()) != -1) {
      if (c == '\n') {
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == '\r') {
          b.setLength(len - 1);
        }
        return b.toString();
      }
      b.append((char) c);
    }
    throw new IOException("connection closed by the server");
  }
}
