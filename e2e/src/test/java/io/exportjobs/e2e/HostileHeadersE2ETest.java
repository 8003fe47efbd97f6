package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.api.testing.HostileHeaders;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 11, done-when 6, on the real stack (the api's {@code HostileHeadersTest} mocks Temporal, so
 * there the schedule routes answer before their logic): the malformed and unsupported {@code
 * Content-Type}, {@code Accept} and {@code Range} values of {@link HostileHeaders} on every route
 * Spring MVC maps, read from its own mappings, with the path variables naming a real completed job,
 * a real (paused) schedule on the dev server and a real webhook. Never a 5xx; every non-2xx answer
 * under {@code /api/} is a problem with a {@code code}; each kind of header reached every route,
 * and the routes of the job, the schedule and the webhook were carried out at least once. The
 * routes that delete come last, so that the others find the job's artifact, the schedule and the
 * webhook in place.
 */
class HostileHeadersE2ETest {

  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  static final String SCHEDULE = "hostile-nightly";
  static final String KEY = "dev-demo-admin";

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.webhooks.allowed-networks", "127.0.0.0/8"))
          .withEntries("demo", FROM, TO.minusSeconds(1), 50);

  static final Http http = stack.http(KEY);
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static String jobId;
  static String webhookId;

  record Route(String method, String path) {}

  record Answer(int status, String contentType, String body) {}

  @BeforeAll
  static void fixtures() {
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type", "ledger", "range", Map.of("from", FROM.toString(), "to", TO.toString())));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    jobId = created.json().get("id").asText();
    http.awaitStatus(jobId, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.get("/ledger/entries?action=export.completed&resource=export:" + jobId)
                        .json()
                        .get("items")
                        .size()
                    == 1);
    Http.Response schedule =
        http.post(
            "/export-schedules",
            Map.of(
                "id",
                SCHEDULE,
                "cron",
                "0 2 * * *",
                "window",
                "P1D",
                "paused",
                true,
                "job",
                Map.of("type", "ledger")));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);
    // nobody listens there: deliveries, if any, fail quietly
    Http.Response webhook = http.post("/webhooks", Map.of("url", "http://127.0.0.1:9/hook"));
    assertThat(webhook.status()).as(webhook.text()).isEqualTo(201);
    webhookId = webhook.json().get("id").asText();
    // the worker keeps running: deleting an artifact or changing a retention is an update that the
    // job's workflow answers (the triggers' runs are small exports of these few entries)
  }

  /** Every mapped route, path variables filled with the fixtures; the deleting ones last. */
  static List<Route> routes() {
    RequestMappingHandlerMapping mappings =
        stack.api.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<Route> routes = new LinkedHashSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        String id =
            pattern.contains("/export-schedules")
                ? SCHEDULE
                : pattern.contains("/webhooks") ? webhookId : jobId;
        String path = pattern.replace("{*", "{").replaceAll("\\{[^}]+}", id);
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
          methods = Set.of(RequestMethod.GET, RequestMethod.POST);
        }
        for (RequestMethod method : methods) {
          routes.add(new Route(method.name(), path));
          if (method == RequestMethod.GET) {
            routes.add(new Route("HEAD", path));
          }
        }
      }
    }
    List<Route> ordered = new ArrayList<>(routes);
    ordered.sort(Comparator.comparing(r -> r.method().equals("DELETE")));
    return ordered;
  }

  @Test
  void malformedContentTypeAcceptAndRangeHeadersNeverCause5xxOnTheRealStack() {
    List<Route> routes = routes();
    assertThat(routes).hasSizeGreaterThan(25);
    for (String route :
        List.of(
            "GET /api/v1/exports/" + jobId + "/artifact",
            "POST /api/v1/export-schedules/" + SCHEDULE + "/pause",
            "POST /api/v1/export-schedules/" + SCHEDULE + "/backfill",
            "DELETE /api/v1/export-schedules/" + SCHEDULE,
            "GET /api/v1/webhooks/" + webhookId + "/deliveries")) {
      String[] parts = route.split(" ");
      assertThat(routes).contains(new Route(parts[0], parts[1]));
    }
    Map<String, List<String>> kinds = new LinkedHashMap<>();
    kinds.put("Content-Type", HostileHeaders.CONTENT_TYPES);
    kinds.put("Accept", HostileHeaders.ACCEPTS);
    kinds.put("Range", HostileHeaders.RANGES);

    List<String> failures = new ArrayList<>();
    List<String> unsent = new ArrayList<>();
    Set<Route> carriedOut = new LinkedHashSet<>();
    int sent = 0;
    for (Route route : routes) {
      String body = List.of("POST", "PUT", "PATCH").contains(route.method()) ? "{}" : null;
      for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
        int sentOfKind = 0;
        for (String value : kind.getValue()) {
          List<String> headers = new ArrayList<>(List.of("X-API-Key", KEY, kind.getKey(), value));
          if (!kind.getKey().equals("Content-Type")) {
            headers.addAll(List.of("Content-Type", "application/json"));
          }
          Answer r;
          try {
            r = send(route, body, headers);
          } catch (IllegalArgumentException e) {
            continue; // the client refused to send it: not an answer (counted below)
          }
          sent++;
          sentOfKind++;
          if (r.status() < 300) {
            carriedOut.add(route);
          }
          String what =
              route.method() + " " + route.path() + " " + kind.getKey() + ": " + clip(value);
          if (r.status() >= 500) {
            failures.add(what + " → " + r.status() + " " + clip(r.body()));
          } else if (r.status() >= 400
              && !route.method().equals("HEAD")
              && route.path().startsWith("/api/")) {
            if (r.contentType() == null
                || !r.contentType().startsWith("application/problem+json")) {
              failures.add(what + " → " + r.status() + " as " + r.contentType());
            } else if (problemCode(r.body()).isBlank()) {
              failures.add(what + " → " + r.status() + " without code");
            }
          }
        }
        if (sentOfKind == 0) {
          unsent.add(route.method() + " " + route.path() + " " + kind.getKey());
        }
      }
    }
    System.out.println(
        "hostile headers (real stack): " + sent + " requests on " + routes.size() + " routes");
    assertThat(failures).as("answers to malformed headers").isEmpty();
    assertThat(unsent).as("routes that never got a header kind").isEmpty();
    // the real logic was reached (with Temporal mocked, the schedule routes never get there)
    String schedule = "/api/v1/export-schedules/" + SCHEDULE;
    assertThat(carriedOut)
        .as("routes that answered 2xx at least once")
        .contains(
            new Route("GET", "/api/v1/exports/" + jobId + "/artifact"),
            new Route("GET", schedule),
            new Route("POST", schedule + "/pause"),
            new Route("POST", schedule + "/resume"),
            new Route("POST", schedule + "/trigger"),
            new Route("GET", "/api/v1/webhooks/" + webhookId),
            new Route("DELETE", "/api/v1/exports/" + jobId + "/artifact"),
            new Route("DELETE", schedule),
            new Route("DELETE", "/api/v1/webhooks/" + webhookId));
    assertThat(sent)
        .isGreaterThanOrEqualTo(
            routes.size()
                * (HostileHeaders.CONTENT_TYPES.size()
                    + HostileHeaders.ACCEPTS.size()
                    + HostileHeaders.RANGES.size())
                / 2);
  }

  /** One request with exactly these headers (Content-Type included, once). */
  private static Answer send(Route route, String body, List<String> headers) {
    String root = stack.baseUrl().substring(0, stack.baseUrl().length() - "/api/v1".length());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(root + route.path()))
            .timeout(Duration.ofSeconds(60))
            .method(
                route.method(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      b.header(headers.get(i), headers.get(i + 1));
    }
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(null),
          new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(route + " " + headers.get(2), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String problemCode(String body) {
    try {
      JsonNode problem = Json.mapper().readTree(body);
      return problem.path("code").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static String clip(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
