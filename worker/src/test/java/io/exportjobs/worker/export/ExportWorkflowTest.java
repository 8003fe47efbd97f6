package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.CANCELLED;
import static io.exportjobs.shared.export.ExportStatus.COMPLETED;
import static io.exportjobs.shared.export.ExportStatus.EXPIRED;
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
import static io.exportjobs.worker.export.ExportWorkflowFixtures.searchAttributes;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.admission.Overlap;
import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * ExportWorkflow against the time-skipping test server, with every activity mocked. What is
 * asserted is what the workflow sends out (job snapshots, audit events, search attributes, the
 * activities it calls) and what it answers (query, updates, result).
 */
class ExportWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  // --- a. happy path ---------------------------------------------------------------------------

  @Test
  void completedJobIsRecordedQueriedSearchableAndAudited(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-happy", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");

    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED);
    JobSnapshot running = m.snapshots.get(0);
    JobSnapshot completed = m.snapshots.get(1);
    assertThat(completed.revision()).isGreaterThan(running.revision());

    String runId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
    assertThat(running.job().startedAt()).isNotNull().isAfterOrEqualTo(START);
    assertThat(running.job().completedAt()).isNull();
    assertThat(running.job().artifact()).isNull();
    assertThat(running.job().runId()).isEqualTo(runId);
    assertThat(running.artifactLocation()).isNull();

    ExportJob job = completed.job();
    assertThat(job.id()).isEqualTo(request.jobId());
    assertThat(job.workflowId()).isEqualTo(request.jobId());
    assertThat(job.runId()).isEqualTo(runId);
    assertThat(job.tenant()).isEqualTo(TENANT);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(job.startedAt()).isEqualTo(running.job().startedAt());
    assertThat(job.completedAt()).isNotNull().isAfterOrEqualTo(job.startedAt());
    assertThat(job.expiresAt()).isEqualTo(job.completedAt().plus(Duration.ofDays(30)));
    assertThat(job.artifact()).isEqualTo(published(request).artifact());
    assertThat(job.progress()).isEqualTo(new ExportProgress(ENTRY_COUNT, ARTIFACT_BYTES));
    assertThat(job.error()).isNull();
    assertThat(completed.artifactLocation()).isEqualTo(published(request).location());

    assertThat(workflow.state()).isEqualTo(job);

    SearchAttributes attributes = searchAttributes(workflow);
    assertThat(attributes.get(EXPORT_STATUS)).isEqualTo("completed");
    assertThat(attributes.get(EXPORT_TENANT)).isEqualTo(TENANT);
    assertThat(attributes.get(EXPORT_TYPE)).isEqualTo("ledger");
    assertThat(attributes.get(EXPORT_SCHEDULE_ID)).isEqualTo("nightly");
    assertThat(attributes.get(EXPORT_EXPIRES_AT).toInstant()).isEqualTo(job.expiresAt());

    assertThat(m.actions())
        .containsExactly("export.requested", "export.started", "export.completed");
    assertThat(m.events).extracting(AuditEvent::eventKey).doesNotHaveDuplicates();
    for (AuditEvent event : m.events) {
      assertThat(event.tenant()).isEqualTo(TENANT);
      assertThat(event.jobId()).isEqualTo(request.jobId());
      assertThat(event.outcome()).isEqualTo("success");
      assertThat(event.eventKey()).isEqualTo(request.jobId() + "/1/" + event.action());
      assertThat(event.actor())
          .isEqualTo("export.requested".equals(event.action()) ? REQUESTED_BY : "system");
    }
    AuditEvent completedEvent = m.events.get(2);
    assertThat(completedEvent.attributes()).containsEntry("sha256", SHA256);
    assertThat(((Number) completedEvent.attributes().get("entryCount")).longValue())
        .isEqualTo(ENTRY_COUNT);

    verify(m.policy).checkPolicy(request);
    verify(m.extraction).extract(request);
    verify(m.artifacts).publish(request, extracted(request));
    verify(m.artifacts, never()).discard(any());
    verify(m.artifacts, never()).delete(any());
  }

  // --- b. retention ----------------------------------------------------------------------------

  static final Instant ADMITTED_AT = Instant.parse("2026-11-02T10:00:00.123Z");

  @Test
  void aJobWaitsPendingForASlotAndChecksThePolicyAgainBeforeEachClaim(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-queued", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doReturn(
            Admission.waiting("2 of at most 2 jobs are active"),
            Admission.waiting("2 of at most 2 jobs are active"),
            Admission.admitted(ADMITTED_AT))
        .when(m.admission)
        .claim(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");

    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(m.admission, times(3)).claim(asked.capture());
    assertThat(asked.getValue())
        .isEqualTo(
            new AdmissionRequest(
                request.jobId(),
                request.tenant(),
                1,
                request.createdAt(),
                request.scheduleId(),
                Overlap.ALLOW_ALL));
    // no status but pending while it waited; then the usual path
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED);
    // the policy before the first claim and again before each claim after a wait
    InOrder order = inOrder(m.policy, m.admission, m.extraction);
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.policy).checkPolicy(request);
    order.verify(m.admission).claim(any());
    order.verify(m.extraction).extract(any());
    assertThat(m.snapshots.get(0).job().startedAt())
        .as("started when the slot was taken")
        .isEqualTo(ADMITTED_AT);
    assertThat(workflow.state().status()).isEqualTo(COMPLETED);
  }

  @Test
  void aPolicyTightenedWhileTheJobWaitedFailsItWithPolicyDenied(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-tightened", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doReturn(Admission.waiting("1 of at most 1 jobs are active"), Admission.admitted(ADMITTED_AT))
        .when(m.admission)
        .claim(any());
    doNothing()
        .doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "type: ledger is not allowed for tenant demo", "policy_denied"))
        .when(m.policy)
        .checkPolicy(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(m.statuses()).containsExactly(FAILED);
    assertThat(m.last().job().error().code()).isEqualTo("policy_denied");
    verify(m.extraction, never()).extract(any());
  }

  @Test
  void aScheduledRunSkippedByItsOverlapPolicyEndsCancelledWithTheReason(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-skipped", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doReturn(Admission.skip("run exp-demo-sched-nightly-1 of this schedule is still active"))
        .when(m.admission)
        .claim(any());
    startEnvironment(testEnv, worker, m);

    ExportWorkflow workflow = start(client, worker, request);
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(CANCELLED);
    assertThat(result.error().code()).isEqualTo("overlap_skipped");
    assertThat(result.error().message()).contains("exp-demo-sched-nightly-1");
    assertThat(m.statuses()).containsExactly(CANCELLED);
    assertThat(m.actions()).containsExactly("export.requested", "export.cancelled");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("cancelled");
    verify(m.extraction, never()).extract(any());
    verify(m.artifacts, never()).publish(any(), any());
  }

  @Test
  void artifactIsDeletedWhenRetentionEndsAndNotBefore(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-retention", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    ExportJob completed = m.last().job();

    testEnv.sleep(Duration.ofDays(29));
    verify(m.artifacts, never()).delete(any());
    assertThat(workflow.state().status()).isEqualTo(COMPLETED);
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("completed");

    testEnv.sleep(Duration.ofDays(1).plusHours(1));
    await().untilAsserted(() -> verify(m.artifacts).delete(published(request).location()));

    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(result.expiresAt()).isEqualTo(completed.completedAt().plus(Duration.ofDays(30)));
    verify(m.artifacts, times(1)).delete(any());
    assertThat(lastEvent(m).occurredAt())
        .as("expired when the retention ended, in workflow time")
        .isBetween(result.expiresAt(), result.expiresAt().plus(Duration.ofHours(1)));

    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
    assertRevisionsIncrease(m.snapshots);
    assertThat(m.last().job()).isEqualTo(result);
    assertThat(m.last().artifactLocation()).as("a deleted artifact has no location").isNull();
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).attributes()).containsEntry("reason", "retention_ended");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("expired");
  }

  @Test
  void setRetentionMovesTheExpiry(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-longer", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    Instant completedAt = m.last().job().completedAt();

    ExportJob updated = workflow.setRetention("P90D");

    assertThat(updated.status()).isEqualTo(COMPLETED);
    assertThat(updated.retention()).isEqualTo("P90D");
    assertThat(updated.expiresAt()).isEqualTo(completedAt.plus(Duration.ofDays(90)));
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, COMPLETED);
    assertThat(m.last().job()).isEqualTo(updated);
    assertThat(m.last().artifactLocation()).isEqualTo(published(request).location());
    assertRevisionsIncrease(m.snapshots);
    assertThat(searchAttributes(workflow).get(EXPORT_EXPIRES_AT).toInstant())
        .isEqualTo(updated.expiresAt());

    testEnv.sleep(Duration.ofDays(31));
    verify(m.artifacts, never()).delete(any());
    assertThat(workflow.state().status()).isEqualTo(COMPLETED);

    testEnv.sleep(Duration.ofDays(60));
    await().untilAsserted(() -> verify(m.artifacts).delete(published(request).location()));
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(result.retention()).isEqualTo("P90D");
    assertThat(result.expiresAt()).isEqualTo(completedAt.plus(Duration.ofDays(90)));
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).occurredAt())
        .isBetween(result.expiresAt(), result.expiresAt().plus(Duration.ofHours(1)));
  }

  @Test
  void shorteningRetentionIntoThePastExpiresAtOnce(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-shorter", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    testEnv.sleep(Duration.ofDays(2));
    verify(m.artifacts, never()).delete(any());

    workflow.setRetention("PT1H");

    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(result.expiresAt()).isEqualTo(result.completedAt().plus(Duration.ofHours(1)));
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).occurredAt())
        .as("expired at once, not when the old retention would have ended")
        .isBefore(result.completedAt().plus(Duration.ofDays(3)));
  }

  @Test
  void deleteArtifactDeletesAtOnceAndReturnsTheExpiredJob(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-delete", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    Instant expiresAt = m.last().job().expiresAt();

    ExportJob deleted = workflow.deleteArtifact();

    assertThat(deleted.status()).isEqualTo(EXPIRED);
    assertThat(deleted.expiresAt()).isEqualTo(expiresAt);
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(lastEvent(m).occurredAt()).isBefore(expiresAt.minus(Duration.ofDays(29)));
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).attributes()).containsEntry("reason", "deleted_on_request");
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(result).isEqualTo(deleted);
  }

  /**
   * A store that is briefly unavailable when retention ends (a few failed deletes) must not leave
   * the artifact behind: the delete is retried until it succeeds and the job still expires.
   */
  @Test
  void aDeleteThatFailsForAWhileIsRetriedUntilTheJobExpires(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-delete-retried", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger deletes = new AtomicInteger();
    doAnswer(
            call -> {
              int n = deletes.incrementAndGet();
              if (n <= 3) {
                throw ApplicationFailure.newFailure("store unavailable", "cleanup_failed", n);
              }
              return null;
            })
        .when(m.artifacts)
        .delete(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");

    testEnv.sleep(Duration.ofDays(31));
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(deletes).hasValue(4);
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"banana", "P0D", "-P1D", "P1M", "", "30 days"})
  void invalidRetentionIsRejectedByTheValidator(
      String retention, TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-invalid-retention", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    ExportJob before = workflow.state();

    assertThatThrownBy(() -> workflow.setRetention(retention))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("retention must be a positive ISO 8601 duration");

    assertThat(workflow.state()).isEqualTo(before);
    assertThat(m.snapshots).hasSize(2);
  }

  // --- c. failure ------------------------------------------------------------------------------

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

    assertThat(calls).hasValue(3);
    assertThat(serverAttempts).containsExactly(1, 2, 3);
    assertThat(m.statuses()).containsExactly(RUNNING, FAILED);
    ExportJob failed = m.last().job();
    ExportError error = failed.error();
    assertThat(error).isNotNull();
    assertThat(error.code()).isEqualTo("extraction_failed");
    assertThat(error.activity()).isEqualTo("ExtractLedgerEntries");
    assertThat(error.attempts()).isEqualTo(3);
    assertThat(error.message()).isEqualTo("disk on fire");
    assertThat(error.at()).isNotNull().isAfterOrEqualTo(failed.startedAt());
    assertThat(failed.completedAt()).isNull();
    assertThat(failed.artifact()).isNull();

    verify(m.artifacts).discard(request);
    verify(m.artifacts, never()).publish(any(), any());
    assertThat(m.actions()).containsExactly("export.requested", "export.started", "export.failed");
    AuditEvent failedEvent = m.events.get(2);
    assertThat(failedEvent.outcome()).isEqualTo("failure");
    assertThat(failedEvent.attributes())
        .containsEntry("code", "extraction_failed")
        .containsEntry("activity", "ExtractLedgerEntries");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("failed");
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
  }

  // --- d. policy denial ------------------------------------------------------------------------

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

    verify(m.policy, times(1)).checkPolicy(request);
    verify(m.extraction, never()).extract(any());
    verify(m.artifacts, never()).publish(any(), any());
    assertThat(m.statuses()).containsExactly(FAILED);
    ExportJob failed = m.last().job();
    assertThat(failed.startedAt()).isNull();
    assertThat(failed.error().code()).isEqualTo("policy_denied");
    assertThat(failed.error().activity()).isEqualTo("CheckExportPolicy");
    assertThat(failed.error().attempts()).isEqualTo(1);
    assertThat(failed.error().message()).isEqualTo("type: snapshot needs exports:admin");
    assertThat(m.actions()).containsExactly("export.requested", "export.failed");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("failed");
  }

  // --- e. cancellation -------------------------------------------------------------------------

  @Test
  void cancellingARunningJobStopsExtractionAndDiscardsPartialOutput(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-cancel", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    CountDownLatch extractionStarted = new CountDownLatch(1);
    AtomicBoolean cancellationReachedActivity = new AtomicBoolean();
    CountDownLatch neverReleased = new CountDownLatch(1);
    doAnswer(
            call -> {
              ActivityExecutionContext ctx = Activity.getExecutionContext();
              extractionStarted.countDown();
              Instant giveUp = Instant.now().plusSeconds(30);
              while (Instant.now().isBefore(giveUp)) {
                try {
                  ctx.heartbeat(null);
                } catch (ActivityCompletionException cancelled) {
                  cancellationReachedActivity.set(true);
                  throw cancelled;
                }
                // wait between heartbeats; nothing releases this latch
                neverReleased.await(50, TimeUnit.MILLISECONDS);
              }
              throw new IllegalStateException("the cancellation never reached the activity");
            })
        .when(m.extraction)
        .extract(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    await().atMost(Duration.ofSeconds(15)).until(() -> extractionStarted.getCount() == 0);

    assertThat(workflow.state().status()).isEqualTo(RUNNING);
    assertThatThrownBy(workflow::deleteArtifact)
        .as("a running job has no artifact to delete")
        .isInstanceOf(WorkflowUpdateException.class);
    assertThatThrownBy(() -> workflow.setRetention("P90D"))
        .as("retention changes only for a completed job")
        .isInstanceOf(WorkflowUpdateException.class);

    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(cancellationReachedActivity).isTrue();
    assertThat(m.statuses()).containsExactly(RUNNING, CANCELLED);
    assertThat(m.last().job().artifact()).isNull();
    verify(m.artifacts).discard(request);
    verify(m.artifacts, never()).publish(any(), any());
    assertThat(m.actions())
        .containsExactly("export.requested", "export.started", "export.cancelled");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("cancelled");
    assertThat(stub.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
  }

  @Test
  void cancellingACompletedJobEndsItsRetentionEarly(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-cancel-completed", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");

    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();

    // the run shows as cancelled in Temporal; the job itself ends expired, its artifact gone
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).attributes()).containsEntry("reason", "workflow_cancelled");
    assertThat(searchAttributes(workflow).get(EXPORT_STATUS)).isEqualTo("expired");
  }

  /**
   * The api answers a cancel of a pending job with 202 and leaves the status to the workflow. A
   * cancellation that is already there when the worker first picks the run up (worker down or busy)
   * must still end the job as {@code cancelled}; otherwise the job index keeps it {@code pending}
   * forever, and neither cancel nor retry can move it again.
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

  private static AuditEvent lastEvent(ActivityMocks m) {
    return m.events.get(m.events.size() - 1);
  }

  private static void assertRevisionsIncrease(List<JobSnapshot> snapshots) {
    for (int i = 1; i < snapshots.size(); i++) {
      assertThat(snapshots.get(i).revision())
          .as("revision of snapshot %d", i)
          .isGreaterThan(snapshots.get(i - 1).revision());
    }
  }
}
