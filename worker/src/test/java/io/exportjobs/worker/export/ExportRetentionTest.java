package io.exportjobs.worker.export;

import static io.exportjobs.shared.export.ExportStatus.COMPLETED;
import static io.exportjobs.shared.export.ExportStatus.EXPIRED;
import static io.exportjobs.shared.export.ExportStatus.RUNNING;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_EXPIRES_AT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.published;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.retentionOf;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.searchAttributes;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retention of a completed job, held by its child workflow {@code ExportRetention}: P30D and
 * P90D on the time-skipping test server, the {@code setRetention} and {@code deleteArtifact}
 * updates, a store that fails for a while, and a cancel from the Web UI.
 */
class ExportRetentionTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  /**
   * Runs a job to completion; returns its retention workflow once that holds its timer.
   *
   * <p>The test server has a quirk with a child that outlives its parent: time skipped with {@code
   * testEnv.sleep} across the moment the child closes never ends (the server keeps a time lock to
   * notify the parent, which is closed). So these tests let time run on to the expiry by waiting
   * for the retention workflow's result instead.
   */
  static ExportRetention completed(
      TestWorkflowEnvironment testEnv,
      Worker worker,
      WorkflowClient client,
      ExportRequest request,
      ActivityMocks m) {
    startEnvironment(testEnv, worker, m);
    start(client, worker, request);
    return awaitHandedOff(client, request);
  }

  /** The job's workflow has closed and its retention workflow holds the timer. */
  static ExportRetention awaitHandedOff(WorkflowClient client, ExportRequest request) {
    WorkflowStub job = client.newUntypedWorkflowStub(request.jobId());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                job.describe().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    String retention = TemporalNames.retentionWorkflowId(request.jobId());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.fetchHistory(retention).getEvents().stream()
                    .anyMatch(e -> e.hasTimerStartedEventAttributes()));
    return retentionOf(client, request);
  }

  @Test
  void artifactIsDeletedWhenP30DEndsAndNotBefore(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-retention", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    ExportJob completed = m.last().job();

    testEnv.sleep(Duration.ofDays(29));
    verify(m.artifacts, never()).delete(any());
    assertThat(retention.state().status()).isEqualTo(COMPLETED);
    assertThat(searchAttributes(retention).get(EXPORT_STATUS)).isEqualTo("completed");

    // waiting for its result lets time run on to the expiry
    ExportJob result = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);
    verify(m.artifacts).delete(published(request).location());
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
    AuditEvent expired = lastEvent(m);
    assertThat(expired.action()).isEqualTo("export.expired");
    assertThat(expired.actor()).isEqualTo("system");
    assertThat(expired.eventKey()).isEqualTo(request.jobId() + "/1/export.expired");
    assertThat(expired.attributes()).containsEntry("reason", "retention_ended");
    assertThat(searchAttributes(retention).get(EXPORT_STATUS)).isEqualTo("expired");
  }

  @Test
  void setRetentionP90DMovesTheExpiry(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-longer", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    Instant completedAt = m.last().job().completedAt();

    ExportJob updated = retention.setRetention("P90D");

    assertThat(updated.status()).isEqualTo(COMPLETED);
    assertThat(updated.retention()).isEqualTo("P90D");
    assertThat(updated.expiresAt()).isEqualTo(completedAt.plus(Duration.ofDays(90)));
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, COMPLETED);
    assertThat(m.last().job()).isEqualTo(updated);
    assertThat(m.last().artifactLocation()).isEqualTo(published(request).location());
    assertRevisionsIncrease(m.snapshots);
    assertThat(searchAttributes(retention).get(EXPORT_EXPIRES_AT).toInstant())
        .isEqualTo(updated.expiresAt());

    testEnv.sleep(Duration.ofDays(31));
    verify(m.artifacts, never()).delete(any());
    ExportJob result = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(result.expiresAt()).isEqualTo(completedAt.plus(Duration.ofDays(90)));
    verify(m.artifacts).delete(published(request).location());
    assertThat(lastEvent(m).occurredAt())
        .isBetween(result.expiresAt(), result.expiresAt().plus(Duration.ofHours(1)));
  }

  /** What an operator reads on the retention workflow's page: when the artifact goes. */
  @Test
  void theRetentionWorkflowsCurrentDetailsSayWhenTheArtifactGoes(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-details", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    WorkflowStub stub = WorkflowStub.fromTyped(retention);
    assertThat(CurrentDetailsQuery.of(stub))
        .contains("Completed", "1,234 entries", m.last().job().expiresAt().toString(), "P30D");

    ExportJob updated = retention.setRetention("P90D");

    assertThat(CurrentDetailsQuery.of(stub)).contains(updated.expiresAt().toString(), "P90D");
  }

  @Test
  void shorteningRetentionIntoThePastExpiresAtOnce(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-shorter", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    testEnv.sleep(Duration.ofDays(2));

    retention.setRetention("PT1H");

    ExportJob result = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(result.expiresAt()).isEqualTo(result.completedAt().plus(Duration.ofHours(1)));
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(lastEvent(m).occurredAt()).isBefore(result.completedAt().plus(Duration.ofDays(3)));
  }

  @Test
  void deleteArtifactDeletesAtOnceAndAnswersTheExpiredJob(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-delete", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    Instant expiresAt = m.last().job().expiresAt();

    ExportJob deleted = retention.deleteArtifact();

    assertThat(deleted.status()).isEqualTo(EXPIRED);
    assertThat(deleted.expiresAt()).isEqualTo(expiresAt);
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
    assertThat(lastEvent(m).attributes()).containsEntry("reason", "deleted_on_request");
    assertThat(WorkflowStub.fromTyped(retention).getResult(ExportJob.class)).isEqualTo(deleted);
    assertThat(searchAttributes(retention).get(EXPORT_STATUS)).isEqualTo("expired");
  }

  /** A store that is briefly unavailable must not leave the artifact behind. */
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
    ExportRetention retention = completed(testEnv, worker, client, request, m);

    ExportJob result = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(deletes).hasValue(4);
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
  }

  /**
   * No entry, no action: while the ledger cannot be written the artifact stays, and it is deleted
   * only once {@code export.expired} is appended.
   */
  @Test
  void anUnwritableLedgerHoldsTheArtifactUntilTheExpiryIsRecorded(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-expiry-ledger-down", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger expiryAppends = new AtomicInteger();
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    doAnswer(
            call -> {
              AuditEvent event = call.getArgument(0);
              if (event.action().equals("export.expired")) {
                if (expiryAppends.incrementAndGet() <= 3) {
                  throw ApplicationFailure.newFailure("ledger unavailable", "ledger_unavailable");
                }
                order.add("ledger");
              }
              m.events.add(event);
              return null;
            })
        .when(m.audit)
        .append(any());
    doAnswer(
            call -> {
              order.add("delete");
              return null;
            })
        .when(m.artifacts)
        .delete(any());
    ExportRetention retention = completed(testEnv, worker, client, request, m);

    ExportJob result = WorkflowStub.fromTyped(retention).getResult(ExportJob.class);

    assertThat(result.status()).isEqualTo(EXPIRED);
    assertThat(expiryAppends).hasValue(4);
    assertThat(order).as("the entry before the deletion").containsExactly("ledger", "delete");
    assertThat(lastEvent(m).action()).isEqualTo("export.expired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"banana", "P0D", "-P1D", "P1M", "", "30 days"})
  void invalidRetentionIsRejectedByTheValidator(
      String value, TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-invalid-retention", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);
    ExportJob before = retention.state();

    assertThatThrownBy(() -> retention.setRetention(value))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("retention must be a positive ISO 8601 duration");

    assertThat(retention.state()).isEqualTo(before);
    assertThat(m.snapshots).hasSize(2);
  }

  @Test
  void cancellingTheRetentionWorkflowEndsTheRetentionEarly(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    ExportRequest request = request("exp-demo-cancel-retention", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = completed(testEnv, worker, client, request, m);

    WorkflowStub stub = WorkflowStub.fromTyped(retention);
    stub.cancel();

    // the run shows as cancelled in Temporal; the job itself ends expired, its artifact gone
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    verify(m.artifacts, times(1)).delete(published(request).location());
    assertThat(m.statuses()).containsExactly(RUNNING, COMPLETED, EXPIRED);
    assertThat(lastEvent(m).attributes()).containsEntry("reason", "workflow_cancelled");
    assertThat(searchAttributes(retention).get(EXPORT_STATUS)).isEqualTo("expired");
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
