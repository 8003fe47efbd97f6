package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportError;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.Map;
import org.slf4j.Logger;

/**
 * How an attempt ends without an artifact: failed or cancelled. Either way its partial output goes,
 * the ledger gets the entry, the job index turns terminal last (when nothing of this run is left to
 * do, so a client that sees it can retry at once) and the job leaves its tenant's queue. All of it
 * in a detached scope, so that a cancellation cannot stop the cleanup it asked for.
 */
final class JobEnding {

  private static final Logger log = Workflow.getLogger(JobEnding.class);

  private final JobRecorder recorder;
  private final ArtifactProduction production;
  private final SlotQueue slots;

  JobEnding(JobRecorder recorder, ArtifactProduction production, SlotQueue slots) {
    this.recorder = recorder;
    this.production = production;
    this.slots = slots;
  }

  /**
   * Records the job failed, then fails the run in Temporal too, so the Web UI shows it red and it
   * can be reset there.
   */
  ApplicationFailure fail(ActivityFailure failure, ExportRequest r) {
    ExportError error = errorOf(failure);
    ExportJob job = recorder.job();
    log.warn("export {} failed: {} {}", job.id(), error.code(), error.message());
    Workflow.newDetachedCancellationScope(
            () -> {
              production.discardQuietly(r);
              recorder.audit(
                  "export.failed",
                  "failure",
                  Map.of("code", error.code(), "activity", error.activity()));
              recorder.transition(
                  recorder.job().toBuilder().status(ExportStatus.FAILED).error(error).build());
              CurrentDetails.show(recorder.job());
              slots.leave(job.tenant());
              recorder.notifyWebhooks(WebhookEvents.FAILED);
            })
        .run();
    return ApplicationFailure.newNonRetryableFailureWithCause(
        error.message(), error.code(), failure, error);
  }

  void cancel(ExportRequest r) {
    Workflow.newDetachedCancellationScope(
            () -> {
              production.discardQuietly(r);
              recorder.audit("export.cancelled", "success", Map.of());
              // a cancel that lands after publishing removed the artifact too: forget it
              recorder.location(null);
              recorder.transition(
                  recorder.job().toBuilder()
                      .status(ExportStatus.CANCELLED)
                      .artifact(null)
                      .completedAt(null)
                      .expiresAt(null)
                      .build());
              CurrentDetails.show(recorder.job());
              slots.leave(recorder.job().tenant());
              recorder.notifyWebhooks(WebhookEvents.CANCELLED);
            })
        .run();
  }

  private static ExportError errorOf(ActivityFailure failure) {
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
    return new ExportError(code, message, failure.getActivityType(), attempts, JobRecorder.now());
  }
}
