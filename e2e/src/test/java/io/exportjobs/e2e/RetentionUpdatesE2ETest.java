package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention on the real dev server (issue 12, done-when 2): {@code PT1M} expires on time, held by
 * the job's ExportRetention workflow; PATCH /exports/{id} (update {@code setRetention}) and DELETE
 * /exports/{id}/artifact (update {@code deleteArtifact}) reach that workflow, while the job's own
 * ExportWorkflow is long closed: the new expiresAt counted from completedAt, the policy's bounds
 * checked first, 409 once no longer completed, 404 for another tenant.
 */
class RetentionUpdatesE2ETest {

  @RegisterExtension static final Stack stack = Stack.perClass(Map.of());

  static final Http http = stack.http("dev-demo-writer");

  static final RawHttp raw = stack.rawHttp();

  private static String completedJob() {
    return completedJob("P30D");
  }

  private static String completedJob(String retention) {
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "retention",
                retention,
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-11-01T00:00:00Z")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    return id;
  }

  private static RawHttp.Response as(String key, String method, String path, String body) {
    return raw.send(method, path, body, "X-API-Key", key);
  }

  @Test
  void patchMovesExpiresAtWithinThePolicyAndTheJobIndexFollows() {
    String id = completedJob();
    JsonNode before = http.get("/exports/" + id).json();
    Instant completedAt = Instant.parse(before.get("completedAt").asText());

    RawHttp.Response outside =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P400D\"}");
    assertThat(outside.status()).as(outside.text()).isEqualTo(422);
    assertThat(outside.json().get("code").asText()).isEqualTo("out_of_bounds");
    assertThat(as("dev-acme-admin", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}").status())
        .isEqualTo(404);

    RawHttp.Response patched =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}");
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    Instant expected = completedAt.plus(Duration.ofDays(90));
    assertThat(Instant.parse(patched.json().get("expiresAt").asText())).isEqualTo(expected);
    assertThat(patched.json().get("retention").asText()).isEqualTo("P90D");
    assertThat(patched.json().get("status").asText()).isEqualTo("completed");
    // the workflow writes the job index through its activity: it follows
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                expected.equals(
                    stack.apiBean(JobStore.class).findById(id).orElseThrow().job().expiresAt()));
    assertThat(http.get("/exports/" + id).json().get("expiresAt").asText())
        .isEqualTo(expected.toString());
    // it reached the retention workflow, which keeps ExportExpiresAt current; the job's own
    // workflow closed when the job completed
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    String retention = TemporalNames.retentionWorkflowId(id);
    assertThat(Workflows.status(client, id))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(Workflows.status(client, retention))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(expiresAtAttribute(client, retention)).isEqualTo(expected);
  }

  /** PT1M, the policy's minimum: the retention workflow deletes the artifact a minute later. */
  @Test
  void aOneMinuteRetentionExpiresOnTime() {
    String id = completedJob("PT1M");
    JsonNode completed = http.get("/exports/" + id).json();
    Instant completedAt = Instant.parse(completed.get("completedAt").asText());
    Instant expiresAt = Instant.parse(completed.get("expiresAt").asText());
    assertThat(expiresAt).isEqualTo(completedAt.plus(Duration.ofMinutes(1)));

    JsonNode expired =
        http.awaitStatus(id, "expired", Duration.ofMinutes(3), Duration.ofSeconds(1));
    assertThat(expired.get("expiresAt").asText()).isEqualTo(expiresAt.toString());
    assertThat(http.get("/exports/" + id + "/artifact").status()).isEqualTo(410);
    // recorded by the service itself, when the retention ended and not before
    JsonNode entries =
        http.get("/ledger/entries?action=export.expired&resource=export:" + id).json().get("items");
    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    assertThat(entry.get("actor").asText()).isEqualTo("system");
    assertThat(entry.get("attributes").get("reason").asText()).isEqualTo("retention_ended");
    // on time: not before expiresAt, and not long after it (the timer fires at expiresAt; the
    // bound leaves the deletion and the ledger append 30 s on a loaded machine)
    assertThat(Instant.parse(entry.get("occurredAt").asText()))
        .isAfterOrEqualTo(expiresAt)
        .isBefore(expiresAt.plus(Duration.ofSeconds(30)));
    // an operator finds the expired job by its status, on the workflow that expired it
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    String retention = TemporalNames.retentionWorkflowId(id);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                client
                    .listExecutions(
                        "ExportStatus='expired' AND TaskQueue='" + stack.taskQueue + "'")
                    .anyMatch(e -> e.getExecution().getWorkflowId().equals(retention)));
    assertThat(Workflows.status(client, retention))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  private static Instant expiresAtAttribute(WorkflowClient client, String workflowId) {
    return Workflows.describe(client, workflowId)
        .getWorkflowExecutionInfo()
        .getSearchAttributes()
        .getIndexedFieldsMap()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().equals("ExportExpiresAt"))
        .map(
            e ->
                io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    e.getValue(), String.class, String.class))
        .map(v -> java.time.OffsetDateTime.parse(v).toInstant())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void deleteArtifactExpiresTheJobNowAndThen409() {
    String id = completedJob();
    assertThat(as("dev-acme-admin", "DELETE", "/exports/" + id + "/artifact", null).status())
        .isEqualTo(404);
    assertThat(as("dev-demo-reader", "DELETE", "/exports/" + id + "/artifact", null).status())
        .isEqualTo(403);
    RawHttp.Response deleted =
        as("dev-demo-writer", "DELETE", "/exports/" + id + "/artifact", null);
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(202);
    assertThat(deleted.json().get("status").asText()).isEqualTo("expired");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> http.get("/exports/" + id).json().get("status").asText().equals("expired"));
    assertThat(http.get("/exports/" + id + "/artifact").status()).isEqualTo(410);
    // the retention workflow took the update and closed: nothing of the job is left running
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    assertThat(Workflows.status(client, TemporalNames.retentionWorkflowId(id)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(Workflows.exportStatus(client, TemporalNames.retentionWorkflowId(id)))
        .isEqualTo("expired");

    RawHttp.Response again = as("dev-demo-writer", "DELETE", "/exports/" + id + "/artifact", null);
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    RawHttp.Response patch =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}");
    assertThat(patch.status()).as(patch.text()).isEqualTo(409);
    assertThat(patch.json().get("code").asText()).isEqualTo("conflict");
  }
}
