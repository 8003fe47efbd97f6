package io.exportjobs.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker has no web server; this small JDK HTTP server gives Prometheus and health checks
 * something to call: {@code GET /actuator/prometheus} (the worker's registry: export metrics,
 * Temporal SDK metrics, JVM, Hikari) and {@code GET /actuator/health} ({@code UP} while the
 * Temporal worker factory runs, else 503). Address and port: {@code
 * exportjobs.worker.management.address} (127.0.0.1) and {@code .port} (8081; 0 picks a free port,
 * -1 turns it off). A port already taken is logged and skipped rather than stopping the worker:
 * exports matter more than their metrics, and Prometheus shows the target as down.
 */
@Component
class ManagementServer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  private final ObjectProvider<PrometheusMeterRegistry> prometheus;
  private final ObjectProvider<WorkerFactory> workerFactory;
  private final String address;
  private final int port;
  private HttpServer server;

  ManagementServer(
      ObjectProvider<PrometheusMeterRegistry> prometheus,
      ObjectProvider<WorkerFactory> workerFactory,
      @Value("${exportjobs.worker.management.address:127.0.0.1}") String address,
      @Value("${exportjobs.worker.management.port:8081}") int port) {
    this.prometheus = prometheus;
    this.workerFactory = workerFactory;
    this.address = address;
    this.port = port;
  }

  /** The port it listens on, or -1 when it is not running. */
  int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  @Override
  public void start() {
    if (port < 0) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      log.warn(
          "worker metrics not served: {}:{} is in use ({}); set EXPORTJOBS_WORKER_MANAGEMENT_PORT",
          address,
          port,
          e.getMessage());
      return;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the worker management server", e);
    }
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "worker-management");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/actuator/prometheus", this::prometheus);
    server.createContext("/actuator/health", this::health);
    server.start();
    log.info("worker metrics on http://{}:{}/actuator/prometheus", address, port());
  }

  private void prometheus(HttpExchange exchange) throws IOException {
    PrometheusMeterRegistry registry = prometheus.getIfAvailable();
    if (!"GET".equals(exchange.getRequestMethod()) || registry == null) {
      respond(exchange, registry == null ? 404 : 405, "text/plain", "");
      return;
    }
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  private void health(HttpExchange exchange) throws IOException {
    WorkerFactory factory = workerFactory.getIfAvailable();
    boolean up = factory != null && factory.isStarted() && !factory.isShutdown();
    respond(
        exchange,
        up ? 200 : 503,
        "application/json",
        up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }
}
