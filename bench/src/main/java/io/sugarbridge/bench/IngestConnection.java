package io.sugarbridge.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** One keep-alive connection to the collector and the thread that drives it. */
final class IngestConnection extends Thread {
  private static final AtomicLong MESSAGE_IDS = new AtomicLong();
  private final int port;
  private final int batch;
  private final long warmEnd;
  private final long end;
  private final long interval;
  private final CountDownLatch done;
  private final String auth;
  private final int connection;
  final long[] latencies;
  int latencyCount;
  long measured;
  long errors;
  Exception failure;

  IngestConnection(
      String writeKey,
      int port,
      int connection,
      int batch,
      long warmEnd,
      long end,
      long interval,
      CountDownLatch done,
      int capacity) {
    super("bench-client-" + connection);
    setDaemon(true);
    this.port = port;
    this.connection = connection;
    this.batch = batch;
    this.warmEnd = warmEnd;
    this.end = end;
    this.interval = interval;
    this.done = done;
    this.latencies = new long[capacity];
    this.auth =
        "Basic "
            + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void run() {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = socket.getOutputStream();
      HttpResponseReader in = new HttpResponseReader(socket.getInputStream());
      long next = System.nanoTime() + (interval == 0 ? 0 : (interval * connection) / 64);
      while (true) {
        long scheduled;
        if (interval > 0) {
          scheduled = next;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          next += interval;
        } else {
          scheduled = System.nanoTime();
        }
        if (scheduled >= end) {
          return;
        }
        out.write(request());
        out.flush();
        int status = in.readResponse();
        long now = System.nanoTime();
        if (scheduled >= warmEnd) {
          if (status == 200) {
            measured++;
            if (latencyCount < latencies.length) {
              latencies[latencyCount++] = now - scheduled;
            }
          } else {
            errors++;
          }
        }
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      done.countDown();
    }
  }

  private byte[] request() {
    StringBuilder body = new StringBuilder(256 * batch);
    if (batch == 1) {
      event(body, false);
    } else {
      body.append("{\"batch\":[");
      for (int i = 0; i < batch; i++) {
        if (i > 0) {
          body.append(',');
        }
        event(body, true);
      }
      body.append("]}");
    }
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    String head =
        (batch == 1 ? "POST /v1/track" : "POST /v1/batch")
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: "
            + auth
            + "\r\nContent-Length: "
            + payload.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(h, h.length + payload.length);
    System.arraycopy(payload, 0, all, h.length, payload.length);
    return all;
  }

  private void event(StringBuilder b, boolean typed) {
    long id = MESSAGE_IDS.incrementAndGet();
    b.append('{');
    if (typed) {
      b.append("\"type\":\"track\",");
    }
    b.append("\"messageId\":\"bench-")
        .append(id)
        .append("\",\"userId\":\"user-")
        .append(id % 10_000)
        .append("\",\"event\":\"Lead Generated\",\"timestamp\":\"2026-11-23T10:00:00.000Z\",")
        .append("\"properties\":{\"lead_source\":\"Web Site\",\"utm_campaign\":\"autumn\"},")
        .append("\"context\":{\"ip\":\"203.0.113.7\",\"library\":{\"name\":\"analytics.js\",")
        .append("\"version\":\"4.1.0\"},\"traits\":{\"email\":\"person")
        .append(id % 10_000)
        .append("@example.com\"}}}");
  }
}
