package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.pack.signing.KeysDirectory;
import io.exportjobs.pack.verify.PackVerification;
import io.exportjobs.pack.verify.PackVerifier;
import io.exportjobs.pack.verify.PublicKeys;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.signing.SigningKeys;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14, done-when 4, on the Temporal dev server: an incremental schedule triggered with appends
 * between its runs, one run failing (an entry changed in the database, then put back), yields packs
 * whose seq spans tile {@code [1, head]} without gap or overlap, each proving consistency with the
 * previous one; an entry changed behind the service's back fails the next run with {@code
 * error.code = ledger_inconsistent}. The signing keys are rotated between two runs: the run after
 * the rotation opens its previous checkpoint with the retired key, which stays trusted.
 */
class IncrementalScheduleE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static long lastTrigger;

  @TempDir Path tmp;

  @Test
  void runsTileTheLedgerAndEachProvesItExtendsThePrevious() throws Exception {
    try (Stack stack = Stack.withWorker(Map.of())) {
      Http http = new Http(stack.baseUrl(), "dev-demo-writer");
      LedgerStore ledger = stack.apiBean(LedgerStore.class);
      JdbcTemplate sql = stack.apiBean(JdbcTemplate.class);
      String id = "incr-" + Long.toString(System.nanoTime(), 36);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("cron", "0 3 1 1 *");
      body.put("mode", "incremental");
      body.put("job", Map.of("type", "evidence_pack"));
      Http.Response created = http.post("/export-schedules", body);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      JsonNode schedule = http.get("/export-schedules/" + id).json();
      assertThat(schedule.get("mode").asText()).isEqualTo("incremental");
      assertThat(schedule.get("startSeq").asLong()).isEqualTo(1);

      List<JsonNode> completed = new ArrayList<>();
      for (int run = 1; run <= 5; run++) {
        append(ledger, run);
        if (run == 3) {
          // a run made to fail: an entry of its span changed in the database, put back after
          long seq = ledger.head("demo").seq();
          String attributes = attributesOf(sql, seq);
          sql.update(
              "UPDATE ledger_entries SET attributes = ? WHERE tenant = 'demo' AND seq = ?",
              "{\"n\":-1}",
              seq);
          JsonNode failed = trigger(stack, http, id, "failed");
          assertThat(failed.get("error").get("code").asText()).isEqualTo("ledger_inconsistent");
          sql.update(
              "UPDATE ledger_entries SET attributes = ? WHERE tenant = 'demo' AND seq = ?",
              attributes,
              seq);
        } else {
          if (run == 4) {
            // the keys are rotated between two runs: the next run's previous checkpoint is
            // signed by the retired key, and the run still checks it before it publishes
            KeysDirectory.rotate(stack.workerBean(SigningKeys.class).keysDir());
          }
          completed.add(trigger(stack, http, id, "completed"));
        }
      }

      PublicKeys keys = ServedKeys.of(http);
      long expectedFrom = 1;
      String previousCheckpoint = null;
      List<String> signedBy = new ArrayList<>();
      for (JsonNode job : completed) {
        long fromSeq = job.get("range").get("fromSeq").asLong();
        long toSeq = job.get("range").get("toSeq").asLong();
        assertThat(fromSeq).as("no gap, no overlap").isEqualTo(expectedFrom);
        assertThat(toSeq).isGreaterThan(fromSeq);
        Path pack = tmp.resolve(job.get("id").asText() + ".tar.gz");
        Files.write(pack, http.get("/exports/" + job.get("id").asText() + "/artifact").body());
        Map<String, byte[]> files = PackArchive.extract(pack, tmp.resolve(job.get("id").asText()));
        JsonNode proof = JSON.readTree(files.get("proof.json"));
        assertThat(proof.get("span").get("firstSeq").asLong()).isEqualTo(fromSeq);
        assertThat(proof.get("span").get("lastSeq").asLong()).isEqualTo(toSeq - 1);
        assertThat(proof.get("treeSize").asLong()).isEqualTo(toSeq - 1);
        assertThat(proof.get("complete").asBoolean()).isTrue();

        PackVerification verified = PackVerifier.verify(pack, keys, previousCheckpoint);
        assertThat(verified.problems()).as(job.get("id").asText()).isEmpty();
        assertThat(verified.valid()).isTrue();
        signedBy.add(verified.signature().keyId());
        String expectedDetail = previousCheckpoint == null ? "none" : "extends the previous";
        assertThat(verified.checks())
            .filteredOn(c -> c.name().equals("previous"))
            .singleElement()
            .satisfies(c -> assertThat(c.detail()).contains(expectedDetail));
        if (previousCheckpoint != null) {
          // given another checkpoint than the one it follows, the previous check fails
          String own = new String(files.get("checkpoint"), StandardCharsets.UTF_8);
          PackVerification wrong = PackVerifier.verify(pack, keys, own);
          assertThat(wrong.valid()).isFalse();
        }
        previousCheckpoint = new String(files.get("checkpoint"), StandardCharsets.UTF_8);
        expectedFrom = toSeq;
      }
      assertThat(completed).hasSize(4);
      // runs 1 and 2 signed by the first key, runs 4 and 5 by the one that replaced it
      assertThat(signedBy.get(0)).isEqualTo(signedBy.get(1));
      assertThat(signedBy.get(2)).isEqualTo(signedBy.get(3)).isNotEqualTo(signedBy.get(1));

      // a ledger rewritten behind the service's back: the next run fails, saying why
      append(ledger, 6);
      long seq = ledger.head("demo").seq() - 3;
      sql.update(
          "UPDATE ledger_entries SET actor = 'mallory' WHERE tenant = 'demo' AND seq = ?", seq);
      JsonNode rewritten = trigger(stack, http, id, "failed");
      assertThat(rewritten.get("error").get("code").asText()).isEqualTo("ledger_inconsistent");
      assertThat(rewritten.get("error").get("message").asText()).contains("seq " + seq);
    }
  }

  private static void append(LedgerStore ledger, int run) {
    List<NewLedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(
          new NewLedgerEntry(
              Instant.parse("2026-10-01T00:00:00Z").plusSeconds(run * 100L + i),
              "alice",
              "document.read",
              "doc/" + run + "/" + i,
              Outcome.SUCCESS,
              Map.of("n", i)));
    }
    ledger.append("demo", entries);
  }

  private static String attributesOf(JdbcTemplate sql, long seq) {
    return sql.queryForObject(
        "SELECT attributes FROM ledger_entries WHERE tenant = 'demo' AND seq = ?",
        String.class,
        seq);
  }

  /** Triggers a run and waits until its job is {@code status}; answers the job. */
  private static JsonNode trigger(Stack stack, Http http, String scheduleId, String status) {
    // Temporal names a triggered run by its time in whole seconds: one trigger a second
    long previous = lastTrigger;
    await().until(() -> Instant.now().getEpochSecond() > previous);
    lastTrigger = Instant.now().getEpochSecond();
    Set<String> before = new java.util.HashSet<>(jobIds(http, scheduleId));
    assertThat(http.post("/export-schedules/" + scheduleId + "/trigger", "").status())
        .isEqualTo(202);
    String[] jobId = new String[1];
    try {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                List<String> now = jobIds(http, scheduleId);
                now.removeAll(before);
                jobId[0] = now.isEmpty() ? null : now.get(0);
                return jobId[0] != null;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.println(
          "no new run; the schedule: " + http.get("/export-schedules/" + scheduleId).text());
      System.out.println(
          "its jobs: " + http.get("/exports?pageSize=200&scheduleId=" + scheduleId).text());
      throw e;
    }
    JsonNode job =
        http.awaitStatus(jobId[0], status, Duration.ofMinutes(2), Duration.ofMillis(200));
    // the job is recorded completed or failed one step before its workflow closes; the schedule's
    // overlap policy (skip) drops a trigger sent while the run is still open. The scheduler learns
    // of the close a moment after it happens, and only its own view decides: wait for both.
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    ScheduleHandle handle =
        stack.apiBean(ScheduleClient.class).getHandle(TemporalNames.scheduleId("demo", scheduleId));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Workflows.status(client, jobId[0])
                        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
                    && handle.describe().getInfo().getRunningActions().isEmpty());
    return job;
  }

  private static List<String> jobIds(Http http, String scheduleId) {
    List<String> ids = new ArrayList<>();
    http.get("/exports?pageSize=200&scheduleId=" + scheduleId)
        .json()
        .get("items")
        .forEach(j -> ids.add(j.get("id").asText()));
    return ids;
  }
}
