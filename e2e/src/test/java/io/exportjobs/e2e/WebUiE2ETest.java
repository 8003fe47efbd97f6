package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
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
 * Issue 7, done-when 1: from the Temporal Web UI in headless chromium, an operator finds a
 * completed and a failed export by their search attributes and reads why the failed one failed.
 * Screenshots of the lists and of the failed job's page are kept under {@code
 * e2e/target/screenshots/}.
 */
class WebUiE2ETest {

  static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-06-02T00:00:00Z");
  static final Path brokenStore = Stack.tempDir("exportjobs-webui-").resolve("store");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(Map.of("exportjobs.artifacts.targets.broken.path", brokenStore.toString()))
          .withEntries("demo", FROM, TO, 1_000);

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    RealServers.browser();
    RealServers.temporalUi();
  }

  @AfterAll
  static void stop() {
    if (brokenStore != null) {
      Stack.deleteQuietly(brokenStore.getParent());
    }
  }

  @Test
  void operatorFindsCompletedAndFailedExportsBySearchAttributesAndSeesTheError() throws Exception {
    // the fault: the store's root is a regular file, so publishing cannot create its folders
    Files.createDirectories(brokenStore.getParent());
    Files.writeString(brokenStore, "not a directory");
    String completedId = submit("default");
    String failedId = submit("broken");
    JsonNode completed =
        http.awaitStatus(completedId, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    JsonNode failed =
        http.awaitStatus(failedId, "failed", Duration.ofMinutes(2), Duration.ofMillis(200));
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("artifact_write_failed");

    // this stack's own task queue keeps other test classes' demo jobs out of the lists
    // (and the job workflows only: a completed job's ExportRetention carries its attributes too)
    String mine =
        "WorkflowType=\"ExportWorkflow\" AND ExportTenant=\"demo\" AND TaskQueue=\""
            + stack.taskQueue
            + "\"";
    String failedQuery = "ExportStatus=\"failed\" AND " + mine;
    String completedQuery = "ExportStatus=\"completed\" AND " + mine;
    // the UI reads the same visibility store: wait until it holds the final statuses
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    awaitVisible(client, failedQuery, failedId);
    awaitVisible(client, completedQuery, completedId);

    String summary =
        "demo · ledger/csv · 2026-06-01T00:00Z..2026-06-02T00:00Z · by dev-demo-writer";
    try (WebUi ui = WebUi.open(RealServers.temporalUi(), "default")) {
      ui.showExportColumns();
      ui.openWorkflowList(failedQuery);
      String failedRow = ui.awaitListed(failedId);
      assertThat(ui.listedWorkflowIds()).containsExactly(failedId);
      // the search attributes as columns: tenant, type and status of the job
      assertThat(failedRow).contains("demo", "ledger", "failed");
      ui.screenshot("webui-list-failed");

      ui.openWorkflowList(completedQuery);
      String completedRow = ui.awaitListed(completedId);
      assertThat(ui.listedWorkflowIds()).containsExactly(completedId);
      assertThat(completedRow).contains("demo", "ledger", "completed");
      ui.screenshot("webui-list-completed");

      ui.openWorkflow(failedId, failed.get("runId").asText());
      // red, with the workflow's failure message at the top of its Result ...
      ui.awaitText("FAILED", failedId, error.get("message").asText());
      // ... and the job's error (code, message, activity, attempts) as its details
      ui.awaitResultEnd(
          "\"code\": \"artifact_write_failed\"",
          "\"activity\": \"PublishArtifact\"",
          "\"attempts\": 3");
      ui.screenshot("webui-failed-detail");

      ui.openTab("Memo");
      ui.awaitText("\"summary\": \"" + summary + "\"");
      ui.openTab("User Metadata");
      ui.awaitText("Summary", "Details");
      ui.screenshot("webui-failed-summary");
    }
  }

  static String submit(String target) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("format", "csv");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    body.put("target", target);
    Http.Response r = http.post("/exports", body);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  static void awaitVisible(WorkflowClient client, String query, String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                client
                    .listExecutions(query)
                    .anyMatch(e -> e.getExecution().getWorkflowId().equals(id)));
  }
}
