package io.exportjobs.worker.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.shared.workflow.RetentionRequest;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.shared.workflow.WaitingForSlot;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the recorded histories of every shipped version of ExportWorkflow and ExportRetention
 * against the current code (histories/v1 to v5, v5 being the current shape; how they are recorded:
 * scripts/record-histories.sh and README, "Workflow versions"). A change that would break runs in
 * flight fails here and must go behind {@code Workflow.getVersion}; the last tests show that such a
 * change does fail.
 */
class ExportWorkflowReplayTest {

  static Stream<String> histories() throws IOException, URISyntaxException {
    Path root =
        Path.of(
            Objects.requireNonNull(
                    ExportWorkflowReplayTest.class.getClassLoader().getResource("histories"))
                .toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .map(f -> "histories/" + root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyShippedVersionHasRecordedHistories() throws Exception {
    List<String> all = histories().toList();
    assertThat(all).filteredOn(h -> h.startsWith("histories/v1/")).hasSize(3);
    assertThat(all).filteredOn(h -> h.startsWith("histories/v2/")).hasSizeGreaterThanOrEqualTo(6);
    assertThat(all).filteredOn(h -> h.startsWith("histories/v3/")).hasSizeGreaterThanOrEqualTo(8);
    // what makes each version what it is, so that a history filed under the wrong one shows
    for (String v2 : all.stream().filter(h -> h.startsWith("histories/v2/")).toList()) {
      assertThat(changeIds(load(v2)))
          .as(v2)
          .contains("admission")
          .doesNotContain("retention-child");
    }
    assertThat(changeIds(load("histories/v2/v2-evidence-pack-host-queue-expired.json")))
        .contains("admission", "host-queue");
    assertThat(changeIds(load("histories/v3/v3-completed.json")))
        .contains("admission", "slot-wait-signal", "host-queue", "retention-child");
    assertThat(eventTypes(load("histories/v3/v3-completed.json")))
        .contains(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .doesNotContain(EventType.EVENT_TYPE_TIMER_STARTED)
        .last()
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(load("histories/v3/v3-retention-expired.json").getEvents().get(0))
        .satisfies(
            e ->
                assertThat(
                        e.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName())
                    .isEqualTo(TemporalNames.RETENTION_WORKFLOW_TYPE));
    assertThat(eventTypes(load("histories/v3/v3-waited-run-1.json")))
        .last()
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    // v3 shipped before the webhook notices (898c644); v4, the current shape, notifies
    for (String v3 : all.stream().filter(h -> h.startsWith("histories/v3/")).toList()) {
      assertThat(changeIds(load(v3))).as(v3).doesNotContain("webhook-notices");
    }
    List<String> v4 = all.stream().filter(h -> h.startsWith("histories/v4/")).toList();
    assertThat(v4)
        .map(h -> h.substring("histories/v4/".length()))
        .contains(
            "v4-completed.json",
            "v4-failed.json",
            "v4-cancelled.json",
            "v4-waited-run-1.json",
            "v4-waited-run-2.json",
            "v4-scheduled-window.json",
            "v4-scheduled-incremental.json",
            "v4-retention-expired.json",
            "v4-retention-updated-deleted.json");
    // every run that reached an ending notified the webhooks; the first run of a wait did not end
    for (String h : v4) {
      if (!h.endsWith("v4-waited-run-1.json")) {
        assertThat(changeIds(load(h))).as(h).contains("webhook-notices");
      }
    }
    assertThat(changeIds(load("histories/v4/v4-completed.json")))
        .contains(
            "admission", "slot-wait-signal", "host-queue", "retention-child", "webhook-notices")
        .doesNotContain(Bookkeeping.CHANGE_ID);
    List<String> v5 = all.stream().filter(h -> h.startsWith("histories/v5/")).toList();
    assertThat(v5)
        .map(h -> h.substring("histories/v5/".length()))
        .contains(
            "v5-completed.json",
            "v5-failed.json",
            "v5-cancelled.json",
            "v5-waited-run-1.json",
            "v5-waited-run-2.json",
            "v5-scheduled-window.json",
            "v5-scheduled-incremental.json",
            "v5-retention-expired.json",
            "v5-retention-updated-deleted.json");
    // v5: the job's bookkeeping is local activities (markers), its work still activities
    for (String h : v5.stream().filter(h -> !h.contains("retention")).toList()) {
      assertThat(changeIds(load(h))).as(h).contains(Bookkeeping.CHANGE_ID);
      assertThat(activityTypes(load(h)))
          .as(h)
          .doesNotContain(
              "RecordJobStatus",
              "AppendAuditEvent",
              "CheckExportPolicy",
              "ClaimExportSlot",
              "WakeWaitingExports",
              "NotifyWebhooks");
      assertThat(localActivityTypes(load(h))).as(h).contains("ClaimExportSlot");
    }
    // v5's retention appends the expiry's entry before it deletes; v4's deleted first
    for (String ending : List.of("retention-expired", "retention-updated-deleted")) {
      String v5Ending = "histories/v5/v5-" + ending + ".json";
      assertThat(changeIds(load(v5Ending)))
          .as(v5Ending)
          .contains(RetentionTimer.ENTRY_FIRST_CHANGE);
      assertThat(activityTypes(load(v5Ending)))
          .as(v5Ending)
          .containsSubsequence("AppendAuditEvent", "DeleteArtifact");
      String v4Ending = "histories/v4/v4-" + ending + ".json";
      assertThat(changeIds(load(v4Ending)))
          .as(v4Ending)
          .doesNotContain(RetentionTimer.ENTRY_FIRST_CHANGE);
      assertThat(activityTypes(load(v4Ending)))
          .as(v4Ending)
          .containsSubsequence("DeleteArtifact", "AppendAuditEvent");
    }
    assertThat(activityTypes(load("histories/v5/v5-completed.json")))
        .contains("ExtractLedgerEntries", "PublishArtifact");
    assertThat(localActivityTypes(load("histories/v5/v5-completed.json")))
        .contains("CheckExportPolicy", "RecordJobStatus", "AppendAuditEvent", "NotifyWebhooks");
    for (String scheduled :
        List.of(
            "histories/v4/v4-scheduled-window.json",
            "histories/v4/v4-scheduled-incremental.json",
            "histories/v5/v5-scheduled-window.json",
            "histories/v5/v5-scheduled-incremental.json")) {
      assertThat(
              load(scheduled)
                  .getEvents()
                  .get(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getSearchAttributes()
                  .getIndexedFieldsMap())
          .as(scheduled + " was started as a schedule starts its runs")
          .containsKey(TemporalNames.TEMPORAL_SCHEDULED_START_TIME.getName());
    }
  }

  /** The current shape: its histories replay and an incompatible change to it fails them. */
  static Stream<String> currentShape() {
    return Stream.of(
        "histories/v5/v5-completed.json",
        "histories/v5/v5-failed.json",
        "histories/v5/v5-cancelled.json",
        "histories/v5/v5-waited-run-2.json",
        "histories/v5/v5-scheduled-window.json",
        "histories/v5/v5-scheduled-incremental.json");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replays(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        loadWithItsWorkflowId(history), ExportWorkflowImpl.class, ExportRetentionImpl.class);
  }

  /**
   * A recorded history holds no workflow id, and the replayer gives every run the same one; but a
   * run a schedule started takes its job id from its workflow id, which Temporal makes of the
   * schedule's workflow id (the job id of the template, the run's input) and the scheduled time.
   * Such a run replays under that id, as a worker replays it.
   */
  static WorkflowExecutionHistory loadWithItsWorkflowId(String resource) throws IOException {
    WorkflowExecutionHistory history = load(resource);
    var started = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes();
    Payload scheduledAt =
        started
            .getSearchAttributes()
            .getIndexedFieldsMap()
            .get(TemporalNames.TEMPORAL_SCHEDULED_START_TIME.getName());
    if (scheduledAt == null) {
      return history;
    }
    JsonNode template =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            started.getInput().getPayloads(0), JsonNode.class, JsonNode.class);
    String at =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(scheduledAt, String.class, String.class);
    return new WorkflowExecutionHistory(
        history.getHistory(),
        template.get("jobId").asText() + "-" + OffsetDateTime.parse(at).toInstant());
  }

  /**
   * The deliberately incompatible change: the retention child without its version gate. Every run
   * of v1 and v2 that completed would then start a child where its history holds a timer.
   */
  @Test
  void withoutTheVersionGateRunsOfEarlierVersionsNoLongerReplay() throws Exception {
    for (String earlier :
        List.of(
            "histories/v1/export-ledger-completed.json",
            "histories/v2/v2-evidence-pack-host-queue-expired.json",
            "histories/v2/v2-open-holding-retention.json")) {
      assertThatThrownBy(
              () ->
                  WorkflowReplayer.replayWorkflowExecutionFromResource(
                      earlier, UngatedRetentionChild.class, ExportRetentionImpl.class))
          .as(earlier)
          .hasStackTraceContaining("NonDeterministicException");
    }
    // the same change replays the runs that recorded the gate: only the gate was removed
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/v3/v3-completed.json", UngatedRetentionChild.class, ExportRetentionImpl.class);
  }

  @ParameterizedTest
  @MethodSource("currentShape")
  void aReorderedJobWorkflowIsReportedAsNonDeterministic(String history) {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    loadWithItsWorkflowId(history),
                    PolicyCheckedLateWorkflow.class,
                    ExportRetentionImpl.class))
        .hasStackTraceContaining("NonDeterministicException");
  }

  @ParameterizedTest
  @MethodSource("retentionExpired")
  void aRetentionWorkflowThatNoLongerWaitsIsReportedAsNonDeterministic(String history) {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    history, ExportWorkflowImpl.class, RetentionWithoutTimer.class))
        .hasStackTraceContaining("NonDeterministicException");
  }

  static Stream<String> retentionExpired() {
    return Stream.of(
        "histories/v3/v3-retention-expired.json",
        "histories/v4/v4-retention-expired.json",
        "histories/v5/v5-retention-expired.json");
  }

  static WorkflowExecutionHistory load(String resource) throws IOException {
    try (InputStream in =
        ExportWorkflowReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      Objects.requireNonNull(in, resource + " is missing from the test resources");
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static List<EventType> eventTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream().map(HistoryEvent::getEventType).toList();
  }

  /** The types of the activities the history scheduled on a task queue. */
  static List<String> activityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** The types of the local activities the history recorded (their markers). */
  static List<String> localActivityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .filter(e -> e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("type"))
        .filter(Objects::nonNull)
        .map(
            p ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    p.getPayloads(0), String.class, String.class))
        .toList();
  }

  static List<String> changeIds(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId"))
        .filter(Objects::nonNull)
        .map(
            p ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    p.getPayloads(0), String.class, String.class))
        .toList();
  }

  /** ExportWorkflow v3 as it would be had the retention child gone in without getVersion. */
  public static class UngatedRetentionChild extends ExportWorkflowImpl {
    @Override
    boolean handsRetentionToChild() {
      return true;
    }
  }

  /** ExportWorkflow as it would look if someone moved the policy check after the extraction. */
  public static class PolicyCheckedLateWorkflow implements ExportWorkflow {

    private final PolicyActivities policy =
        Workflow.newActivityStub(PolicyActivities.class, ExportActivityOptions.policy());
    private final ExtractionActivities extraction =
        Workflow.newActivityStub(ExtractionActivities.class, ExportActivityOptions.extraction());
    private ExportJob job;

    @Override
    public ExportJob run(ExportRequest request, WaitingForSlot waiting) {
      job = request.pendingJob();
      extraction.extract(request);
      policy.checkPolicy(request);
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

  /** ExportRetention as it would look if it deleted the artifact without waiting. */
  public static class RetentionWithoutTimer implements ExportRetention {

    private JobRecorder recorder;

    @Override
    public ExportJob run(RetentionRequest request) {
      recorder = new JobRecorder(request.job(), true);
      recorder.location(request.location());
      recorder.transition(
          request.job().toBuilder()
              .status(io.exportjobs.shared.export.ExportStatus.EXPIRED)
              .build());
      return recorder.job();
    }

    @Override
    public ExportJob state() {
      return recorder.job();
    }

    @Override
    public ExportJob setRetention(String retention) {
      return recorder.job();
    }

    @Override
    public void validateSetRetention(String retention) {}

    @Override
    public ExportJob deleteArtifact() {
      return recorder.job();
    }

    @Override
    public void validateDeleteArtifact() {}
  }
}
