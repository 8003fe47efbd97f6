package io.exportjobs.worker.export;

import static io.exportjobs.worker.export.ExportWorkflowFixtures.START;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.extracted;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.published;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the histories of the second shipped shape of ExportWorkflow (admission and host-queue
 * markers, retention timer inside the workflow) at commit 7289341. Not compiled in later versions:
 * scripts/record-histories.sh v2 copies it into a scratch clone at that commit, runs it there and
 * brings the histories back into worker/src/test/resources/histories/v2.
 */
@Tag("record-histories")
class V2HistoryRecorder {

  static final String HOST_QUEUE = "exports-host-recorder";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  /** An evidence pack built and published on the extracting worker's own queue, then expired. */
  @Test
  void evidencePackCompletedOnItsHostQueueThenExpired(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest ledger = request("exp-demo-01JV2PACKEXPIRED00000000", "P30D");
    ExportRequest request =
        new ExportRequest(
            ledger.jobId(),
            ledger.tenant(),
            io.exportjobs.shared.export.ExportType.EVIDENCE_PACK,
            io.exportjobs.shared.export.ExportFormat.TAR_GZ,
            ledger.range(),
            ledger.filters(),
            ledger.labels(),
            ledger.retention(),
            ledger.target(),
            ledger.createdAt(),
            ledger.requestedBy(),
            ledger.callerScopes(),
            1,
            null);
    ActivityMocks m = new ActivityMocks(request);
    ExtractionResult staged =
        new ExtractionResult(
            extracted(request).stagingPath(),
            1_234,
            456_789,
            5_678,
            HOST_QUEUE,
            new io.exportjobs.pack.ledger.ChainHead(5_678, "sha256:" + "ab".repeat(32)));
    ExtractionResult built = staged.staged(staged.stagingPath() + ".tar.gz", 98_765);
    when(m.extraction.extract(any())).thenReturn(staged);
    PackagingActivities packaging =
        mock(PackagingActivities.class, withSettings().withoutAnnotations());
    when(packaging.build(any(), eq(staged))).thenReturn(built);
    ArtifactActivities hostArtifacts =
        mock(ArtifactActivities.class, withSettings().withoutAnnotations());
    when(hostArtifacts.publish(any(), eq(built))).thenReturn(published(request));
    Worker host = testEnv.newWorker(HOST_QUEUE);
    host.registerActivitiesImplementations(packaging, hostArtifacts);
    m.registerOn(worker);
    testEnv.start();
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitStatus(ExportStatus.COMPLETED);
    testEnv.sleep(Duration.ofDays(31));
    assertThat(WorkflowStub.fromTyped(workflow).getResult(ExportJob.class).status())
        .isEqualTo(ExportStatus.EXPIRED);
    write(client, request, "v2-evidence-pack-host-queue-expired.json");
  }

  /** A job that waited for a slot (woken once by slotFreed), then retention changed, deleted. */
  @Test
  void waitedForASlotThenRetentionChangedAndArtifactDeleted(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-01JV2WAITEDRETENTION000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger claims = new AtomicInteger();
    CountDownLatch firstRefusal = new CountDownLatch(1);
    doAnswer(
            call -> {
              int n = claims.incrementAndGet();
              if (n <= 2) {
                firstRefusal.countDown();
                return Admission.waiting("1 of at most 1 jobs are active and 0 earlier jobs wait");
              }
              return Admission.admitted(
                  Instant.ofEpochMilli(
                      Activity.getExecutionContext().getInfo().getScheduledTimestamp()));
            })
        .when(m.admission)
        .claim(any());
    m.registerOn(worker);
    testEnv.start();
    ExportWorkflow workflow = start(client, worker, request);
    assertThat(firstRefusal.await(15, TimeUnit.SECONDS)).isTrue();
    WorkflowStub.fromTyped(workflow).signal("slotFreed");
    m.awaitStatus(ExportStatus.COMPLETED);
    workflow.setRetention("P90D");
    testEnv.sleep(Duration.ofDays(40));
    assertThat(workflow.deleteArtifact().status()).isEqualTo(ExportStatus.EXPIRED);
    WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    write(client, request, "v2-waited-retention-updated-deleted.json");
  }

  @Test
  void extractionKeepsFailing(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest request = request("exp-demo-01JV2FAILED00000000000", "P30D");
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
    m.registerOn(worker);
    testEnv.start();
    ExportWorkflow workflow = start(client, worker, request);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);
    write(client, request, "v2-failed.json");
  }

  @Test
  void cancelledWhileExtracting(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-01JV2CANCELLED000000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    doAnswer(
            call -> {
              ActivityExecutionContext ctx = Activity.getExecutionContext();
              started.countDown();
              Instant giveUp = Instant.now().plusSeconds(30);
              while (Instant.now().isBefore(giveUp)) {
                try {
                  ctx.heartbeat(null);
                } catch (ActivityCompletionException cancelled) {
                  throw cancelled;
                }
                never.await(50, TimeUnit.MILLISECONDS);
              }
              throw new IllegalStateException("the cancellation never reached the activity");
            })
        .when(m.extraction)
        .extract(any());
    m.registerOn(worker);
    testEnv.start();
    ExportWorkflow workflow = start(client, worker, request);
    assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(ExportJob.class))
        .isInstanceOf(WorkflowFailedException.class);
    write(client, request, "v2-cancelled.json");
  }

  /** Still open: completed, its retention timer pending, as many jobs are at an upgrade. */
  @Test
  void completedAndHoldingItsRetention(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    ExportRequest request = request("exp-demo-01JV2OPENRETENTION00000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    m.registerOn(worker);
    testEnv.start();
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitAction("export.completed");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client.fetchHistory(request.jobId()).getEvents().stream()
                    .anyMatch(e -> e.hasTimerStartedEventAttributes()));
    assertThat(workflow.state().status()).isEqualTo(ExportStatus.COMPLETED);
    write(client, request, "v2-open-holding-retention.json");
  }

  /** Still open: waiting for a slot, as a queued job is at an upgrade. */
  @Test
  void waitingForASlot(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws Exception {
    ExportRequest request = request("exp-demo-01JV2OPENWAITING0000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    AtomicInteger claims = new AtomicInteger();
    doAnswer(
            call -> {
              claims.incrementAndGet();
              return Admission.waiting("1 of at most 1 jobs are active and 0 earlier jobs wait");
            })
        .when(m.admission)
        .claim(any());
    m.registerOn(worker);
    testEnv.start();
    start(client, worker, request);
    await().atMost(Duration.ofSeconds(30)).until(() -> claims.get() >= 3);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                client
                    .fetchHistory(request.jobId())
                    .getLastEvent()
                    .hasTimerStartedEventAttributes());
    write(client, request, "v2-open-waiting-for-slot.json");
  }

  private static void write(WorkflowClient client, ExportRequest request, String name)
      throws Exception {
    WorkflowExecutionHistory history = client.fetchHistory(request.jobId());
    Path file = Path.of("src/test/resources/histories/v2").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true) + "\n", StandardCharsets.UTF_8);
    assertThat(START).isNotNull();
  }
}
