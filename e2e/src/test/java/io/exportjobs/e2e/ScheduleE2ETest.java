package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 6 on the real dev server: export schedules as Temporal Schedules. */
class ScheduleE2ETest {

  // a tighter policy for demo, so that a schedule's template can be denied
  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.policy.tenants.demo.max-range-span", "P7D"));

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    Instant now = Instant.now();
    LedgerFixtures.appendSpread(
        stack.apiBean(LedgerStore.class), "demo", now.minus(Duration.ofDays(2)), now, 2_000);
  }

  static Map<String, Object> schedule(String id, String cron, String timezone, String window) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("cron", cron);
    body.put("timezone", timezone);
    body.put("window", window);
    body.put("job", Map.of("type", "ledger", "format", "ndjson", "labels", Map.of("s", id)));
    return body;
  }

  static String unique(String name) {
    return name + "-" + Long.toString(System.nanoTime(), 36);
  }

  static List<JsonNode> jobsOf(String scheduleId) {
    List<JsonNode> jobs = new ArrayList<>();
    http.get("/exports?pageSize=200&scheduleId=" + scheduleId)
        .json()
        .get("items")
        .forEach(jobs::add);
    return jobs;
  }

  @Test
  void nextRunsComeFromTheServerAndEqualThePreview() {
    String id = unique("nightly");
    Http.Response created =
        http.post("/export-schedules", schedule(id, "0 2 * * *", "Europe/Berlin", "P1D"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/export-schedules/" + id);
    JsonNode schedule = http.get("/export-schedules/" + id).json();
    assertThat(schedule.get("cron").asText()).isEqualTo("0 2 * * *");
    assertThat(schedule.get("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(schedule.get("paused").asBoolean()).isFalse();
    JsonNode preview =
        http.get("/export-schedules/preview?cron=0%202%20*%20*%20*&timezone=Europe/Berlin&count=5")
            .json();
    assertThat(schedule.get("nextRuns")).hasSize(5);
    assertThat(schedule.get("nextRuns")).isEqualTo(preview.get("nextRuns"));
    // and the tenant's list has it
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(http.get("/export-schedules").json().get("items").findValuesAsText("id"))
                    .contains(id));
    assertThat(http.as("dev-acme-admin").get("/export-schedules/" + id).status()).isEqualTo(404);
  }

  @Test
  void triggerRunsAJobOverTheWindowEndingAtItsScheduledTimeAndDeleteKeepsIt() {
    String id = unique("now");
    assertThat(http.post("/export-schedules", schedule(id, "0 3 1 1 *", "UTC", "PT6H")).status())
        .isEqualTo(201);
    assertThat(http.post("/export-schedules/" + id + "/trigger", "").status()).isEqualTo(202);

    await().atMost(Duration.ofMinutes(1)).until(() -> jobsOf(id).size() == 1);
    String jobId = jobsOf(id).get(0).get("id").asText();
    assertThat(jobId).startsWith("exp-demo-sched-" + id + "-");
    JsonNode job =
        http.awaitStatus(jobId, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    assertThat(job.get("scheduleId").asText()).isEqualTo(id);
    Instant from = Instant.parse(job.get("range").get("from").asText());
    Instant to = Instant.parse(job.get("range").get("to").asText());
    assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(6));
    assertThat(job.get("artifact").get("entryCount").asLong()).isPositive();
    // nobody asked for this run but the schedule: the service requested it itself
    JsonNode requested =
        http.get("/ledger/entries?action=export.requested&resource=export:" + jobId)
            .json()
            .get("items");
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).get("actor").asText()).isEqualTo("system");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode recent = http.get("/export-schedules/" + id).json().get("recentRuns");
              assertThat(recent).hasSize(1);
              assertThat(recent.get(0).get("jobId").asText()).isEqualTo(jobId);
              assertThat(recent.get(0).get("status").asText()).isEqualTo("completed");
              // the window ends exactly at the run's scheduled time
              assertThat(Instant.parse(recent.get(0).get("scheduledAt").asText())).isEqualTo(to);
            });

    assertThat(http.delete("/export-schedules/" + id).status()).isEqualTo(204);
    assertThat(http.get("/export-schedules/" + id).status()).isEqualTo(404);
    assertThat(http.get("/exports/" + jobId).json().get("status").asText()).isEqualTo("completed");
    assertThat(http.get("/exports/" + jobId + "/artifact").status()).isEqualTo(200);
  }

  @Test
  void backfillOfThreeDaysOfAnHourlyScheduleStartsOneJobPerHourWithContiguousWindows() {
    String id = unique("hourly");
    Map<String, Object> body = schedule(id, "0 * * * *", "UTC", "PT1H");
    body.put("paused", true);
    assertThat(http.post("/export-schedules", body).status()).isEqualTo(201);
    Instant from = Instant.parse("2026-11-01T00:00:00Z");
    Instant to = Instant.parse("2026-11-04T00:00:00Z");
    Http.Response backfill =
        http.post(
            "/export-schedules/" + id + "/backfill",
            Map.of("from", from.toString(), "to", to.toString()));
    assertThat(backfill.status()).as(backfill.text()).isEqualTo(202);

    await().atMost(Duration.ofMinutes(3)).until(() -> jobsOf(id).size() >= 72);
    List<JsonNode> jobs = new ArrayList<>(jobsOf(id));
    assertThat(jobs).hasSize(72);
    jobs.sort(Comparator.comparing(j -> Instant.parse(j.get("range").get("from").asText())));
    Instant expected = from.minus(Duration.ofHours(1));
    for (JsonNode job : jobs) {
      Instant f = Instant.parse(job.get("range").get("from").asText());
      Instant t = Instant.parse(job.get("range").get("to").asText());
      assertThat(f).as("no gap, no overlap").isEqualTo(expected);
      assertThat(t).isEqualTo(f.plus(Duration.ofHours(1)));
      expected = t;
    }
    assertThat(expected).isEqualTo(to.minus(Duration.ofHours(1)));
  }

  static List<JsonNode> jobsOf(Http client, String scheduleId) {
    List<JsonNode> jobs = new ArrayList<>();
    client
        .get("/exports?pageSize=200&scheduleId=" + scheduleId)
        .json()
        .get("items")
        .forEach(jobs::add);
    return jobs;
  }

  @Test
  void pausedScheduleRunsNothingUntilResumed() throws Exception {
    String id = unique("minutely");
    assertThat(http.post("/export-schedules", schedule(id, "* * * * *", "UTC", "PT1M")).status())
        .isEqualTo(201);
    Http.Response paused =
        http.post("/export-schedules/" + id + "/pause", Map.of("note", "incident INC-7"));
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().get("paused").asBoolean()).isTrue();
    assertThat(paused.json().get("note").asText()).isEqualTo("incident INC-7");
    String temporalId = "export-schedule-demo-" + id;
    String described =
        Cli.run(
            RealServers.temporalCliRequired(),
            "schedule",
            "describe",
            "--address",
            stack.temporalAddress,
            "--schedule-id",
            temporalId,
            "-o",
            "json");
    assertThat(described).contains("\"paused\": true").contains("incident INC-7");
    // two minutes paused: no run
    Instant pausedUntil = Instant.now().plus(Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(5))
        .until(
            () -> {
              assertThat(jobsOf(id)).isEmpty();
              return Instant.now().isAfter(pausedUntil);
            });
    assertThat(http.get("/export-schedules/" + id).json().get("recentRuns")).isEmpty();

    assertThat(http.post("/export-schedules/" + id + "/resume", "").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(100)).until(() -> !jobsOf(id).isEmpty());
    assertThat(http.post("/export-schedules/" + id + "/pause", "").status()).isEqualTo(200);
  }

  @Test
  void theScheduleListPagesWithoutDuplicatesOrGaps() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = unique("paged" + i);
      assertThat(http.post("/export-schedules", schedule(id, "0 4 * * *", "UTC", "P1D")).status())
          .isEqualTo(201);
      created.add(id);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> seen = new ArrayList<>();
              String token = null;
              int pages = 0;
              do {
                JsonNode page =
                    http.get(
                            "/export-schedules?pageSize=2"
                                + (token == null ? "" : "&pageToken=" + token))
                        .json();
                assertThat(page.get("items").size()).isBetween(1, 2);
                page.get("items").forEach(item -> seen.add(item.get("id").asText()));
                token =
                    page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
                pages++;
              } while (token != null && pages < 100);
              assertThat(seen).doesNotHaveDuplicates().containsAll(created);
              assertThat(seen).isSortedAccordingTo(Comparator.reverseOrder());
            });
    assertThat(http.get("/export-schedules?pageSize=0").status()).isEqualTo(400);
    assertThat(http.get("/export-schedules?pageToken=%25%25").status()).isEqualTo(400);
  }

  @Test
  void invalidSchedulesAreRefusedAndCreateNothing() {
    List<Map<String, Object>> bad = new ArrayList<>();
    bad.add(schedule(unique("bad"), "not a cron", "UTC", "P1D"));
    bad.add(schedule(unique("bad"), "0 0 2 * * *", "UTC", "P1D"));
    bad.add(schedule(unique("bad"), "61 * * * *", "UTC", "P1D"));
    bad.add(schedule(unique("bad"), "0 2 * * *", "Mars/Olympus_Mons", "P1D"));
    bad.add(schedule(unique("bad"), "0 2 * * *", "UTC", "PT0S"));
    bad.add(schedule(unique("bad"), "0 2 * * *", "UTC", "-P1D"));
    for (Map<String, Object> body : bad) {
      Http.Response r = http.post("/export-schedules", body);
      assertThat(r.status()).as(r.text()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.json().get("code").asText()).isEqualTo("validation_failed");
      assertThat(http.get("/export-schedules/" + body.get("id")).status()).isEqualTo(404);
    }
    // a window longer than the tenant's maximum range span: outside the policy's bounds (422)
    Map<String, Object> restricted = schedule(unique("wide"), "0 2 * * *", "UTC", "P30D");
    Http.Response denied = http.post("/export-schedules", restricted);
    assertThat(denied.status()).as(denied.text()).isEqualTo(422);
    assertThat(denied.json().get("code").asText()).isEqualTo("out_of_bounds");
    assertThat(http.get("/export-schedules/" + restricted.get("id")).status()).isEqualTo(404);
  }
}
