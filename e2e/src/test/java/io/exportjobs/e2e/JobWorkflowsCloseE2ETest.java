package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exportjobs.shared.workflow.TemporalNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, done-when 1: a completed, a failed and a cancelled job close their ExportWorkflow as
 * COMPLETED, FAILED and CANCELED, no ExportWorkflow of them is counted Running, and the Web UI's
 * list (headless chromium, screenshot kept) shows them so, with the completed job's retention
 * workflow listed as what it is: a running ExportRetention.
 */
class JobWorkflowsCloseE2ETest {

  static final Instant FROM = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-07-02T00:00:00Z");
  static final Path brokenStore = Stack.tempDir("exportjobs-close-").resolve("store");

  // no worker yet: the job to cancel is cancelled before any worker picks it up
  @RegisterExtension
  static final Stack stack =
      Stack.perClassWithoutWorker(
              Map.of("exportjobs.artifacts.targets.broken.path", brokenStore.toString()))
          .withEntries("demo", FROM, TO, 1_000);

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    RealServers.browser();
    RealServers.temporalCliRequired();
  }

  @AfterAll
  static void stop() {
    if (brokenStore != null) {
      Stack.deleteQuietly(brokenStore.getParent());
    }
  }

  @Test
  void finishedJobsCloseTheirWorkflowsAndOnlyTheRetentionWorkflowRuns() throws Exception {
    // the fault: the store's root is a regular file, so publishing cannot create its folders
    Files.createDirectories(brokenStore.getParent());
    Files.writeString(brokenStore, "not a directory");
    String completed = submit("default");
    String failed = submit("broken");
    String cancelled = submit("default");
    assertThat(http.post("/exports/" + cancelled + "/cancel", "").status()).isEqualTo(202);
    stack.startWorker();

    http.awaitStatus(completed, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    http.awaitStatus(failed, "failed", Duration.ofMinutes(2), Duration.ofMillis(200));
    http.awaitStatus(cancelled, "cancelled", Duration.ofMinutes(2), Duration.ofMillis(200));

    // temporal workflow describe: each job's workflow closed the way its job ended
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(describe(completed)).containsPattern("Status\\s+COMPLETED");
              assertThat(describe(failed)).containsPattern("Status\\s+FAILED");
              assertThat(describe(cancelled)).containsPattern("Status\\s+CANCELED");
            });
    String retention = TemporalNames.retentionWorkflowId(completed);
    assertThat(describe(retention)).containsPattern("Type\\s+ExportRetention");

    // temporal workflow count: no job workflow of this stack is running (its own task queue keeps
    // other test classes' jobs out), and the one retention workflow is
    String mine = " AND TaskQueue='" + stack.taskQueue + "'";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      count("WorkflowType='ExportWorkflow' AND ExecutionStatus='Running'" + mine))
                  .isEqualTo("Total: 0");
              assertThat(
                      count("WorkflowType='ExportRetention' AND ExecutionStatus='Running'" + mine))
                  .isEqualTo("Total: 1");
              assertThat(count("WorkflowType='ExportWorkflow'" + mine)).isEqualTo("Total: 3");
            });

    // the Web UI's list, as an operator filters it
    String query = "TaskQueue=\"" + stack.taskQueue + "\"";
    try (WebUi ui = WebUi.open(RealServers.temporalUi(), "default")) {
      ui.showColumns("Status", "Workflow ID", "Type", "ExportStatus", "ExportExpiresAt", "End");
      ui.openWorkflowList(query);
      String completedRow = ui.awaitListed(completed);
      String failedRow = ui.awaitListed(failed);
      String cancelledRow = ui.awaitListed(cancelled);
      String retentionRow = ui.awaitListed(retention);
      assertThat(ui.listedWorkflowIds())
          .containsExactlyInAnyOrder(completed, failed, cancelled, retention);
      // the status badges read COMPLETED, FAILED, CANCELED, RUNNING
      assertThat(completedRow).contains("COMPLETED", "ExportWorkflow").doesNotContain("RUNNING");
      assertThat(failedRow).contains("FAILED", "ExportWorkflow").doesNotContain("RUNNING");
      assertThat(cancelledRow).contains("CANCELED", "ExportWorkflow").doesNotContain("RUNNING");
      assertThat(retentionRow).contains("RUNNING", "ExportRetention", "completed");
      ui.screenshot("webui-list-job-workflows-closed");
    }
  }

  static String submit(String target) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", target);
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  static String describe(String workflowId) throws Exception {
    return Cli.run(
        RealServers.temporalCliRequired(),
        "workflow",
        "describe",
        "--address",
        stack.temporalAddress,
        "--workflow-id",
        workflowId);
  }

  static String count(String query) throws Exception {
    return Cli.run(
            RealServers.temporalCliRequired(),
            "workflow",
            "count",
            "--address",
            stack.temporalAddress,
            "--query",
            query)
        .trim();
  }
}
