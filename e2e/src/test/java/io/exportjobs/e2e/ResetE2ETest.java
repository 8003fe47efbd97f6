package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7, done-when 2: a job that failed on a broken artifact store is reset with the real {@code
 * temporal workflow reset --type FirstWorkflowTask} once the store is repaired, and completes under
 * the same id: one artifact, a correct job index, and no export.* ledger entry written twice.
 */
class ResetE2ETest {

  static final Instant FROM = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-05-02T00:00:00Z");
  static final int ENTRIES = 2_000;
  static final Path brokenStore = Stack.tempDir("exportjobs-reset-").resolve("store");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.artifacts.targets.broken.path", brokenStore.toString()))
          .withEntries("demo", FROM, TO, ENTRIES);

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    RealServers.temporalCliRequired();
  }

  @AfterAll
  static void stop() {
    if (brokenStore != null) {
      Stack.deleteQuietly(brokenStore.getParent());
    }
  }

  @Test
  void resetOfAFailedJobAfterTheFaultIsGoneCompletesItOnceUnderTheSameId() throws Exception {
    // the fault: the store's root is a regular file, so publishing cannot create its folders
    Files.createDirectories(brokenStore.getParent());
    Files.writeString(brokenStore, "not a directory");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("format", "csv");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", "broken");
    Http.Response created = http.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();

    JsonNode failed = http.awaitStatus(id, "failed", Duration.ofMinutes(2), Duration.ofMillis(100));
    assertThat(failed.get("error").get("code").asText()).isEqualTo("artifact_write_failed");
    String failedRun = failed.get("runId").asText();
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Workflows.status(client, id))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED));
    assertThat(auditActions(id))
        .containsExactly("export.requested", "export.started", "export.failed");

    // the operator repairs the store, then resets the run to its start
    Files.delete(brokenStore);
    String out =
        Cli.run(
            RealServers.temporalCliRequired(),
            "workflow",
            "reset",
            "--address",
            stack.temporalAddress,
            "--workflow-id",
            id,
            "--type",
            "FirstWorkflowTask",
            "--reason",
            "artifact store repaired");
    System.out.println("temporal workflow reset:\n" + out);

    // the job index says failed until the reset run records its first transition
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !http.get("/exports/" + id).json().get("runId").asText().equals(failedRun));
    JsonNode completed =
        http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(100));
    // the same job: same id and attempt, a new run, no error left, the artifact of that attempt
    assertThat(completed.get("id").asText()).isEqualTo(id);
    assertThat(completed.get("workflowId").asText()).isEqualTo(id);
    assertThat(completed.get("attempt").asInt()).isEqualTo(1);
    assertThat(completed.get("error").isNull()).isTrue();
    String resetRun = completed.get("runId").asText();
    assertThat(resetRun).isNotEqualTo(failedRun);
    assertThat(out).contains("Resetting workflow " + id);
    JsonNode artifact = completed.get("artifact");
    assertThat(artifact.get("entryCount").asLong()).isEqualTo(ENTRIES);
    assertThat(completed.get("progress").get("entriesExported").asLong()).isEqualTo(ENTRIES);
    // the reset run is the current one, closed with its job, and its retention workflow runs
    assertThat(Workflows.describe(client, id).getWorkflowExecutionInfo().getExecution().getRunId())
        .isEqualTo(resetRun);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Workflows.status(client, id))
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED));
    assertThat(
            Workflows.status(
                client, io.exportjobs.shared.workflow.TemporalNames.retentionWorkflowId(id)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(Workflows.exportStatus(client, id)).isEqualTo("completed"));
    // the job is listed once, as completed
    JsonNode listed = http.get("/exports?status=completed&status=failed&pageSize=200").json();
    List<String> statuses = new ArrayList<>();
    listed
        .get("items")
        .forEach(
            j -> {
              if (j.get("id").asText().equals(id)) {
                statuses.add(j.get("status").asText());
              }
            });
    assertThat(statuses).containsExactly("completed");

    // exactly one artifact in the store, and it is what the job index says
    try (Stream<Path> files = Files.walk(brokenStore)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> brokenStore.relativize(p).toString()))
          .containsExactly("demo/" + id + "/attempt-1/" + id + ".csv");
    }
    Http.Response download = http.get("/exports/" + id + "/artifact");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("ETag")).isEqualTo("\"" + artifact.get("sha256").asText() + "\"");
    assertThat(download.text().lines().count()).isEqualTo(ENTRIES + 1); // header + entries
    // no staging file left behind by either run
    assertThat(ExportOperationsE2ETest.filesMentioning(stack.dataDir.resolve("staging"), id))
        .isEmpty();

    // each export.* event of this attempt once: the reset run's requested and started carry the
    // same event keys as the failed run's, so the ledger keeps the first and adds only completed
    // (appended right after the job index turns completed), and the download above
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(auditActions(id))
                    .containsExactly(
                        "export.requested",
                        "export.started",
                        "export.failed",
                        "export.completed",
                        "export.downloaded"));
    JsonNode verify = http.get("/ledger/verify").json();
    assertThat(verify.get("valid").asBoolean()).as(verify.toString()).isTrue();
  }

  /** The export.* ledger entries about the job, in seq order. */
  static List<String> auditActions(String id) {
    Http.Response page = http.get("/ledger/entries?resource=export:" + id + "&pageSize=200");
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    List<String> actions = new ArrayList<>();
    page.json().get("items").forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }
}
