package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.policy.Retention;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * PATCH /exports/{id} (retention) and DELETE /exports/{id}/artifact at the api: the checks before
 * the workflow update (404, 400, 422, 409) and the answer after it. The updates themselves run
 * against the real dev server in e2e.
 */
class RetentionPatchTest extends RealHttpTestSupport {

  private static final String BODY =
      """
      {"type": "ledger",
       "range": {"from": "2026-10-01T00:00:00Z", "to": "2026-10-02T00:00:00Z"}}
      """;

  @BeforeEach
  void gateway() {
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
    doAnswer(
            inv -> {
              ExportJob job = inv.getArgument(0);
              Duration retention = Retention.parse(inv.getArgument(1)).orElseThrow();
              return job.toBuilder()
                  .retention(inv.getArgument(1))
                  .expiresAt(job.completedAt().plus(retention))
                  .build();
            })
        .when(gateway)
        .setRetention(any(), anyString());
    doAnswer(
            inv ->
                ((ExportJob) inv.getArgument(0)).toBuilder().status(ExportStatus.EXPIRED).build())
        .when(gateway)
        .deleteArtifact(any());
  }

  private String job(String apiKey, boolean completed) {
    Response r = postJson("/api/v1/exports", BODY, key(apiKey));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    String id = jsonOf(r).get("id").asString();
    if (completed) {
      ExportJob job = jobIndex.findById(id).orElseThrow().job();
      ExportJob done =
          job.toBuilder()
              .status(ExportStatus.COMPLETED)
              .startedAt(job.createdAt().plusSeconds(1))
              .completedAt(job.createdAt().plusSeconds(2))
              .expiresAt(job.createdAt().plusSeconds(2).plus(Duration.ofDays(30)))
              .build();
      assertThat(jobIndex.record(new JobSnapshot(done, 1, null))).isTrue();
    }
    return id;
  }

  @Test
  void patchMovesExpiresAtThroughTheWorkflow() {
    String id = job(WRITER, true);
    Response r = patchJson("/api/v1/exports/" + id, "{\"retention\": \"P90D\"}", key(WRITER));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode job = jsonOf(r);
    assertThat(job.get("retention").asString()).isEqualTo("P90D");
    ExportJob stored = jobIndex.findById(id).orElseThrow().job();
    assertThat(job.get("expiresAt").asString())
        .isEqualTo(stored.completedAt().plus(Duration.ofDays(90)).toString());
    verify(gateway).setRetention(any(), eq("P90D"));
  }

  @Test
  void patchChecksComeBeforeTheWorkflow() {
    String id = job(WRITER, true);
    String path = "/api/v1/exports/" + id;
    assertProblem(patchJson(path, "{\"retention\": \"P400D\"}", key(WRITER)), 422, "out_of_bounds");
    assertProblem(patchJson(path, "{\"retention\": \"PT30S\"}", key(WRITER)), 422, "out_of_bounds");
    assertProblem(
        patchJson(path, "{\"retention\": \"soon\"}", key(WRITER)), 400, "validation_failed");
    assertProblem(patchJson(path, "{\"retention\": 90}", key(WRITER)), 400, "validation_failed");
    assertProblem(patchJson(path, "{}", key(WRITER)), 400, "validation_failed");
    assertProblem(
        patchJson(path, "{\"status\": \"expired\"}", key(WRITER)), 400, "validation_failed");
    assertProblem(patchJson(path, "[]", key(WRITER)), 400, "validation_failed");
    assertProblem(patchJson(path, "{\"retention\": \"P90D\"}", key(READER)), 403, "forbidden");
    // another tenant's job is not found, whatever the body
    assertProblem(patchJson(path, "{\"retention\": \"P90D\"}", key(ACME_ADMIN)), 404, "not_found");
    assertProblem(patchJson(path, "{\"retention\": \"P400D\"}", key(ACME_ADMIN)), 404, "not_found");
    // not completed: 409
    String pending = job(WRITER, false);
    assertProblem(
        patchJson("/api/v1/exports/" + pending, "{\"retention\": \"P90D\"}", key(WRITER)),
        409,
        "conflict");
    verify(gateway, never()).setRetention(any(), anyString());
  }

  @Test
  void aWorkflowThatRefusesIs409() {
    String id = job(WRITER, true);
    doThrow(
            new WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId(id).build(), "ExportWorkflow", null))
        .when(gateway)
        .setRetention(any(), anyString());
    assertProblem(
        patchJson("/api/v1/exports/" + id, "{\"retention\": \"P90D\"}", key(WRITER)),
        409,
        "conflict");
  }

  @Test
  void deleteArtifact() {
    String id = job(WRITER, true);
    String path = "/api/v1/exports/" + id + "/artifact";
    assertProblem(send("DELETE", path, null, key(READER)), 403, "forbidden");
    assertProblem(send("DELETE", path, null, key(ACME_ADMIN)), 404, "not_found");
    verify(gateway, never()).deleteArtifact(any());
    Response r = send("DELETE", path, null, key(WRITER));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(jsonOf(r).get("status").asString()).isEqualTo("expired");
    String pending = job(WRITER, false);
    assertProblem(
        send("DELETE", "/api/v1/exports/" + pending + "/artifact", null, key(WRITER)),
        409,
        "conflict");
  }
}
