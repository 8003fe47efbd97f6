package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * X-Tenant-Id switches tenant only for exports:admin, on every route of the api: the routes are
 * read from Spring MVC's own mappings, so a route added later is covered without a change here.
 */
class TenantSwitchTest extends RealHttpTestSupport {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  record Route(String method, String path) {}

  private List<Route> apiRoutes() {
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      for (String pattern : e.getKey().getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", "exp-acme-01JAAAAAAAAAAAAAAAAAAAAAAA");
        for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
          routes.add(new Route(method.name(), path));
        }
      }
    }
    return routes;
  }

  @Test
  void everyApiRouteRefusesXTenantIdWithoutAdmin() {
    List<Route> routes = apiRoutes();
    assertThat(routes).hasSizeGreaterThan(20);
    for (Route route : routes) {
      for (String apiKey : List.of(READER, WRITER)) {
        Response r =
            send(
                route.method(),
                route.path(),
                "{}".getBytes(),
                key(apiKey, "X-Tenant-Id", "acme", "Content-Type", "application/json"));
        assertThat(r.status())
            .as("%s %s as %s: %s", route.method(), route.path(), apiKey, r.text())
            .isEqualTo(403);
        assertProblem(r, 403, "forbidden");
      }
      // the same with a bearer token lacking exports:admin
      Response jwt =
          send(
              route.method(),
              route.path(),
              "{}".getBytes(),
              bearer(
                  token("demo", "exports:read exports:write ledger:read ledger:write"),
                  "X-Tenant-Id",
                  "acme",
                  "Content-Type",
                  "application/json"));
      assertProblem(jwt, 403, "forbidden");
    }
  }

  @Test
  void anAdminMaySwitchButOnlyToAValidTenantName() {
    Response ok = get("/api/v1/export-policy", key(ADMIN, "X-Tenant-Id", "acme"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(jsonOf(ok).get("tenant").asString()).isEqualTo("acme");
    for (String bad : List.of("../acme", "ACME", "acme eu", "a".repeat(64), "-acme")) {
      assertProblem(
          get("/api/v1/export-policy", key(ADMIN, "X-Tenant-Id", bad)), 400, "validation_failed");
    }
    // naming one's own tenant needs no admin
    assertThat(get("/api/v1/exports", key(READER, "X-Tenant-Id", "demo")).status()).isEqualTo(200);
  }
}
