package io.exportjobs.worker.export;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.AdmissionActivities;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.AuditActivities;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.JobIndexActivities;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.shared.workflow.PublishedArtifact;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.webhook.workflow.WebhookActivities;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the workflow tests share: the test environment, a request, and recording mocks. */
final class ExportWorkflowFixtures {

  /** Workflow time at the start of every test, so that recorded histories are reproducible. */
  static final Instant START = Instant.parse("2026-11-02T08:00:00Z");

  static final String TENANT = "demo";
  static final String REQUESTED_BY = "dev-demo-writer";
  static final long ENTRY_COUNT = 1_234;
  static final long STAGED_BYTES = 456_789;
  static final long ARTIFACT_BYTES = 456_789;
  static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private ExportWorkflowFixtures() {}

  /**
   * The in-memory, time-skipping Temporal with the contract's search attributes. Not started: each
   * test registers its activity mocks, then calls {@code testEnv.start()}. Heartbeats are throttled
   * to 200 ms so that a cancellation reaches a heartbeating activity quickly.
   */
  static TestWorkflowExtension extension() {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(ExportWorkflowImpl.class, ExportRetentionImpl.class)
        .registerSearchAttribute(
            TemporalNames.EXPORT_TENANT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            TemporalNames.EXPORT_TYPE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            TemporalNames.EXPORT_STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            TemporalNames.EXPORT_SCHEDULE_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            TemporalNames.EXPORT_EXPIRES_AT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME)
        // what a Temporal Schedule sets on the runs it starts (the real server has it built in)
        .registerSearchAttribute(
            TemporalNames.TEMPORAL_SCHEDULED_START_TIME.getName(),
            IndexedValueType.INDEXED_VALUE_TYPE_DATETIME)
        .setWorkerOptions(
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(200))
                .build())
        .setInitialTime(START)
        .setDoNotStart(true)
        .build();
  }

  static ExportRequest request(String jobId, String retention) {
    return ExportRequest.builder()
        .jobId(jobId)
        .tenant(TENANT)
        .type(ExportType.LEDGER)
        .format(ExportFormat.NDJSON)
        .range(
            new TimeRange(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
        .filters(ExportFilters.none())
        .labels(Map.of("ticket", "SEC-42"))
        .retention(retention)
        .target("default")
        .createdAt(START.minusSeconds(5))
        .requestedBy(REQUESTED_BY)
        .callerScopes(Set.of("exports:read", "exports:write"))
        .scheduleId("nightly")
        .build();
  }

  static ExtractionResult extracted(ExportRequest request) {
    return new ExtractionResult(
        "/var/exportjobs/staging/demo/" + request.jobId() + "/attempt-1/" + request.fileName(),
        ENTRY_COUNT,
        STAGED_BYTES,
        5_678);
  }

  static PublishedArtifact published(ExportRequest request) {
    return new PublishedArtifact(
        new ArtifactLocation(
            "default",
            ArtifactLocation.keyFor(
                request.tenant(), request.jobId(), request.attempt(), request.fileName())),
        new ExportArtifact(
            request.fileName(),
            request.format().contentType(),
            ARTIFACT_BYTES,
            SHA256,
            ENTRY_COUNT,
            null));
  }

  /** Starts the workflow the way the api does: the job id is the workflow id. */
  static ExportWorkflow start(WorkflowClient client, Worker worker, ExportRequest request) {
    ExportWorkflow workflow =
        client.newWorkflowStub(
            ExportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.jobId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(workflow::run, request, null);
    return workflow;
  }

  /** The retention workflow that a completed job's workflow started: {@code <job id>.retention}. */
  static ExportRetention retentionOf(WorkflowClient client, ExportRequest request) {
    return client.newWorkflowStub(
        ExportRetention.class, TemporalNames.retentionWorkflowId(request.jobId()));
  }

  static SearchAttributes searchAttributes(ExportRetention workflow) {
    return WorkflowStub.fromTyped(workflow).describe().getTypedSearchAttributes();
  }

  static SearchAttributes searchAttributes(ExportWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).describe().getTypedSearchAttributes();
  }

  /** Activity mocks that succeed by default and record what the workflow writes. */
  static final class ActivityMocks {
    final PolicyActivities policy =
        mock(PolicyActivities.class, withSettings().withoutAnnotations());
    final ExtractionActivities extraction =
        mock(ExtractionActivities.class, withSettings().withoutAnnotations());
    final ArtifactActivities artifacts =
        mock(ArtifactActivities.class, withSettings().withoutAnnotations());
    final JobIndexActivities jobIndex =
        mock(JobIndexActivities.class, withSettings().withoutAnnotations());
    final AuditActivities audit = mock(AuditActivities.class, withSettings().withoutAnnotations());
    final AdmissionActivities admission =
        mock(AdmissionActivities.class, withSettings().withoutAnnotations());
    final WebhookActivities webhooks =
        mock(WebhookActivities.class, withSettings().withoutAnnotations());

    /** Every snapshot passed to {@code RecordJobStatus}, in call order. */
    final List<JobSnapshot> snapshots = new CopyOnWriteArrayList<>();

    /** Every event passed to {@code AppendAuditEvent}, in call order. */
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    ActivityMocks(ExportRequest request) {
      doAnswer(
              call -> {
                snapshots.add(call.getArgument(0));
                return null;
              })
          .when(jobIndex)
          .record(any());
      doAnswer(
              call -> {
                events.add(call.getArgument(0));
                return null;
              })
          .when(audit)
          .append(any());
      // the store admits at its own clock's time: here, the moment the environment's time began
      // (a local activity's scheduled time is the worker's wall clock, not the environment's)
      when(admission.claim(any())).thenReturn(Admission.admitted(START));
      when(policy.checkPolicy(any())).thenReturn(new PolicyCheck(ENTRY_COUNT));
      when(extraction.extract(any())).thenReturn(extracted(request));
      when(artifacts.publish(any(), eq(extracted(request)))).thenReturn(published(request));
    }

    void registerOn(Worker worker) {
      worker.registerActivitiesImplementations(
          policy, extraction, artifacts, jobIndex, audit, admission, webhooks);
    }

    List<ExportStatus> statuses() {
      return snapshots.stream().map(s -> s.job().status()).toList();
    }

    List<String> actions() {
      return events.stream().map(AuditEvent::action).toList();
    }

    JobSnapshot last() {
      return snapshots.get(snapshots.size() - 1);
    }

    void awaitStatus(ExportStatus status) {
      await().atMost(Duration.ofSeconds(15)).until(() -> statuses().contains(status));
    }

    void awaitAction(String action) {
      await().atMost(Duration.ofSeconds(15)).until(() -> actions().contains(action));
    }
  }

  /** Starts a test environment: mocks on the worker, then the worker factory. */
  static void startEnvironment(TestWorkflowEnvironment testEnv, Worker worker, ActivityMocks m) {
    m.registerOn(worker);
    testEnv.start();
  }
}
