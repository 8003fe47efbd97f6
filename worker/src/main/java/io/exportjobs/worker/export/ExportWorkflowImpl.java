package io.exportjobs.worker.export;

import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_EXPIRES_AT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_SCHEDULE_ID;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;

import io.exportjobs.shared.admission.Admission;
import io.exportjobs.shared.admission.AdmissionRequest;
import io.exportjobs.shared.admission.Overlap;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobSnapshot;
import io.exportjobs.shared.policy.Retention;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.exportjobs.shared.workflow.AdmissionActivities;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.AuditActivities;
import io.exportjobs.shared.workflow.AuditEvent;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.JobIndexActivities;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.shared.workflow.PolicyActivities;
import io.exportjobs.shared.workflow.PublishedArtifact;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.worker.webhook.workflow.WebhookNotices;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The life of one export job. Status changes go to three places at once: the workflow's own state
 * (query {@code state}), the job index (activity), and the search attributes (for operators).
 */
public class ExportWorkflowImpl implements ExportWorkflow {

  private static final Logger log = Workflow.getLogger(ExportWorkflowImpl.class);
  private static final String SYSTEM = "system";

  /** Change id of building and publishing on the extracting worker's own task queue (v0.2). */
  static final String HOST_QUEUE_CHANGE = "host-queue";

  /** Change id of the admission step (max active jobs, schedule overlap), added in v0.2. */
  static final String ADMISSION_CHANGE = "admission";

  /** A scheduled run that starts later than its time plus jitter plus this is a catch-up. */
  private static final Duration CATCH_UP_SLACK = Duration.ofMinutes(1);

  private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

  private final PolicyActivities policy =
      Workflow.newActivityStub(PolicyActivities.class, ExportActivityOptions.policy());
  private final ExtractionActivities extraction =
      Workflow.newActivityStub(ExtractionActivities.class, ExportActivityOptions.extraction());
  private final ArtifactActivities artifacts =
      Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.artifact());
  private final ArtifactActivities cleanup =
      Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.cleanup());
  private final AdmissionActivities admission =
      Workflow.newActivityStub(AdmissionActivities.class, ExportActivityOptions.bookkeeping());
  private final JobIndexActivities jobIndex =
      Workflow.newActivityStub(JobIndexActivities.class, ExportActivityOptions.bookkeeping());
  private final AuditActivities audit =
      Workflow.newActivityStub(AuditActivities.class, ExportActivityOptions.bookkeeping());

  private ExportRequest request;
  private ExportJob job;
  private ArtifactLocation location;
  private String hostQueue;
  private boolean admitted;
  private boolean slotHint;
  private long writes;
  private boolean retentionChanged;
  private boolean deleteRequested;
  private boolean expiryRecorded;

  @Override
  public ExportJob run(ExportRequest input) {
    ExportRequest request = ScheduledRuns.resolve(input);
    this.request = request;
    this.job = request.pendingJob().toBuilder().runId(Workflow.getInfo().getRunId()).build();
    upsertSearchAttributes();
    try {
      if (request != input) {
        // a schedule started this run, so no api call listed it: list it as pending now
        transition(job);
      }
      // inside the try: a cancel that arrives before the first task must still end `cancelled`
      audit("export.requested", "success", Map.of());
      policy.checkPolicy(request);
      Instant startedAt = now();
      if (Workflow.getVersion(ADMISSION_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        Admission admitted = awaitSlot(request);
        if (admitted.decision() == Admission.Decision.SKIP) {
          skip(admitted.reason());
          return job;
        }
        startedAt = admitted.startedAt();
        this.admitted = true;
      }
      transition(job.toBuilder().status(ExportStatus.RUNNING).startedAt(startedAt).build());
      audit("export.started", "success", Map.of());
      PublishedArtifact published;
      ExtractionResult extracted;
      if (Workflow.getVersion(HOST_QUEUE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        StagedAndPublished done = extractBuildPublish(request);
        extracted = done.extracted();
        published = done.published();
      } else {
        extracted = extraction.extract(request);
        job =
            job.toBuilder()
                .progress(new ExportProgress(extracted.entryCount(), extracted.bytesWritten()))
                .build();
        published = artifacts.publish(request, extracted);
      }
      location = published.location();
      Instant completedAt = now();
      transition(
          job.toBuilder()
              .status(ExportStatus.COMPLETED)
              .completedAt(completedAt)
              .expiresAt(completedAt.plus(retention(job.retention())))
              .artifact(published.artifact())
              .progress(
                  new ExportProgress(extracted.entryCount(), published.artifact().sizeBytes()))
              .build());
      leaveSlot();
      audit(
          "export.completed",
          "success",
          Map.of(
              "sha256", published.artifact().sha256(),
              "entryCount", published.artifact().entryCount()));
      WebhookNotices.send(job, WebhookEvents.COMPLETED); // webhooks (issue 15)
    } catch (ActivityFailure failure) {
      if (CancellationScope.current().isCancelRequested()) {
        cancel();
        throw new CanceledFailure("export " + job.id() + " was cancelled");
      }
      fail(failure);
    } catch (CanceledFailure cancelled) {
      cancel();
      throw cancelled;
    }
    awaitRetentionThenExpire();
    return job;
  }

  /**
   * Waits, as {@code pending}, for one of the tenant's active slots, asking again with a growing
   * pause. A job that waits checks the policy again before each new claim, so that it never starts
   * under a policy that changed while it waited.
   *
   * @return the admission, or the skip of a run that its schedule's overlap policy refuses
   */
  private Admission awaitSlot(ExportRequest request) {
    AdmissionRequest ask =
        new AdmissionRequest(
            job.id(),
            job.tenant(),
            job.attempt(),
            job.createdAt(),
            request.scheduleId(),
            overlapOf(request));
    Duration pause = FIRST_PAUSE;
    while (true) {
      Admission answer = admission.claim(ask);
      if (answer.decision() != Admission.Decision.WAIT) {
        return answer;
      }
      if (pause == FIRST_PAUSE) {
        log.info("export {} waits for a slot: {}", job.id(), answer.reason());
      }
      slotHint = false;
      Workflow.await(pause, () -> slotHint);
      pause = pause.multipliedBy(2);
      if (pause.compareTo(LONGEST_PAUSE) > 0) {
        pause = LONGEST_PAUSE;
      }
      policy.checkPolicy(request);
    }
  }

  /**
   * A schedule's overlap policy travels on its runs as part of the schedule's memo. A run started
   * otherwise (a retry of a scheduled job, say) never waits for its siblings, and neither does a
   * backfill or catch-up run, whose scheduled time lies well before its start: its window was
   * missed, and exporting it is the point of the run.
   */
  @SuppressWarnings("unchecked")
  private static Overlap overlapOf(ExportRequest request) {
    if (request.scheduleId() == null) {
      return Overlap.ALLOW_ALL;
    }
    Map<String, Object> definition =
        (Map<String, Object>) Workflow.getMemo(TemporalNames.MEMO_SCHEDULE, Map.class);
    if (definition == null) {
      return Overlap.ALLOW_ALL;
    }
    Duration jitter = Duration.ZERO;
    if (definition.get("jitter") instanceof String j && !j.isBlank()) {
      try {
        jitter = Duration.parse(j);
      } catch (RuntimeException unreadable) {
        jitter = Duration.ZERO;
      }
    }
    Instant started = Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
    Instant onTime = request.range().to().plus(jitter).plus(CATCH_UP_SLACK);
    if (started.isAfter(onTime)) {
      return Overlap.ALLOW_ALL;
    }
    return Overlap.fromWire(definition.get("overlap") instanceof String o ? o : null);
  }

  /** A scheduled run that its schedule's overlap policy skips: cancelled, with the reason. */
  private void skip(String reason) {
    log.info("export {} skipped: {}", job.id(), reason);
    audit("export.cancelled", "success", Map.of("reason", "overlap_skipped"));
    transition(
        job.toBuilder()
            .status(ExportStatus.CANCELLED)
            .error(new ExportError("overlap_skipped", reason, "ClaimExportSlot", 1, now()))
            .build());
    WebhookNotices.send(job, WebhookEvents.CANCELLED); // webhooks (issue 15)
  }

  private record StagedAndPublished(ExtractionResult extracted, PublishedArtifact published) {}

  /**
   * Extracts on any worker, then builds (packs, reports) and publishes on the worker that holds the
   * staged file, through its own task queue. If that worker is gone before it picks up the next
   * step, the staged file is gone with it: extract again, wherever.
   */
  private StagedAndPublished extractBuildPublish(ExportRequest request) {
    for (int round = 1; ; round++) {
      ExtractionResult extracted = extraction.extract(request);
      job =
          job.toBuilder()
              .progress(new ExportProgress(extracted.entryCount(), extracted.bytesWritten()))
              .build();
      hostQueue = extracted.workerQueue();
      ActivityOptions onHost = ExportActivityOptions.onHost(hostQueue);
      ArtifactActivities hostArtifacts = Workflow.newActivityStub(ArtifactActivities.class, onHost);
      try {
        ExtractionResult staged = extracted;
        if (request.type() != ExportType.LEDGER) {
          staged =
              Workflow.newActivityStub(PackagingActivities.class, onHost).build(request, extracted);
        }
        return new StagedAndPublished(staged, hostArtifacts.publish(request, staged));
      } catch (ActivityFailure failure) {
        if (round >= ExportActivityOptions.WORK_ATTEMPTS || !workerGone(failure)) {
          throw failure;
        }
        log.warn(
            "the worker holding the staged file of {} is gone ({}); extracting again",
            job.id(),
            hostQueue);
      }
    }
  }

  private static boolean workerGone(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  @Override
  public void slotFreed() {
    slotHint = true;
  }

  /** This job holds a slot no more: let the tenant's next waiting jobs know at once. */
  private void leaveSlot() {
    if (admitted) {
      admitted = false;
      admission.wakeWaiters(job.tenant());
    }
  }

  @Override
  public ExportJob state() {
    return job;
  }

  @Override
  public void validateSetRetention(String retention) {
    if (job == null || job.status() != ExportStatus.COMPLETED) {
      throw new IllegalStateException("retention can be changed only while the job is completed");
    }
    if (Retention.parse(retention).isEmpty()) {
      throw new IllegalArgumentException("retention must be a positive ISO 8601 duration");
    }
  }

  @Override
  public ExportJob setRetention(String retention) {
    transition(
        job.toBuilder()
            .retention(retention)
            .expiresAt(job.completedAt().plus(retention(retention)))
            .build());
    retentionChanged = true;
    return job;
  }

  @Override
  public void validateDeleteArtifact() {
    if (job == null || job.status() != ExportStatus.COMPLETED) {
      throw new IllegalStateException("only a completed job has an artifact to delete");
    }
  }

  @Override
  public ExportJob deleteArtifact() {
    deleteRequested = true;
    // answer once the deletion is recorded everywhere, ledger included
    Workflow.await(() -> expiryRecorded);
    return job;
  }

  /** Durable timer until expiresAt; setRetention moves it, deleteArtifact cuts it short. */
  private void awaitRetentionThenExpire() {
    String reason = "retention_ended";
    try {
      while (!deleteRequested) {
        Duration left = Duration.between(now(), job.expiresAt());
        if (left.isNegative() || left.isZero()) {
          break;
        }
        retentionChanged = false;
        Workflow.await(left, () -> deleteRequested || retentionChanged);
      }
      if (deleteRequested) {
        reason = "deleted_on_request";
      }
    } catch (CanceledFailure cancelled) {
      // cancelling a completed job (e.g. from the Web UI) ends its retention early
      reason = "workflow_cancelled";
    }
    String why = reason;
    Workflow.newDetachedCancellationScope(
            () -> {
              cleanup.delete(location);
              location = null;
              transition(job.toBuilder().status(ExportStatus.EXPIRED).build());
              audit("export.expired", "success", Map.of("reason", why));
              expiryRecorded = true;
              WebhookNotices.send(job, WebhookEvents.EXPIRED); // webhooks (issue 15)
            })
        .run();
  }

  private void fail(ActivityFailure failure) {
    ExportError error = errorOf(failure);
    log.warn("export {} failed: {} {}", job.id(), error.code(), error.message());
    Workflow.newDetachedCancellationScope(
            () -> {
              discardQuietly();
              audit(
                  "export.failed",
                  "failure",
                  Map.of("code", error.code(), "activity", error.activity()));
              // the job index turns terminal last, when nothing of this run is left to do
              transition(job.toBuilder().status(ExportStatus.FAILED).error(error).build());
              leaveSlot();
              WebhookNotices.send(job, WebhookEvents.FAILED); // webhooks (issue 15)
            })
        .run();
    // fail the run in Temporal too, so the Web UI shows it red and it can be reset there
    throw ApplicationFailure.newNonRetryableFailureWithCause(
        error.message(), error.code(), failure, error);
  }

  private void cancel() {
    Workflow.newDetachedCancellationScope(
            () -> {
              discardQuietly();
              audit("export.cancelled", "success", Map.of());
              // a cancel that lands after publishing removed the artifact too: forget it
              location = null;
              transition(
                  job.toBuilder()
                      .status(ExportStatus.CANCELLED)
                      .artifact(null)
                      .completedAt(null)
                      .expiresAt(null)
                      .build());
              leaveSlot();
              WebhookNotices.send(job, WebhookEvents.CANCELLED); // webhooks (issue 15)
            })
        .run();
  }

  /** Partial output must go; if the store is what failed, that must not hide the real error. */
  private void discardQuietly() {
    if (hostQueue != null) {
      // the staged files live on the worker that extracted; if it is gone, so are they
      try {
        Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.onHost(hostQueue))
            .discard(request);
      } catch (ActivityFailure e) {
        log.warn("could not discard staged files of {}: {}", job.id(), e.getMessage());
      }
    }
    try {
      artifacts.discard(request);
    } catch (ActivityFailure e) {
      log.warn("could not discard partial output of {}: {}", job.id(), e.getMessage());
    }
  }

  private ExportError errorOf(ActivityFailure failure) {
    String code = "activity_failed";
    String message = failure.getMessage();
    int attempts = ExportActivityOptions.WORK_ATTEMPTS;
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      code = app.getType();
      message = app.getOriginalMessage();
      if (app.getDetails() != null && app.getDetails().getSize() > 0) {
        attempts = app.getDetails().get(0, Integer.class);
      }
    } else if (cause instanceof TimeoutFailure timeout) {
      code = "activity_timeout";
      message = "timed out: " + timeout.getTimeoutType();
    }
    return new ExportError(code, message, failure.getActivityType(), attempts, now());
  }

  private void transition(ExportJob next) {
    job = next;
    upsertSearchAttributes();
    writes++;
    // workflow time orders writes across runs too: a reset run's writes win over the old run's
    long revision = Workflow.currentTimeMillis() * 1_000 + writes;
    jobIndex.record(new JobSnapshot(job, revision, location));
  }

  private void upsertSearchAttributes() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(EXPORT_TENANT.valueSet(job.tenant()));
    updates.add(EXPORT_TYPE.valueSet(job.type().wire()));
    updates.add(EXPORT_STATUS.valueSet(job.status().wire()));
    if (job.scheduleId() != null) {
      updates.add(EXPORT_SCHEDULE_ID.valueSet(job.scheduleId()));
    }
    updates.add(
        job.expiresAt() == null
            ? EXPORT_EXPIRES_AT.valueUnset()
            : EXPORT_EXPIRES_AT.valueSet(job.expiresAt().atOffset(ZoneOffset.UTC)));
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  private void audit(String action, String outcome, Map<String, Object> details) {
    Map<String, Object> attributes = new LinkedHashMap<>(details);
    attributes.put("jobId", job.id());
    attributes.put("attempt", job.attempt());
    attributes.put("type", job.type().wire());
    String actor = "export.requested".equals(action) ? job.requestedBy() : SYSTEM;
    audit.append(
        new AuditEvent(
            job.tenant(),
            actor,
            action,
            job.id(),
            outcome,
            now(),
            attributes,
            job.id() + "/" + job.attempt() + "/" + action));
  }

  private static Duration retention(String value) {
    return Retention.parse(value)
        .orElseThrow(() -> new IllegalArgumentException("invalid retention " + value));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
