package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.ledger.LedgerStore;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 2, done-when 8: a worker killed with SIGKILL in the middle of a 1,000,000-entry export,
 * then restarted, finishes the job from its last checkpoint, and the artifact is byte-identical to
 * that of an uninterrupted run.
 */
class WorkerCrashE2ETest {

  static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2025-07-01T00:00:00Z");
  static final int ENTRIES = 1_000_000;
  @RegisterExtension static final Stack stack = Stack.perClassWithoutWorker(Map.of());

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    LedgerFixtures.appendSpread(stack.apiBean(LedgerStore.class), "demo", FROM, TO, ENTRIES);
    System.out.printf("appended %,d entries in %.1f s%n", ENTRIES, (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void killedWorkerResumesAndProducesTheSameBytesAsAnUninterruptedRun() throws Exception {
    Map<String, Object> body =
        Map.of(
            "type", "ledger",
            "format", "ndjson",
            "range", Map.of("from", FROM.toString(), "to", TO.toString()));
    JobStore index = stack.apiBean(JobStore.class);
    String interrupted;
    WorkerProcess first =
        WorkerProcess.start(stack.workerEnvironment(), stack.dataDir.resolve("worker-1.log"));
    try {
      interrupted = http.post("/exports", body).json().get("id").asText();
      // kill as soon as the server holds a checkpoint: the resumed run must start from it
      WorkflowClient client = stack.apiBean(WorkflowClient.class);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> checkpointedEntries(client, interrupted) > 0);
      first.kill();
      long checkpointed = checkpointedEntries(client, interrupted);
      var atKill = index.find("demo", interrupted).orElseThrow().job();
      System.out.printf("killed the worker with a checkpoint at %,d entries%n", checkpointed);
      assertThat(atKill.status().wire()).isEqualTo("running");
      assertThat(checkpointed).isBetween(1L, (long) ENTRIES - 1);
    } finally {
      first.close();
    }

    WorkerProcess second =
        WorkerProcess.start(stack.workerEnvironment(), stack.dataDir.resolve("worker-2.log"));
    try {
      JsonNode resumed = awaitCompleted(interrupted);
      assertThat(second.output()).contains("resuming extraction of " + interrupted);
      String uninterrupted = http.post("/exports", body).json().get("id").asText();
      JsonNode clean = awaitCompleted(uninterrupted);

      assertThat(resumed.get("artifact").get("entryCount").asLong()).isEqualTo(ENTRIES);
      assertThat(resumed.get("artifact").get("sizeBytes").asLong())
          .isEqualTo(clean.get("artifact").get("sizeBytes").asLong());
      assertThat(resumed.get("artifact").get("sha256").asText())
          .isEqualTo(clean.get("artifact").get("sha256").asText());
      // and the stored bytes really are what the digest says
      Http.Response head = http.get("/exports/" + interrupted + "/artifact", "Range", "bytes=0-99");
      assertThat(head.status()).isEqualTo(206);
      assertThat(head.text()).startsWith("{\"seq\":1,");
    } finally {
      second.close();
    }
  }

  /** Entries in the extraction's last heartbeat as the server recorded it; 0 if none yet. */
  static long checkpointedEntries(WorkflowClient client, String id) {
    var pending = Workflows.describe(client, id).getPendingActivitiesList();
    for (var activity : pending) {
      if (activity.getActivityType().getName().equals("ExtractLedgerEntries")
          && activity.hasHeartbeatDetails()
          && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
        Map<?, ?> checkpoint =
            DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                activity.getHeartbeatDetails().getPayloads(0), Map.class, Map.class);
        return ((Number) checkpoint.get("entries")).longValue();
      }
    }
    return 0;
  }

  static JsonNode awaitCompleted(String id) {
    return http.awaitStatus(id, "completed", Duration.ofMinutes(5), Duration.ofSeconds(1));
  }
}
