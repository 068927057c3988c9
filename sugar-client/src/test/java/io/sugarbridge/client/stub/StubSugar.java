package io.sugarbridge.client.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted HTTP server for exact request checks (MockWebServer style): every request is recorded,
 * and a handler decides each answer. Used where a full sandbox is more than a test needs.
 */
public final class StubSugar implements AutoCloseable {
  /** One recorded request. */
  public record Recorded(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** One scripted answer; status -1 closes the connection without answering. */
  public record Answer(int status, String body, Map<String, String> headers) {
    public static Answer json(int status, String body) {
      return new Answer(status, body, Map.of("Content-Type", "application/json"));
    }

    public static Answer drop() {
      return new Answer(-1, "", Map.of());
    }
  }

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Recorded, Answer> handler;

  public StubSugar(Function<Recorded, Answer> handler) throws IOException {
    this.handler = handler;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public long count(String method, String pathSuffix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix))
        .count();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Recorded r =
        new Recorded(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(),
            Map.copyOf(ex.getRequestHeaders()),
            body);
    requests.add(r);
    Answer a;
    try {
      a = handler.apply(r);
    } catch (RuntimeException e) {
      a = Answer.json(500, "{\"error\":\"stub_error\",\"error_message\":\"" + e + "\"}");
    }
    if (a.status() < 0) {
      ex.close();
      return;
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
