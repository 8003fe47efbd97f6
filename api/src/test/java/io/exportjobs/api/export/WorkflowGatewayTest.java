package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.RetentionRequest;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.shared.workflow.WaitingForSlot;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The api sends {@code setRetention} and {@code deleteArtifact} to whichever workflow holds the
 * job's retention: its {@code ExportRetention} ({@code <id>.retention}) for jobs completed since
 * v3, its still-open ExportWorkflow for jobs completed by an earlier version. Both are stand-ins
 * here that say who answered (as the job's run id); the real ones run in the worker and e2e tests.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkflowGatewayTest {

  static final String QUEUE = "gateway-test";
  static final Instant COMPLETED_AT = Instant.parse("2026-11-02T08:00:00Z");

  TestWorkflowEnvironment env;
  WorkflowClient client;
  WorkflowGateway gateway;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        EarlierVersionJobWorkflow.class, RetentionWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    gateway = new WorkflowGateway(client, QUEUE);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static ExportJob completedJob(String id) {
    return ExportRequest.builder()
        .jobId(id)
        .tenant("demo")
        .type(ExportType.LEDGER)
        .format(ExportFormat.NDJSON)
        .range(new TimeRange(COMPLETED_AT.minus(Duration.ofDays(1)), COMPLETED_AT))
        .filters(ExportFilters.none())
        .labels(Map.of())
        .retention("P30D")
        .target("default")
        .createdAt(COMPLETED_AT)
        .requestedBy("dev-demo-writer")
        .callerScopes(Set.of())
        .build()
        .pendingJob()
        .toBuilder()
        .status(ExportStatus.COMPLETED)
        .completedAt(COMPLETED_AT)
        .expiresAt(COMPLETED_AT.plus(Duration.ofDays(30)))
        .progress(new ExportProgress(1, 1, 1L))
        .build();
  }

  @Test
  void aJobCompletedSinceV3IsUpdatedThroughItsRetentionWorkflow() {
    ExportJob job = completedJob("exp-demo-v3");
    ExportRetention retention =
        client.newWorkflowStub(
            ExportRetention.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TemporalNames.retentionWorkflowId(job.id()))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(retention::run, new RetentionRequest(job, null));
    awaitFirstWorkflowTask(TemporalNames.retentionWorkflowId(job.id()));

    ExportJob updated = gateway.setRetention(job, "P90D");
    assertThat(updated.runId()).isEqualTo("answered by ExportRetention");
    assertThat(updated.expiresAt()).isEqualTo(COMPLETED_AT.plus(Duration.ofDays(90)));
    assertThat(gateway.deleteArtifact(job).status()).isEqualTo(ExportStatus.EXPIRED);
  }

  @Test
  void aJobCompletedByAnEarlierVersionIsUpdatedThroughItsOwnWorkflow() {
    ExportJob job = completedJob("exp-demo-v2");
    ExportWorkflow own =
        client.newWorkflowStub(
            ExportWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(job.id()).setTaskQueue(QUEUE).build());
    WorkflowClient.start(own::run, requestOf(job), null);
    awaitFirstWorkflowTask(job.id());

    ExportJob updated = gateway.setRetention(job, "P90D");
    assertThat(updated.runId()).isEqualTo("answered by ExportWorkflow");
    assertThat(updated.retention()).isEqualTo("P90D");
    assertThat(gateway.deleteArtifact(job).status()).isEqualTo(ExportStatus.EXPIRED);
  }

  @Test
  void aJobWhoseRetentionNoWorkflowHoldsAnyMoreIsRefused() {
    ExportJob job = completedJob("exp-demo-gone");
    assertThatThrownBy(() -> gateway.setRetention(job, "P90D"))
        .isInstanceOf(WorkflowException.class);
    assertThatThrownBy(() -> gateway.deleteArtifact(job)).isInstanceOf(WorkflowException.class);
  }

  /**
   * The in-memory test server sometimes never answers an update that reaches a workflow before its
   * first workflow task has completed (2.7 % of 600 runs here, the test then hung); a real server
   * does. The update is sent once the workflow runs.
   */
  private void awaitFirstWorkflowTask(String workflowId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.fetchHistory(workflowId).getEvents().stream()
                    .anyMatch(
                        e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED));
  }

  private static ExportRequest requestOf(ExportJob job) {
    return ExportRequest.of(job, Set.of()).build();
  }

  static ExportJob answered(ExportJob job, String by, String retention) {
    return job.toBuilder()
        .retention(retention)
        .expiresAt(job.completedAt().plus(Duration.parse(retention)))
        .runId("answered by " + by)
        .build();
  }

  /** A job of v1/v2: completed, its workflow open because it holds the retention itself. */
  public static class EarlierVersionJobWorkflow implements ExportWorkflow {
    private ExportJob job;
    private boolean expired;

    @Override
    public ExportJob run(ExportRequest request, WaitingForSlot waiting) {
      job = completedJob(request.jobId());
      Workflow.await(() -> expired);
      return job;
    }

    @Override
    public void slotFreed() {}

    @Override
    public void progress(ExportProgress progress) {}

    @Override
    public ExportJob state() {
      return job;
    }

    @Override
    public ExportJob setRetention(String retention) {
      job = answered(job, "ExportWorkflow", retention);
      return job;
    }

    @Override
    public void validateSetRetention(String retention) {}

    @Override
    public ExportJob deleteArtifact() {
      job = job.withStatus(ExportStatus.EXPIRED);
      expired = true;
      return job;
    }

    @Override
    public void validateDeleteArtifact() {}
  }

  /** A v3 job's retention workflow. */
  public static class RetentionWorkflow implements ExportRetention {
    private ExportJob job;
    private boolean expired;

    @Override
    public ExportJob run(RetentionRequest request) {
      job = request.job();
      Workflow.await(() -> expired);
      return job;
    }

    @Override
    public ExportJob state() {
      return job;
    }

    @Override
    public ExportJob setRetention(String retention) {
      job = answered(job, "ExportRetention", retention);
      return job;
    }

    @Override
    public void validateSetRetention(String retention) {}

    @Override
    public ExportJob deleteArtifact() {
      job = job.withStatus(ExportStatus.EXPIRED);
      expired = true;
      return job;
    }

    @Override
    public void validateDeleteArtifact() {}
  }
}
