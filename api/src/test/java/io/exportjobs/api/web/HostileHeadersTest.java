package io.exportjobs.api.web;

import static io.exportjobs.api.testing.HostileHeaders.ACCEPTS;
import static io.exportjobs.api.testing.HostileHeaders.CONTENT_TYPES;
import static io.exportjobs.api.testing.HostileHeaders.RANGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.shared.export.ExportRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The hostile-input suite, headers part: malformed and unsupported {@code Content-Type}, {@code
 * Accept} and {@code Range} headers on every route Spring MVC maps (read from its own mappings, so
 * a route added later is covered), plus the public health checks. Never a 5xx; every non-2xx answer
 * of the api is {@code application/problem+json} with a {@code code}. The header values are {@link
 * io.exportjobs.api.testing.HostileHeaders}'s, which e2e's {@code HostileHeadersE2ETest} sends to
 * the real stack.
 */
class HostileHeadersTest extends RealHttpTestSupport {

  private static final String T = "hostile_headers";

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private String jobId;

  record Route(String method, String path) {}

  @BeforeEach
  void fixtures() {
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
    // the workflow's updates answer the job (the artifact then stays, so every request finds it)
    doAnswer(inv -> inv.getArgument(0)).when(gateway).deleteArtifact(any());
    doAnswer(inv -> inv.getArgument(0)).when(gateway).setRetention(any(), any());
    jobId = completedJob(T, "0123456789abcdefghij\n".repeat(20).getBytes(StandardCharsets.UTF_8));
  }

  private List<Route> routes() {
    Set<Route> routes = new LinkedHashSet<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      for (String pattern : e.getKey().getPatternValues()) {
        String path =
            pattern
                .replace("{*", "{")
                .replaceAll("\\{[^}]+}", pattern.contains("schedule") ? "nightly" : jobId);
        Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
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
    for (String health :
        List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
      routes.add(new Route("GET", health));
    }
    return new ArrayList<>(routes);
  }

  @Test
  void malformedContentTypeAcceptAndRangeHeadersNeverCause5xx() {
    List<Route> routes = routes();
    assertThat(routes).hasSizeGreaterThan(25);
    assertThat(routes).contains(new Route("GET", "/api/v1/exports/" + jobId + "/artifact"));
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (Route route : routes) {
      byte[] body =
          List.of("POST", "PUT", "PATCH").contains(route.method())
              ? "{}".getBytes(StandardCharsets.UTF_8)
              : null;
      List<String[]> headerSets = new ArrayList<>();
      for (String contentType : CONTENT_TYPES) {
        headerSets.add(asTenant(T, "Content-Type", contentType));
      }
      for (String accept : ACCEPTS) {
        headerSets.add(asTenant(T, "Accept", accept, "Content-Type", "application/json"));
      }
      for (String range : RANGES) {
        headerSets.add(asTenant(T, "Range", range, "Content-Type", "application/json"));
      }
      for (String[] headers : headerSets) {
        Response r;
        try {
          r = send(route.method(), route.path(), body, headers);
        } catch (RuntimeException e) {
          continue; // the client refused to send it: not an answer
        }
        sent++;
        String what =
            route.method() + " " + route.path() + " " + headers[2] + ": " + clip(headers[3]);
        if (r.status() >= 500) {
          failures.add(what + " → " + r.status() + " " + clip(r.text()));
        } else if (r.status() >= 400
            && !route.method().equals("HEAD")
            && route.path().startsWith("/api/")) {
          String type = r.header("Content-Type");
          if (type == null || !type.startsWith("application/problem+json")) {
            failures.add(what + " → " + r.status() + " as " + type);
          } else if (jsonOf(r).path("code").asString("").isBlank()) {
            failures.add(what + " → " + r.status() + " without code");
          }
        }
      }
    }
    System.out.println("hostile headers: " + sent + " requests on " + routes.size() + " routes");
    assertThat(failures).as("answers to malformed headers").isEmpty();
    assertThat(sent).isGreaterThan(1000);
  }

  @Test
  void theIssuesExamplesAre4xxProblems() {
    for (String path : List.of("/api/v1/export-policy", "/api/v1/signing-keys")) {
      assertProblem(
          get(path, asTenant(T, "Content-Type", "multipart/form-data")),
          415,
          "unsupported_media_type");
    }
    assertProblem(
        send(
            "POST",
            "/api/v1/exports",
            "{}".getBytes(StandardCharsets.UTF_8),
            asTenant(T, "Content-Type", "multipart/form-data; boundary=x")),
        415,
        "unsupported_media_type");
    assertProblem(
        get("/api/v1/export-policy", asTenant(T, "Content-Type", "application/")),
        400,
        "validation_failed");
    assertProblem(
        send(
            "POST",
            "/api/v1/exports",
            "{}".getBytes(StandardCharsets.UTF_8),
            asTenant(T, "Content-Type", "application/json; charset=bogus")),
        400,
        "validation_failed");
    assertProblem(
        send(
            "POST",
            "/api/v1/exports",
            "{}".getBytes(StandardCharsets.UTF_8),
            asTenant(T, "Content-Type", "*/*")),
        415,
        "unsupported_media_type");
    // a well-formed type on a call without a body is simply not read
    assertThat(get("/api/v1/export-policy", asTenant(T, "Content-Type", "text/plain")).status())
        .isEqualTo(200);
  }

  private static String clip(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
