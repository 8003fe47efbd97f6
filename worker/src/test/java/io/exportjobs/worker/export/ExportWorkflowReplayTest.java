package io.exportjobs.worker.export;

import static io.exportjobs.worker.export.ExportWorkflowFixtures.request;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.start;
import static io.exportjobs.worker.export.ExportWorkflowFixtures.startEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.worker.export.ExportWorkflowFixtures.ActivityMocks;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays recorded histories of ExportWorkflow against the current code: a change that would break
 * the runs already in flight (a retention timer keeps them open for months) fails here, and must go
 * behind {@code Workflow.getVersion}.
 *
 * <p>The histories were recorded once from the scenarios below. To record them again (only when a
 * change is deliberately incompatible and versioned), run with {@code -Dgroups=record-histories
 * -DexcludedTestGroups=none}.
 */
class ExportWorkflowReplayTest {

  static final String COMPLETED = "histories/export-ledger-completed.json";
  static final String FAILED = "histories/export-ledger-failed.json";
  static final String RETENTION_UPDATED = "histories/export-ledger-retention-updated.json";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = ExportWorkflowFixtures.extension();

  @Test
  void completedRunFollowedByRetentionExpiryReplays() throws Exception {
    WorkflowExecutionHistory history = load(COMPLETED);
    assertThat(history.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(eventTypes(history)).contains(EventType.EVENT_TYPE_TIMER_FIRED);
    assertThat(activityTypes(history))
        .containsSubsequence(
            "CheckExportPolicy",
            "ExtractLedgerEntries",
            "PublishArtifact",
            "RecordJobStatus",
            "DeleteArtifact");

    WorkflowReplayer.replayWorkflowExecutionFromResource(COMPLETED, ExportWorkflowImpl.class);
  }

  @Test
  void failedRunReplays() throws Exception {
    WorkflowExecutionHistory history = load(FAILED);
    assertThat(history.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    assertThat(activityTypes(history)).contains("ExtractLedgerEntries", "DiscardPartialOutput");

    WorkflowReplayer.replayWorkflowExecutionFromResource(FAILED, ExportWorkflowImpl.class);
  }

  @Test
  void runWithRetentionUpdateAndDeleteRequestReplays() throws Exception {
    WorkflowExecutionHistory history = load(RETENTION_UPDATED);
    assertThat(eventTypes(history))
        .filteredOn(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
        .hasSize(2);

    WorkflowReplayer.replayWorkflowExecutionFromResource(
        RETENTION_UPDATED, ExportWorkflowImpl.class);
  }

  /** Proof that the replay tests can fail: a reordered workflow does not match the history. */
  @Test
  void reorderedWorkflowIsReportedAsNonDeterministic() {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    COMPLETED, PolicyCheckedLateWorkflow.class))
        .hasStackTraceContaining("NonDeterministicException");
  }

  // --- recording (run once, with -Dgroups=record-histories -DexcludedTestGroups=none)
  // -----------------------------

  @Test
  @Tag("record-histories")
  void recordCompletedHistory(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws IOException {
    ExportRequest request = request("exp-demo-01JREPLAYCOMPLETED0000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitStatus(ExportStatus.COMPLETED);
    ExportJob result = WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    assertThat(result.status()).isEqualTo(ExportStatus.EXPIRED);
    write(client, request, COMPLETED);
  }

  @Test
  @Tag("record-histories")
  void recordFailedHistory(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client)
      throws IOException {
    ExportRequest request = request("exp-demo-01JREPLAYFAILED000000000", "P30D");
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
    write(client, request, FAILED);
  }

  @Test
  @Tag("record-histories")
  void recordRetentionUpdatedHistory(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws IOException {
    ExportRequest request = request("exp-demo-01JREPLAYRETENTION000000", "P30D");
    ActivityMocks m = new ActivityMocks(request);
    startEnvironment(testEnv, worker, m);
    ExportWorkflow workflow = start(client, worker, request);
    m.awaitStatus(ExportStatus.COMPLETED);
    workflow.setRetention("P90D");
    testEnv.sleep(Duration.ofDays(40));
    assertThat(workflow.deleteArtifact().status()).isEqualTo(ExportStatus.EXPIRED);
    WorkflowStub.fromTyped(workflow).getResult(ExportJob.class);
    write(client, request, RETENTION_UPDATED);
  }

  private static void write(WorkflowClient client, ExportRequest request, String resource)
      throws IOException {
    WorkflowExecutionHistory history = client.fetchHistory(request.jobId());
    Path file = Path.of("src/test/resources").resolve(resource);
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true) + "\n", StandardCharsets.UTF_8);
  }

  private static WorkflowExecutionHistory load(String resource) throws IOException {
    try (InputStream in =
        ExportWorkflowReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      Objects.requireNonNull(in, resource + " is missing from the test resources");
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<EventType> eventTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream().map(HistoryEvent::getEventType).toList();
  }

  private static List<String> activityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** ExportWorkflow as it would look if someone moved the policy check after the extraction. */
  public static class PolicyCheckedLateWorkflow implements ExportWorkflow {

    private final PolicyActivities policy =
        Workflow.newActivityStub(PolicyActivities.class, ExportActivityOptions.policy());
    private final ExtractionActivities extraction =
        Workflow.newActivityStub(ExtractionActivities.class, ExportActivityOptions.extraction());
    private ExportJob job;

    @Override
    public ExportJob run(ExportRequest request) {
      job = request.pendingJob();
      extraction.extract(request);
      policy.checkPolicy(request);
      return job;
    }

    @Override
    public void slotFreed() {}

    @Override
    public ExportJob state() {
      return job;
    }

    @Override
    public ExportJob setRetention(String retention) {
      return job;
    }

    @Override
    public void validateSetRetention(String retention) {}

    @Override
    public ExportJob deleteArtifact() {
      return job;
    }

    @Override
    public void validateDeleteArtifact() {}
  }
}
