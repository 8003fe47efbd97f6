package io.exportjobs.worker.export;

import static io.exportjobs.worker.export.ExportWorkflowFixtures.START;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.TENANT;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.extracted;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.published;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.shared.workflow.ScheduledWindow;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories of the fifth shape of the workflows (v4's shape, ExportWorkflow closing
 * with its job, the retention in ExportRetention, waiting on a signal with continue-as-new, a
 * {@code NotifyWebhooks} call at each ending, with the job's bookkeeping as local activities behind
 * the {@code local-bookkeeping} change) into src/test/resources/histories/v5, with runs started by
 * a schedule (a window and an incremental one) besides the submitted ones. Run by {@code
 * scripts/record-histories.sh v5}; not part of {@code make test}. The histories of v1 to v4 are
 * recorded from the commits that shipped them.
 */
@Tag("record-histories")
class V5HistoryRecorder {

  static final String HOST_QUEUE = "exports-host-recorder";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  /** A ledger job: its workflow completes; its retention workflow expires it after P30D. */
  @Test
  void completedThenExpired(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest request = request("exp-demo-01JV5COMPLETED0000000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = ExportRetentionTest.completed(testEnv, worker, client, request, m);
    // waiting for its result lets time run on to the expiry (see ExportRetentionTest.completed)
    assertThat(WorkflowStub.fromTyped(retention).getResult(ExportJob.class).status())
        .isEqualTo(ExportStatus.EXPIRED);
    write(client, request.jobId(), "v5-completed.json");
    write(client, TemporalNames.retentionWorkflowId(request.jobId()), "v5-retention-expired.json");
  }

  @Test
  void retentionUpdatedThenDeleted(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-01JV5RETENTIONUPDATED00", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExportRetention retention = ExportRetentionTest.completed(testEnv, worker, client, request, m);
    retention.setRetention("P90D");
    testEnv.sleep(Duration.ofDays(40)); // past the first expiry, before the new one
    assertThat(retention.deleteArtifact().status()).isEqualTo(ExportStatus.EXPIRED);
    WorkflowStub.fromTyped(retention).getResult(ExportJob.class);
    write(
        client,
        TemporalNames.retentionWorkflowId(request.jobId()),
        "v5-retention-updated-deleted.json");
  }

  /** An evidence pack built and published on the extracting worker's own queue. */
  @Test
  void evidencePackOnItsHostQueue(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest ledger = request("exp-demo-01JV5PACK000000000000000", "P30D");
    ExportRequest request =
        ledger.toBuilder()
            .type(ExportType.EVIDENCE_PACK)
            .format(ExportFormat.TAR_GZ)
            .attempt(1)
            .scheduleId(null)
            .build();
    ActivityMocks m = new ActivityMocks(request);
    ExtractionResult staged =
        new ExtractionResult(
            extracted(request).stagingPath(),
            1_234,
            456_789,
            5_678,
            HOST_QUEUE,
            new ChainHead(5_678, "sha256:" + "ab".repeat(32)));
    ExtractionResult built = staged.staged(staged.stagingPath() + ".tar.gz", 98_765);
    when(m.extraction.extract(any())).thenReturn(staged);
    PackagingActivities packaging =
        mock(PackagingActivities.class, withSettings().withoutAnnotations());
    when(packaging.build(any(), eq(staged))).thenReturn(built);
    ArtifactActivities hostArtifacts =
        mock(ArtifactActivities.class, withSettings().withoutAnnotations());
    when(hostArtifacts.publish(any(), eq(built))).thenReturn(published(request));
    testEnv.newWorker(HOST_QUEUE).registerActivitiesImplementations(packaging, hostArtifacts);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    assertThat(WorkflowStub.fromTyped(workflow).getResult(ExportJob.class).status())
        .isEqualTo(ExportStatus.COMPLETED);
    write(client, request.jobId(), "v5-evidence-pack-host-queue.json");
  }

  @Test
  void failed(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest request = request("exp-demo-01JV5FAILED00000000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    doAnswer(
            call -> {
              throw ApplicationFailure.newFailure(
                  "disk on fire",
                  "extraction_failed",
                  Activity.getExecutionContext().getInfo().getAttempt());
            })
        .when(m.extraction)
        .extract(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);
    write(client, request.jobId(), "v5-failed.json");
  }

  /** Cancelled while extracting, after a progress report. */
  @Test
  void progressThenCancelled(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest request = request("exp-demo-01JV5CANCELLED000000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    ExtractionGate gate = ExtractionGate.on(m);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    gate.awaitStarted();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.signal(TemporalNames.SIGNAL_PROGRESS, new ExportProgress(617, 228_394));
    await().until(() -> workflow.state().progress().entriesExported() == 617);
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);
    write(client, request.jobId(), "v5-cancelled.json");
  }

  /** Waited for a slot for 24 hours: continued as new once, then admitted and completed. */
  @Test
  void waitedAndContinuedAsNew(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-01JV5WAITED0000000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicBoolean free = new AtomicBoolean();
    doAnswer(
            call ->
                free.get()
                    ? Admission.admitted(
                        Instant.ofEpochMilli(
                            Activity.getExecutionContext().getInfo().getScheduledTimestamp()))
                    : Admission.waiting("1 of at most 1 jobs are active and 0 earlier jobs wait"))
        .when(m.admission)
        .claim(any());
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    String firstRun = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
    testEnv.sleep(Duration.ofHours(24));
    free.set(true);
    WorkflowStub latest = client.newUntypedWorkflowStub(request.jobId());
    latest.signal(TemporalNames.SIGNAL_SLOT_FREED);
    assertThat(latest.getResult(ExportJob.class).status()).isEqualTo(ExportStatus.COMPLETED);
    List<Integer> runs = SlotWaitTest.eventsPerRun(client, request.jobId(), firstRun);
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    WorkflowExecutionHistory first = client.fetchHistory(request.jobId(), firstRun);
    String second =
        first
            .getLastEvent()
            .getWorkflowExecutionContinuedAsNewEventAttributes()
            .getNewExecutionRunId();
    write(first, "v5-waited-run-1.json");
    write(client.fetchHistory(request.jobId(), second), "v5-waited-run-2.json");
  }

  /** A run a window schedule started: its job id and range come from the scheduled time. */
  @Test
  void scheduledWindowRun(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest template =
        request(TemporalNames.scheduledJobPrefix(TENANT, "nightly"), "P30D").toBuilder()
            .range(new ScheduledWindow(Duration.ofDays(1)).templateRange())
            .scheduledWindow(Duration.ofDays(1))
            .build();
    ExportJob job = scheduledRun(testEnv, worker, client, template);
    assertThat(job.range()).isEqualTo(new TimeRange(START.minus(Duration.ofDays(1)), START));
    write(client, job.id(), "v5-scheduled-window.json");
  }

  /** A run an incremental schedule started: it keeps the template's seq range. */
  @Test
  void scheduledIncrementalRun(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest template =
        request(TemporalNames.scheduledJobPrefix(TENANT, "since-last"), "P30D").toBuilder()
            .range(TimeRange.ofSeq(5_679L, null))
            .scheduledWindow(null)
            .scheduleId("since-last")
            .build();
    ExportJob job = scheduledRun(testEnv, worker, client, template);
    assertThat(job.range()).isEqualTo(template.range());
    write(client, job.id(), "v5-scheduled-incremental.json");
  }

  /**
   * Starts {@code template} the way a Temporal Schedule does: the workflow id is the template's
   * plus the scheduled time, which the run reads from {@code TemporalScheduledStartTime}.
   */
  private static ExportJob scheduledRun(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client, ExportRequest template)
      throws Exception {
    String workflowId = template.jobId() + "-" + START;
    ActivityMocks m = new ActivityMocks(template);
    ExportRequest run = template.toBuilder().jobId(workflowId).build();
    when(m.extraction.extract(any())).thenReturn(extracted(run));
    when(m.artifacts.publish(any(), eq(extracted(run)))).thenReturn(published(run));
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow =
        client.newWorkflowStub(
            ExportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(worker.getTaskQueue())
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(
                            TemporalNames.TEMPORAL_SCHEDULED_START_TIME,
                            START.atOffset(ZoneOffset.UTC))
                        .build())
                .build());
    WorkflowClient.start(workflow::run, template, null);
    ExportJob job = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(job.status()).isEqualTo(ExportStatus.COMPLETED);
    assertThat(job.id()).isEqualTo(workflowId);
    return job;
  }

  private static void write(WorkflowClient client, String workflowId, String name)
      throws Exception {
    write(client.fetchHistory(workflowId), name);
  }

  private static void write(WorkflowExecutionHistory history, String name) throws Exception {
    Path file = Path.of("src/test/resources/histories/v5").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true) + "\n", StandardCharsets.UTF_8);
  }
}
