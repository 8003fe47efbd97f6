package io.exportjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.exportjobs.pack.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that receives webhooks: {@code /ok} answers 204, {@code /flaky}
 * answers 500 three times and then 200, {@code /silent} never answers (until the receiver stops).
 * It keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived: the path, the webhook-* headers, the body. */
  record Received(String path, Map<String, String> headers, String body) {

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }

    String jobId() {
      return json().get("data").get("id").asText();
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/ok", exchange -> answer(exchange, 204));
    server.createContext(
        "/flaky", exchange -> answer(exchange, flakyCalls.incrementAndGet() <= 3 ? 500 : 200));
    server.createContext(
        "/silent",
        exchange -> {
          record(exchange);
          try {
            closing.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(threads);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The requests that came to {@code path} about {@code jobId}. */
  List<Received> about(String path, String jobId) {
    return received.stream().filter(r -> r.path().equals(path) && r.jobId().equals(jobId)).toList();
  }

  private void answer(HttpExchange exchange, int status) throws IOException {
    record(exchange);
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private void record(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      headers.put(name, exchange.getRequestHeaders().getFirst(name));
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestURI().getPath(), headers, body));
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
