package dev.logalerts.notifier;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP capture server for tests: records every request (path, headers, body) and answers
 * with scripted responses per path (status, optional Retry-After, body), 200 once the script is
 * used up.
 */
final class CaptureServer implements AutoCloseable {
  record Captured(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  record Reply(int status, String retryAfter, String body) {}

  private final HttpServer server;
  private final List<Captured> requests = new ArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();

  CaptureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = ex.getRequestURI().getRawPath();
          synchronized (requests) {
            requests.add(
                new Captured(
                    ex.getRequestMethod(),
                    path
                        + (ex.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + ex.getRequestURI().getRawQuery()),
                    Map.copyOf(ex.getRequestHeaders()),
                    body));
          }
          Deque<Reply> script = scripts.get(path);
          Reply r = script == null ? null : script.poll();
          if (r == null) {
            r = new Reply(200, null, "ok");
          }
          if (r.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", r.retryAfter());
          }
          byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers the next requests to {@code path} with these replies, in order. */
  CaptureServer script(String path, Reply... replies) {
    scripts
        .computeIfAbsent(path, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
        .addAll(List.of(replies));
    return this;
  }

  List<Captured> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Captured> requests(String pathPrefix) {
    return requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
