package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.ledger.LedgerStore;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 11, done-when 2, on PostgreSQL and the real dev server: with the ledger made unwritable in
 * the middle of a run (a trigger that raises on every insert into {@code ledger_entries}), a
 * download, a cancel and a schedule pause each answer 503 {@code unavailable} and change nothing:
 * no artifact byte is sent, the job is not cancelled (Temporal never hears of it), the schedule is
 * not paused, the ledger and the job index are as they were. So do the other audited actions: a
 * retry (the cancelled job's run stays the last), a retention change, and a schedule's update,
 * resume, backfill and deletion (the schedules stay as they were, with no run). Once the ledger is
 * writable again, the same calls work.
 */
class LedgerFailClosedE2ETest {

  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  static final String SCHEMA = "failclosed_" + UUID.randomUUID().toString().substring(0, 8);

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(SCHEMA, Map.of())
          .startingWorker()
          .withEntries("demo", FROM, TO, 500);

  static final Http http = stack.http("dev-demo-writer");
  static String completed;
  static String pending;
  static String cancelled;
  static byte[] artifact;

  @BeforeAll
  static void start() throws Exception {
    completed = create();
    http.awaitStatus(completed, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    Http.Response download = http.get("/exports/" + completed + "/artifact");
    assertThat(download.status()).isEqualTo(200);
    artifact = download.body();
    Http.Response schedule =
        http.post(
            "/export-schedules",
            Map.of(
                "id", "fail-closed",
                // Feb 29th: it never runs during the test
                "cron", "0 2 29 2 *",
                "window", "P1D",
                "job", Map.of("type", "ledger")));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);
    Http.Response pausedSchedule =
        http.post(
            "/export-schedules",
            Map.of(
                "id", "fail-closed-paused",
                "cron", "0 2 29 2 *",
                "window", "P1D",
                "paused", true,
                "job", Map.of("type", "ledger")));
    assertThat(pausedSchedule.status()).as(pausedSchedule.text()).isEqualTo(201);
    // a job that may be retried
    cancelled = create();
    assertThat(http.post("/exports/" + cancelled + "/cancel", "").status()).isEqualTo(202);
    http.awaitStatus(cancelled, "cancelled", Duration.ofMinutes(2), Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> closedAs(cancelled, CANCELED));
    // a job that waits (no worker polls), so that it can be cancelled
    stack.stopWorker();
    pending = create();
    // the workflow's own entries are all written before the ledger breaks
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.get("/ledger/entries?action=export.completed&resource=export:" + completed)
                        .json()
                        .get("items")
                        .size()
                    == 1);
  }

  static String create() {
    Http.Response r =
        http.post(
            "/exports",
            Map.of(
                "type", "ledger", "range", Map.of("from", FROM.toString(), "to", TO.toString())));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  @Test
  void withTheLedgerUnwritableNothingHappensAndNoByteLeaves() throws Exception {
    ChainHead headBefore = head();
    List<Map<String, Object>> jobsBefore = jobs();
    String bytesMarker = new String(artifact, 0, 60, java.nio.charset.StandardCharsets.UTF_8);

    breakLedger(true);
    try {
      Http.Response download = http.get("/exports/" + completed + "/artifact");
      assertUnavailable(download);
      assertThat(download.text()).doesNotContain(bytesMarker);
      assertThat(download.header("Content-Disposition")).isNull();
      Http.Response ranged = http.get("/exports/" + completed + "/artifact", "Range", "bytes=0-9");
      assertUnavailable(ranged);
      assertThat(ranged.header("Content-Range")).isNull();

      assertUnavailable(http.post("/exports/" + pending + "/cancel", ""));
      assertUnavailable(http.post("/export-schedules/fail-closed/pause", Map.of("note", "x")));
      // and the others of the list, for good measure
      assertUnavailable(
          http.post(
              "/exports",
              Map.of(
                  "type",
                  "ledger",
                  "range",
                  Map.of("from", FROM.toString(), "to", TO.toString()))));
      assertUnavailable(http.delete("/exports/" + completed + "/artifact"));
      assertUnavailable(http.post("/export-schedules/fail-closed/trigger", ""));
      assertUnavailable(http.post("/exports/" + cancelled + "/retry", ""));
      assertUnavailable(http.patch("/exports/" + completed, Map.of("retention", "P60D")));
      assertUnavailable(http.patch("/export-schedules/fail-closed", Map.of("cron", "0 3 29 2 *")));
      assertUnavailable(
          http.post("/export-schedules/fail-closed-paused/resume", Map.of("note", "x")));
      assertUnavailable(
          http.post(
              "/export-schedules/fail-closed/backfill",
              Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-10-03T00:00:00Z")));
      assertUnavailable(http.delete("/export-schedules/fail-closed"));
      assertUnavailable(http.delete("/export-schedules/fail-closed-paused"));

      assertThat(head()).as("the ledger").isEqualTo(headBefore);
      assertThat(jobs()).as("the job index").isEqualTo(jobsBefore);
      JsonNode schedule = http.get("/export-schedules/fail-closed").json();
      assertThat(schedule.get("paused").asBoolean()).isFalse();
      assertThat(schedule.get("cron").asText()).isEqualTo("0 2 29 2 *");
      assertThat(schedule.get("recentRuns")).isEmpty();
      Http.Response paused = http.get("/export-schedules/fail-closed-paused");
      assertThat(paused.status()).as("the paused schedule is still there").isEqualTo(200);
      assertThat(paused.json().get("paused").asBoolean()).isTrue();
      assertThat(paused.json().get("recentRuns")).isEmpty();
      assertThat(http.get("/exports/" + completed).json().get("retention").asText())
          .isNotEqualTo("P60D");
      assertThat(cancelRequested(pending)).as("Temporal heard of a cancel").isFalse();
      assertThat(closedAs(cancelled, CANCELED)).as("no new run of the cancelled job").isTrue();
    } finally {
      breakLedger(false);
    }

    // writable again: the same calls are carried out, and recorded
    Http.Response download = http.get("/exports/" + completed + "/artifact");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(artifact);
    assertThat(http.post("/exports/" + pending + "/cancel", "").status()).isEqualTo(202);
    // a cancel request that reaches the server while one of the workflow's tasks runs is held
    // back until that task completes: the event can come into history just after the call returns
    await().atMost(Duration.ofSeconds(10)).until(() -> cancelRequested(pending));
    Http.Response paused = http.post("/export-schedules/fail-closed/pause", Map.of("note", "x"));
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().get("paused").asBoolean()).isTrue();
    assertThat(head().seq()).isEqualTo(headBefore.seq() + 3);
  }

  private static void assertUnavailable(Http.Response r) {
    assertThat(r.status()).as(r.text()).isEqualTo(503);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.get("code").asText()).isEqualTo("unavailable");
  }

  /** Installs (or drops) a trigger that makes every insert into ledger_entries fail. */
  private static void breakLedger(boolean broken) throws SQLException {
    RealServers.Postgres pg = RealServers.postgres();
    try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
        Statement st = c.createStatement()) {
      if (broken) {
        st.execute(
            "CREATE OR REPLACE FUNCTION "
                + SCHEMA
                + ".refuse_ledger_insert() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'the ledger is not writable (test)'; END $$");
        st.execute(
            "CREATE TRIGGER refuse_ledger_insert BEFORE INSERT ON "
                + SCHEMA
                + ".ledger_entries FOR EACH ROW EXECUTE FUNCTION "
                + SCHEMA
                + ".refuse_ledger_insert()");
      } else {
        st.execute("DROP TRIGGER IF EXISTS refuse_ledger_insert ON " + SCHEMA + ".ledger_entries");
      }
    }
  }

  private static ChainHead head() {
    return stack.apiBean(LedgerStore.class).head("demo");
  }

  private static List<Map<String, Object>> jobs() {
    return stack
        .apiBean(JdbcClient.class)
        .sql(
            "SELECT id, status, attempt, revision, retention, expires_at, updated_at,"
                + " artifact_location FROM export_jobs ORDER BY id")
        .query()
        .listOfRows();
  }

  static final EventType CANCELED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED;

  /** Whether the job's latest workflow run ended with {@code closing} as its last event. */
  private static boolean closedAs(String id, EventType closing) {
    List<io.temporal.api.history.v1.HistoryEvent> events =
        stack.apiBean(WorkflowClient.class).fetchHistory(id).getHistory().getEventsList();
    return !events.isEmpty() && events.get(events.size() - 1).getEventType() == closing;
  }

  private static boolean cancelRequested(String id) {
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    return client.fetchHistory(id).getHistory().getEventsList().stream()
        .anyMatch(
            e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }
}
