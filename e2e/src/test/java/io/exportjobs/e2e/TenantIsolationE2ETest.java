package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 5, done-when 5, and issue 11, done-when 3, on the real dev server: every route of the api,
 * read from Spring MVC's own mappings (a route added later is in the matrix without a change here),
 * sent by {@code dev-acme-admin} at demo's job, schedule and webhook, without and with {@code
 * X-Tenant-Id: demo}: 404 (a resource of another tenant is a missing one) or 403 (the header needs
 * {@code tenants:operate}), nothing of demo's in any answer, and demo's ledger head, job index
 * rows, schedule, schedule list and webhook list exactly as they were. Then {@code dev-operator}:
 * it reads and cancels demo's job through {@code X-Tenant-Id}, named as the operator in demo's
 * ledger, and cannot write to it.
 */
class TenantIsolationE2ETest {

  static final String FROM = "2026-10-01T00:00:00Z";
  static final String TO = "2026-11-01T00:00:00Z";
  static final String DEMO_MARKER = "demo-isolation-actor";
  static final String DEMO_HOOK = "http://127.0.0.1:9/demo-isolation-hook";

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.webhooks.allowed-networks", "127.0.0.0/8"));

  static final RawHttp raw = stack.rawHttp();

  static final Http demo = stack.http("dev-demo-admin");
  static String demoJob;
  static String demoSchedule;
  static String demoSha256;
  static String demoWebhook;

  /** One request of the matrix and what it aims at. */
  record Route(String method, String pattern, String path, boolean aimsAtDemo) {}

  @BeforeAll
  static void start() throws Exception {
    Http.Response appended =
        demo.post(
            "/ledger/entries",
            Map.of(
                "entries",
                List.of(
                    Map.of(
                        "occurredAt", "2026-10-05T08:00:00Z",
                        "actor", DEMO_MARKER,
                        "action", "document.read",
                        "resource", "doc/1",
                        "outcome", "success"),
                    Map.of(
                        "occurredAt", "2026-10-06T08:00:00Z",
                        "actor", DEMO_MARKER,
                        "action", "document.delete",
                        "resource", "doc/2",
                        "outcome", "denied"))));
    assertThat(appended.status()).as(appended.text()).isEqualTo(201);
    demoJob = createDemoJob();
    demoSha256 =
        demo.awaitStatus(demoJob, "completed", Duration.ofMinutes(2), Duration.ofMillis(200))
            .get("artifact")
            .get("sha256")
            .asText();
    // the workflow records export.completed just after the job shows completed: wait for it, so
    // that demo's ledger head stays still while the matrix runs
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                demo.get("/ledger/entries?action=export.completed")
                    .text()
                    .contains("export:" + demoJob));
    Http.Response schedule =
        demo.post(
            "/export-schedules",
            Map.of(
                "id", "iso-nightly",
                "cron", "0 2 * * *",
                "window", "P1D",
                "paused", true,
                "job", Map.of("type", "ledger")));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);
    demoSchedule = "iso-nightly";
    // only for expiries, which do not happen here: no delivery changes it while the matrix runs
    Http.Response webhook =
        demo.post("/webhooks", Map.of("url", DEMO_HOOK, "events", List.of("export.expired")));
    assertThat(webhook.status()).as(webhook.text()).isEqualTo(201);
    demoWebhook = webhook.json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    if (stack.started()) {
      raw.send("DELETE", "/export-schedules/" + demoSchedule, null, "X-API-Key", "dev-demo-admin");
      raw.send("DELETE", "/webhooks/" + demoWebhook, null, "X-API-Key", "dev-demo-admin");
    }
  }

  static String createDemoJob() {
    Http.Response created =
        demo.post(
            "/exports",
            Map.of(
                "type", "ledger",
                "range", Map.of("from", FROM, "to", TO),
                "labels", Map.of("ticket", "ISO-1")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    return created.json().get("id").asText();
  }

  /**
   * Every route Spring MVC maps under /api, its path variables naming demo's job, schedule or
   * webhook.
   */
  static List<Route> routes() {
    RequestMappingHandlerMapping mappings =
        stack.api.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Set<Route> routes = new LinkedHashSet<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info -> {
              for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                  continue;
                }
                String id =
                    pattern.startsWith("/api/v1/export-schedules")
                        ? demoSchedule
                        : pattern.startsWith("/api/v1/webhooks") ? demoWebhook : demoJob;
                String path = pattern.substring("/api/v1".length()).replaceAll("\\{[^}]+}", id);
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                  routes.add(new Route(method.name(), pattern, path, pattern.contains("{")));
                }
              }
            });
    return new ArrayList<>(routes);
  }

  /** A body each call would take, so that an answer is about whose resource it is. */
  static String bodyFor(Route route) {
    if (route.method().equals("GET") || route.method().equals("DELETE")) {
      return null;
    }
    if (route.pattern().endsWith("/backfill")) {
      return "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-03T00:00:00Z\"}";
    }
    if (route.pattern().endsWith("/pause") || route.pattern().endsWith("/resume")) {
      return "{\"note\":\"acme was here\"}";
    }
    if (route.pattern().equals("/api/v1/exports/{id}")) {
      return "{\"retention\":\"P90D\"}";
    }
    if (route.pattern().equals("/api/v1/export-schedules/{id}")) {
      return "{\"cron\":\"0 3 * * *\"}";
    }
    if (route.pattern().equals("/api/v1/ledger/entries")) {
      return "{\"entries\":[{\"occurredAt\":\"2026-10-07T08:00:00Z\",\"actor\":\"acme-admin\","
          + "\"action\":\"probe\",\"resource\":\"doc/1\",\"outcome\":\"success\"}]}";
    }
    return "{}";
  }

  @Test
  void acmesAdminReachesNothingOfDemosOnAnyRoute() {
    String demoHeadBefore = demoHead();
    List<Map<String, Object>> demoJobsBefore = demoJobs();
    JsonNode demoScheduleBefore = demoScheduleState();
    JsonNode demoSchedulesBefore = demoList("/export-schedules");
    JsonNode demoWebhooksBefore = demoList("/webhooks");
    assertThat(demoSchedulesBefore.findValuesAsText("id")).contains(demoSchedule);
    assertThat(demoWebhooksBefore.findValuesAsText("id")).containsExactly(demoWebhook);
    assertThat(demoJobsBefore).isNotEmpty();
    List<Route> routes = routes();
    assertThat(routes).hasSizeGreaterThan(20);
    assertThat(routes)
        .extracting(Route::path)
        .contains(
            "/webhooks/" + demoWebhook,
            "/webhooks/" + demoWebhook + "/rotate-secret",
            "/webhooks/" + demoWebhook + "/deliveries");

    List<String> failures = new ArrayList<>();
    for (Route route : routes) {
      // without X-Tenant-Id: acme's own tenant; demo's resources are missing ones
      RawHttp.Response own =
          raw.send(route.method(), route.path(), bodyFor(route), "X-API-Key", "dev-acme-admin");
      check(failures, route, "as acme", own, route.aimsAtDemo() ? 404 : null);
      // naming demo: refused, exports:admin does not cross tenants
      RawHttp.Response named =
          raw.send(
              route.method(),
              route.path(),
              bodyFor(route),
              "X-API-Key",
              "dev-acme-admin",
              "X-Tenant-Id",
              "demo");
      check(failures, route, "as acme naming demo", named, 403);
    }
    assertThat(failures).as("routes that reached demo's resources").isEmpty();

    assertThat(demoHead()).as("demo's ledger head").isEqualTo(demoHeadBefore);
    assertThat(demoJobs()).as("demo's job index").isEqualTo(demoJobsBefore);
    JsonNode after = demoScheduleState();
    assertThat(after.get("paused")).isEqualTo(demoScheduleBefore.get("paused"));
    assertThat(after.get("cron")).isEqualTo(demoScheduleBefore.get("cron"));
    assertThat(after.get("note")).isEqualTo(demoScheduleBefore.get("note"));
    assertThat(after.get("recentRuns")).as("demo's schedule has not run").isEmpty();
    assertThat(demoList("/export-schedules")).as("demo's schedules").isEqualTo(demoSchedulesBefore);
    assertThat(demoList("/webhooks")).as("demo's webhooks").isEqualTo(demoWebhooksBefore);
    Http.Response hook = demo.get("/webhooks/" + demoWebhook);
    assertThat(hook.status()).as(hook.text()).isEqualTo(200);
    // the artifact is still there for demo
    assertThat(demo.get("/exports/" + demoJob + "/artifact").status()).isEqualTo(200);
  }

  private static void check(
      List<String> failures, Route route, String as, RawHttp.Response r, Integer status) {
    String what = route.method() + " " + route.path() + " " + as + " → " + r.status();
    if (status != null && r.status() != status) {
      failures.add(what + ", expected " + status + ": " + clip(r.text()));
    }
    if (r.status() >= 500) {
      failures.add(what + ": " + clip(r.text()));
    }
    String text = r.text();
    // a refusal may name the id it was asked about, nothing more
    if (text.contains(DEMO_MARKER)
        || text.contains(DEMO_HOOK)
        || text.contains("\"tenant\":\"demo\"")
        || text.contains(demoSha256)
        || ((text.contains(demoJob) || text.contains(demoSchedule) || text.contains(demoWebhook))
            && r.status() < 400)) {
      failures.add(what + " shows demo's data: " + clip(text));
    }
    if (r.status() >= 400) {
      String type = r.header("Content-Type");
      if (type == null || !type.startsWith("application/problem+json")) {
        failures.add(what + " is not a problem: " + type);
      }
    }
  }

  @Test
  void theOperatorReadsAndCancelsDemosJobButCannotWriteDemosLedger() {
    Http operator = new Http(stack.baseUrl(), "dev-operator");
    Http.Response read = operator.get("/exports/" + demoJob, "X-Tenant-Id", "demo");
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.json().get("tenant").asText()).isEqualTo("demo");
    assertThat(operator.get("/exports?pageSize=200", "X-Tenant-Id", "demo").text())
        .contains(demoJob);

    // a job that cannot start yet (no worker polls), so that there is something to cancel
    stack.stopWorker();
    String pending;
    try {
      pending = createDemoJob();
      Http.Response cancelled =
          operator.post("/exports/" + pending + "/cancel", "", "X-Tenant-Id", "demo");
      assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(202);
    } finally {
      stack.startWorker();
    }
    demo.awaitStatus(pending, "cancelled", Duration.ofMinutes(2), Duration.ofMillis(200));
    JsonNode entries =
        demo.get("/ledger/entries?action=export.cancelled&resource=export:" + pending).json();
    assertThat(entries.get("items")).hasSize(1);
    assertThat(entries.get("items").get(0).get("actor").asText())
        .isEqualTo("operator:dev-operator");

    // demo's ledger: neither appended to nor read through X-Tenant-Id
    String head = demoHead();
    Http.Response append =
        operator.post(
            "/ledger/entries",
            Map.of(
                "entries",
                List.of(
                    Map.of(
                        "occurredAt", "2026-10-07T08:00:00Z",
                        "actor", "operator",
                        "action", "probe",
                        "resource", "doc/1",
                        "outcome", "success"))),
            "X-Tenant-Id",
            "demo");
    assertThat(append.status()).as(append.text()).isEqualTo(403);
    assertThat(append.json().get("code").asText()).isEqualTo("forbidden");
    Http.Response readLedger = operator.get("/ledger/entries", "X-Tenant-Id", "demo");
    assertThat(readLedger.status()).as(readLedger.text()).isEqualTo(403);
    assertThat(readLedger.text()).doesNotContain(DEMO_MARKER);
    assertThat(demoHead()).isEqualTo(head);
  }

  private static String demoHead() {
    RawHttp.Response verify =
        raw.send("GET", "/ledger/verify", null, "X-API-Key", "dev-demo-reader");
    assertThat(verify.status()).isEqualTo(200);
    JsonNode v = verify.json();
    return v.get("headSeq").asText() + " " + v.get("headHash").asText();
  }

  private static List<Map<String, Object>> demoJobs() {
    return stack
        .apiBean(JdbcClient.class)
        .sql(
            "SELECT id, status, attempt, revision, retention, expires_at, updated_at"
                + " FROM export_jobs WHERE tenant = 'demo' ORDER BY id")
        .query()
        .listOfRows();
  }

  private static JsonNode demoScheduleState() {
    RawHttp.Response r =
        raw.send("GET", "/export-schedules/" + demoSchedule, null, "X-API-Key", "dev-demo-reader");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return Json.mapper().valueToTree(Json.mapper().convertValue(r.json(), Map.class));
  }

  /** The items of one of demo's lists, as demo's reader sees them. */
  private static JsonNode demoList(String path) {
    RawHttp.Response r =
        raw.send("GET", path + "?pageSize=200", null, "X-API-Key", "dev-demo-reader");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().get("items");
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
