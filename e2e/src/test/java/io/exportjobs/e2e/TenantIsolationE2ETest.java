package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 5, done-when 5: with {@code dev-acme-admin} (and no X-Tenant-Id), every route of the
 * contract aimed at a {@code demo} job, schedule, artifact or ledger range answers 404, or an empty
 * list, or acme's own data, and changes nothing of demo's: the ledger head and the job index rows
 * are the same afterwards, and demo's schedule has not run. The routes are a table: add a row for a
 * new route.
 */
class TenantIsolationE2ETest {

  static final String FROM = "2026-10-01T00:00:00Z";
  static final String TO = "2026-11-01T00:00:00Z";
  static final String DEMO_MARKER = "demo-isolation-actor";

  static Stack stack;
  static RawHttp raw;
  static String demoJob;
  static String demoSchedule;

  /** One route of the contract, as acme sends it at demo's resources, and what acme must see. */
  record Route(String method, String path, String body, Consumer<RawHttp.Response> expect) {}

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.withWorker(Map.of());
    raw = new RawHttp(stack.baseUrl());
    Http demo = new Http(stack.baseUrl(), "dev-demo-admin");
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
    Http.Response created =
        demo.post(
            "/exports",
            Map.of(
                "type", "ledger",
                "range", Map.of("from", FROM, "to", TO),
                "labels", Map.of("ticket", "ISO-1")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    demoJob = created.json().get("id").asText();
    demo.awaitStatus(demoJob, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    // the workflow records export.completed just after the job shows completed: wait for it, so
    // that demo's ledger head is still before the matrix runs
    org.awaitility.Awaitility.await()
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
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      raw.send("DELETE", "/export-schedules/" + demoSchedule, null, "X-API-Key", "dev-demo-admin");
      raw.send("DELETE", "/export-schedules/" + demoSchedule, null, "X-API-Key", "dev-acme-admin");
      stack.close();
    }
  }

  static Consumer<RawHttp.Response> notFound() {
    return r -> {
      assertThat(r.status()).as(r.text()).isEqualTo(404);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.json().get("code").asText()).isEqualTo("not_found");
      // exactly as for a missing resource: nothing of the job itself in the answer
      assertThat(r.text())
          .doesNotContain("completed")
          .doesNotContain("sha256")
          .doesNotContain(DEMO_MARKER);
    };
  }

  /** 200 with a list that holds nothing of demo's. */
  static Consumer<RawHttp.Response> listWithoutDemo() {
    return r -> {
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.text()).doesNotContain(demoJob).doesNotContain(DEMO_MARKER);
      for (JsonNode item : r.json().get("items")) {
        if (item.has("tenant")) {
          assertThat(item.get("tenant").asText()).isEqualTo("acme");
        }
      }
    };
  }

  static Consumer<RawHttp.Response> emptyList() {
    return r -> {
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.json().get("items")).isEmpty();
    };
  }

  /** acme's own answer (status as given), nothing of demo's in it. */
  static Consumer<RawHttp.Response> acmesOwn(int status) {
    return r -> {
      assertThat(r.status()).as(r.text()).isEqualTo(status);
      assertThat(r.text()).doesNotContain(DEMO_MARKER).doesNotContain(demoJob);
    };
  }

  static List<Route> routes() {
    String job = "/exports/" + demoJob;
    String schedule = "/export-schedules/" + demoSchedule;
    String range = "from=" + FROM + "&to=" + TO;
    return List.of(
        // exports
        new Route("GET", job, null, notFound()),
        new Route("GET", "/exports", null, listWithoutDemo()),
        new Route("GET", "/exports?label=ticket:ISO-1", null, emptyList()),
        new Route("GET", "/exports?scheduleId=" + demoSchedule, null, emptyList()),
        new Route("GET", "/exports?status=completed&type=ledger", null, listWithoutDemo()),
        new Route("POST", job + "/cancel", null, notFound()),
        new Route("POST", job + "/retry", null, notFound()),
        new Route("PATCH", job, "{\"retention\":\"P90D\"}", notFound()),
        new Route("DELETE", job + "/artifact", null, notFound()),
        new Route("GET", job + "/artifact", null, notFound()),
        new Route("GET", job + "/verification", null, notFound()),
        new Route(
            "GET",
            "/export-policy",
            null,
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.json().get("tenant").asText()).isEqualTo("acme");
            }),
        new Route("GET", "/export-types", null, acmesOwn(200)),
        // schedules
        new Route("GET", "/export-schedules", null, listWithoutDemo()),
        new Route("GET", schedule, null, notFound()),
        new Route("PATCH", schedule, "{\"cron\":\"0 3 * * *\"}", notFound()),
        new Route("POST", schedule + "/pause", "{\"note\":\"acme\"}", notFound()),
        new Route("POST", schedule + "/resume", "{\"note\":\"acme\"}", notFound()),
        new Route("POST", schedule + "/trigger", null, notFound()),
        new Route(
            "POST",
            schedule + "/backfill",
            "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-03T00:00:00Z\"}",
            notFound()),
        new Route("DELETE", schedule, null, notFound()),
        // ledger
        new Route("GET", "/ledger/entries?" + range, null, listWithoutDemo()),
        new Route("GET", "/ledger/entries?actor=" + DEMO_MARKER, null, emptyList()),
        new Route("GET", "/ledger/verify", null, acmesOwn(200)),
        new Route("GET", "/ledger/verify?fromSeq=1&toSeq=2", null, acmesOwn(200)));
  }

  @Test
  void acmesAdminReachesNothingOfDemos() {
    String demoHeadBefore = demoHead();
    List<Map<String, Object>> demoJobsBefore = demoJobs();
    JsonNode demoScheduleBefore = demoScheduleState();
    assertThat(demoJobsBefore).isNotEmpty();

    List<String> failures = new ArrayList<>();
    for (Route route : routes()) {
      RawHttp.Response r =
          raw.send(route.method(), route.path(), route.body(), "X-API-Key", "dev-acme-admin");
      try {
        route.expect().accept(r);
      } catch (AssertionError e) {
        failures.add(route.method() + " " + route.path() + ": " + e.getMessage());
      }
    }
    assertThat(failures).as("routes that reached demo's resources").isEmpty();

    assertThat(demoHead()).as("demo's ledger head").isEqualTo(demoHeadBefore);
    assertThat(demoJobs()).as("demo's job index").isEqualTo(demoJobsBefore);
    JsonNode after = demoScheduleState();
    assertThat(after.get("paused")).isEqualTo(demoScheduleBefore.get("paused"));
    assertThat(after.get("cron")).isEqualTo(demoScheduleBefore.get("cron"));
    assertThat(after.get("note")).isEqualTo(demoScheduleBefore.get("note"));
    assertThat(after.get("recentRuns")).as("demo's schedule has not run").isEmpty();
    // the artifact is still there for demo
    assertThat(
            raw.send(
                    "GET", "/exports/" + demoJob + "/artifact", null, "X-API-Key", "dev-demo-admin")
                .status())
        .isEqualTo(200);
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
}
