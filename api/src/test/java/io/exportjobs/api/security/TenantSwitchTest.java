package io.exportjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.api.testing.TestJwt;
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
 * X-Tenant-Id names another tenant only for {@code tenants:operate}, on every route of the api, and
 * then only on the exports and schedules routes: the routes are read from Spring MVC's own
 * mappings, so a route added later is covered (and closed to operators) without a change here.
 */
class TenantSwitchTest extends RealHttpTestSupport {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  record Route(String method, String path, boolean openToOperators) {}

  private List<Route> apiRoutes() {
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      boolean open = e.getValue().getBeanType().isAnnotationPresent(OpenToOperators.class);
      for (String pattern : e.getKey().getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", "exp-acme-01JAAAAAAAAAAAAAAAAAAAAAAA");
        for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
          routes.add(new Route(method.name(), path, open));
        }
      }
    }
    return routes;
  }

  @Test
  void everyApiRouteRefusesXTenantIdWithoutTheOperatorScope() {
    List<Route> routes = apiRoutes();
    assertThat(routes).hasSizeGreaterThan(20);
    for (Route route : routes) {
      // exports:admin no longer crosses tenants either
      for (String apiKey : List.of(READER, WRITER, ADMIN, ACME_ADMIN)) {
        String other = apiKey.equals(ACME_ADMIN) ? "demo" : "acme";
        Response r =
            send(
                route.method(),
                route.path(),
                "{}".getBytes(),
                key(apiKey, "X-Tenant-Id", other, "Content-Type", "application/json"));
        assertThat(r.status())
            .as("%s %s as %s: %s", route.method(), route.path(), apiKey, r.text())
            .isEqualTo(403);
        assertProblem(r, 403, "forbidden");
      }
      // the same with a bearer token of a tenant's admin, every tenant scope but no operator's
      Response jwt =
          send(
              route.method(),
              route.path(),
              "{}".getBytes(),
              bearer(
                  token("demo", TestJwt.TENANT_ADMIN_SCOPES),
                  "X-Tenant-Id",
                  "acme",
                  "Content-Type",
                  "application/json"));
      assertProblem(jwt, 403, "forbidden");
    }
  }

  @Test
  void anOperatorActsOnlyOnExportsAndSchedulesOfAnotherTenant() {
    List<String> closed = new ArrayList<>();
    for (Route route : apiRoutes()) {
      Response r =
          send(
              route.method(),
              route.path(),
              "{}".getBytes(),
              key(OPERATOR, "X-Tenant-Id", "acme", "Content-Type", "application/json"));
      boolean refused =
          r.status() == 403 && "forbidden".equals(jsonOf(r).path("code").asString(""));
      if (refused) {
        closed.add(route.method() + " " + route.path());
      }
      assertThat(refused)
          .as("%s %s as the operator for acme: %s", route.method(), route.path(), r.text())
          .isEqualTo(!route.openToOperators());
    }
    assertThat(closed)
        .contains("GET /api/v1/ledger/entries", "POST /api/v1/ledger/entries")
        .contains("GET /api/v1/ledger/verify");
    // what the operator may do there: read and act with exports:read and exports:write only
    Response policy = get("/api/v1/export-policy", key(OPERATOR, "X-Tenant-Id", "acme"));
    assertThat(policy.status()).as(policy.text()).isEqualTo(200);
    assertThat(jsonOf(policy).get("tenant").asString()).isEqualTo("acme");
  }

  @Test
  void anOperatorMaySwitchButOnlyToAValidTenantId() {
    for (String bad :
        List.of("../acme", "ACME", "acme eu", "acme-eu", "a".repeat(64), "-acme", "_acme")) {
      assertProblem(
          get("/api/v1/export-policy", key(OPERATOR, "X-Tenant-Id", bad)),
          400,
          "validation_failed");
    }
    // naming one's own tenant needs no operator
    assertThat(get("/api/v1/exports", key(READER, "X-Tenant-Id", "demo")).status()).isEqualTo(200);
    assertThat(get("/api/v1/exports", key(OPERATOR, "X-Tenant-Id", "acme_eu")).status())
        .isEqualTo(200);
  }
}
