package io.exportjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A tiny HTTP client for the api under test, speaking as one API key. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Supplier<String> baseUrl;
  private final String apiKey;

  Http(String baseUrl, String apiKey) {
    this(() -> baseUrl, apiKey);
  }

  /** With the base URL asked for at each request: a {@link Stack}'s, known once it started. */
  Http(Supplier<String> baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  Http as(String otherKey) {
    return new Http(baseUrl, otherKey);
  }

  Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  /** A GET of a full URL, outside the api's base (the OpenAPI document, say). */
  Response getAbsolute(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET());
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  Response post(String path, Object body, String... headers) {
    String json = body instanceof String s ? s : Json.write(body);
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** {@code POST /exports} of a {@code ledger} job in {@code format} over {@code [from, to)}. */
  Response postLedgerExport(String format, Instant from, Instant to) {
    return post(
        "/exports",
        Map.of(
            "type",
            "ledger",
            "format",
            format,
            "range",
            Map.of("from", from.toString(), "to", to.toString())));
  }

  /** {@link #postLedgerExport}, which must be accepted: answers the new job's id. */
  String submitLedgerExport(String format, Instant from, Instant to) {
    Response r = postLedgerExport(format, from, to);
    if (r.status() != 202) {
      throw new AssertionError("POST /exports answered " + r.status() + ": " + r.text());
    }
    return r.json().get("id").asText();
  }

  Response patch(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  /**
   * Polls the job until it has {@code status}; a job that ends in another final status fails at
   * once instead of waiting for the timeout.
   */
  JsonNode awaitStatus(String id, String status, Duration atMost, Duration poll) {
    return awaitStatus(id, status, atMost, poll, () -> null);
  }

  /** As above, running {@code check} (which may throw to give up) at every poll. */
  JsonNode awaitStatus(
      String id,
      String status,
      Duration atMost,
      Duration poll,
      java.util.concurrent.Callable<?> check) {
    org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(poll)
        .until(
            () -> {
              check.call();
              String now = get("/exports/" + id).json().get("status").asText();
              if (!now.equals(status) && List.of("failed", "cancelled", "expired").contains(now)) {
                throw new AssertionError("export " + id + " ended " + now + ", not " + status);
              }
              return now.equals(status);
            });
    return get("/exports/" + id).json();
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-API-Key", apiKey);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + text(), e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }
}
