package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.CANCELLED;
import static io.exportjobs.shared.export.ExportStatus.COMPLETED;
import static io.exportjobs.shared.export.ExportStatus.FAILED;
import static io.exportjobs.shared.export.ExportStatus.RUNNING;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_EXPIRES_AT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_SCHEDULE_ID;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.ARTIFACT_BYTES;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.ENTRY_COUNT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.REQUESTED_BY;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.SHA256;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.START;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.TENANT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.extracted;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.published;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.retentionOf;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.searchAttributes;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.RetentionRequest;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ExportWorkflow against the time-skipping test server, with every activity mocked: it closes with
 * its job (Completed, Failed, Canceled) and hands a completed job's retention to its child. What is
 * asserted is what the workflow sends out (job snapshots, audit events, search attributes, the
 * activities it calls) and what it answers (query, updates, result).
 */
class ExportWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  @Test
  void completedJobClosesItsWorkflowAndHandsItsRetentionToTheChild(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-happy", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    // polled, not getResult: a blocking wait lets the test server skip time past the expiry
    ExportRetention retention = ExportRetentionTest.awaitHandedOff(client, request);

    // closed with its job: Completed in Temporal
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED);
    JobSnapshot running = m.snapshots.get(0);
    JobSnapshot completed = m.snapshots.get(1);
    assertThat(completed.revision()).isGreaterThan(running.revision());
    String runId = stub.getExecution().getRunId();
    assertThat(running.job().startedAt()).isNotNull().isAfterOrEqualTo(START);
    assertThat(running.job().runId()).isEqualTo(runId);
    assertThat(running.job().progress().entriesTotal())
        .as("counted by the policy check before it ran")
        .isEqualTo(ENTRY_COUNT);

    ExportJob job = completed.job();
    assertThat(job.id()).isEqualTo(request.jobId());
    assertThat(job.workflowId()).isEqualTo(request.jobId());
    assertThat(job.runId()).isEqualTo(runId);
    assertThat(job.completedAt()).isNotNull().isAfterOrEqualTo(job.startedAt());
    assertThat(job.expiresAt()).isEqualTo(job.completedAt().plus(Duration.ofDays(30)));
    assertThat(job.artifact()).isEqualTo(published(request).artifact());
    assertThat(job.progress())
        .isEqualTo(new ExportProgress(ENTRY_COUNT, ARTIFACT_BYTES, ENTRY_COUNT));
    assertThat(completed.artifactLocation()).isEqualTo(published(request).location());

    SearchAttributes attributes = searchAttributes(workflow);
    assertThat(attributes.get(EXPORT_STATUS)).isEqualTo("completed");
    assertThat(attributes.get(EXPORT_TENANT)).isEqualTo(TENANT);
    assertThat(attributes.get(EXPORT_TYPE)).isEqualTo("ledger");
    assertThat(attributes.get(EXPORT_SCHEDULE_ID)).isEqualTo("nightly");
    assertThat(attributes.get(EXPORT_EXPIRES_AT))
        .as("a closed workflow could not keep it current: the retention workflow carries it")
        .isNull();

    // the child holds the retention, started before its parent recorded the job completed
    WorkflowStub child = WorkflowStub.fromTyped(retention);
    assertThat(child.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(child.describe().getWorkflowType()).isEqualTo(TemporalNames.RETENTION_WORKFLOW_TYPE);
    assertThat(child.describe().getParentExecution().getWorkflowId()).isEqualTo(request.jobId());
    assertThat(retention.state()).isEqualTo(job);
    SearchAttributes held = ExportWorkflowFixtures.searchAttributes(retention);
    assertThat(held.get(EXPORT_STATUS)).isEqualTo("completed");
    assertThat(held.get(EXPORT_TENANT)).isEqualTo(TENANT);
    assertThat(held.get(EXPORT_SCHEDULE_ID)).isEqualTo("nightly");
    assertThat(held.get(EXPORT_EXPIRES_AT).toInstant()).isEqualTo(job.expiresAt());

    assertThat(m.actions())
        .containsExactly("export.requested", "export.started", "export.completed");
    for (AuditEvent event : m.events) {
      assertThat(event.eventKey()).isEqualTo(request.jobId() + "/1/" + event.action());
      assertThat(event.actor())
          .isEqualTo("export.requested".equals(event.action()) ? REQUESTED_BY : "system");
    }
    assertThat(m.events.get(2).attributes()).containsEntry("sha256", SHA256);
    verify(m.policy).checkPolicy(request);
    verify(m.extraction).extract(request);
    verify(m.artifacts).publish(request, extracted(request));
    verify(m.artifacts, never()).discard(any());
    verify(m.artifacts, never()).delete(any());
    verify(m.admission).wakeWaiters(TENANT);
    assertThat(stub.getResult(ExportJob.class))
        .as("the result is the completed job")
        .isEqualTo(job);
  }

  /**
   * A completed job's workflow reset to an earlier point runs to completion again while the
   * retention workflow of its first completion still runs: the second start of {@code
   * <id>.retention} fails, and the job's workflow must still close, completed.
   */
  @Test
  void aRetentionWorkflowThatRunsAlreadyDoesNotKeepTheJobWorkflowOpen(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-reset-completed", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportJob earlier = request.pendingJob().toBuilder().status(COMPLETED).build();
    ExportRetention already =
        client.newWorkflowStub(
            ExportRetention.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TemporalNames.retentionWorkflowId(request.jobId()))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        already::run,
        new RetentionRequest(
            earlier.toBuilder()
                .completedAt(START)
                .expiresAt(START.plus(Duration.ofDays(30)))
                .build(),
            published(request).location()));

    ExportWorkflow workflow = start(client, worker, request);
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(COMPLETED);
    assertThat(m.actions()).contains("export.completed");
    assertThat(WorkflowStub.fromTyped(already).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void extractionThatKeepsFailingFailsTheJobAndTheRun(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-fail", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger calls = new AtomicInteger();
    List<Integer> serverAttempts = new CopyOnWriteArrayList<>();
    doAnswer(
            call -> {
              serverAttempts.add(Activity.getExecutionContext().getInfo().getAttempt());
              throw ApplicationFailure.newFailure(
                  "disk on fire", "extraction_failed", calls.incrementAndGet());
            })
        .when(m.extraction)
        .extract(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);

    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("extraction_failed");
              assertThat(failure.getOriginalMessage()).isEqualTo("disk on fire");
              assertThat(failure.isNonRetryable()).isTrue();
            });

    assertThat(serverAttempts).containsExactly(1, 2, 3);
    assertThat(m.statuses()).containsExactly(RUNNING, FAILED);
    ExportError error = m.last().job().error();
    assertThat(error.code()).isEqualTo("extraction_failed");
    assertThat(error.activity()).isEqualTo("ExtractLedgerEntries");
    assertThat(error.attempts()).isEqualTo(3);
    assertThat(error.message()).isEqualTo("disk on fire");
    assertThat(m.last().job().artifact()).isNull();
    verify(m.artifacts).discard(request);
    assertThat(m.actions()).containsExactly("export.requested", "export.started", "export.failed");
    assertThat(m.events.get(2).outcome()).isEqualTo("failure");
    assertThat(m.events.get(2).attributes())
        .containsEntry("code", "extraction_failed")
        .containsEntry("activity", "ExtractLedgerEntries");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("failed");
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    verify(m.admission).wakeWaiters(TENANT);
  }

  @Test
  void policyDenialFailsTheJobWithoutExtracting(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-denied", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "type: snapshot needs exports:admin", "policy_denied", 1))
        .when(m.policy)
        .checkPolicy(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("policy_denied"));

    verify(m.extraction, never()).extract(any());
    verify(m.admission, never()).claim(any());
    assertThat(m.statuses()).containsExactly(FAILED);
    ExportJob failed = m.last().job();
    assertThat(failed.startedAt()).isNull();
    assertThat(failed.error().code()).isEqualTo("policy_denied");
    assertThat(failed.error().activity()).isEqualTo("CheckExportPolicy");
    assertThat(m.actions()).containsExactly("export.requested", "export.failed");
    verify(m.admission, never()).wakeWaiters(any());
  }

  @Test
  void cancellingARunningJobStopsExtractionAndDiscardsPartialOutput(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-cancel", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExtractionGate gate = ExtractionGate.on(m);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    gate.awaitStarted();

    assertThat(workflow.state().status()).isEqualTo(RUNNING);
    assertThatThrownBy(workflow::deleteArtifact).isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> workflow.setRetention("P90D"))
        .isInstanceOf(WorkflowUpdateException.class);

    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(gate.cancellationReachedActivity()).isTrue();
    assertThat(m.statuses()).containsExactly(RUNNING, CANCELLED);
    assertThat(m.last().job().artifact()).isNull();
    verify(m.artifacts).discard(request);
    verify(m.artifacts, never()).publish(any(), any());
    assertThat(m.actions())
        .containsExactly("export.requested", "export.started", "export.cancelled");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("cancelled");
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(WorkflowStub.fromTyped(retentionOf(client, request)))
        .as("a cancelled job has no retention workflow")
        .satisfies(
            child ->
                assertThatThrownBy(child::describe)
                    .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class));
  }

  /**
   * A cancellation that is already there when the worker first picks the run up (worker down or
   * busy) must still end the job as {@code cancelled}; otherwise the job index keeps it {@code
   * pending} forever, and neither cancel nor retry can move it again.
   */
  @Test
  void jobCancelledBeforeTheWorkerPicksItUpIsRecordedAsCancelled(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-cancel-early", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    m.registerOn(worker);
    ExportWorkflow workflow = start(client, worker, request);
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    testEnv.start();

    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    verify(m.extraction, never()).extract(any());
    assertThat(m.statuses()).as("job snapshots written").containsExactly(CANCELLED);
    assertThat(m.actions()).contains("export.cancelled");
  }
}
