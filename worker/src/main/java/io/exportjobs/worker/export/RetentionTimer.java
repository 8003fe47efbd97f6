package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.policy.Retention;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * A completed job's retention: one durable timer until {@code expiresAt}, moved by {@code
 * setRetention} and cut short by {@code deleteArtifact}, then the artifact is deleted and the job
 * recorded {@code expired}. Held by {@link ExportRetentionImpl}; jobs completed by the first two
 * versions of ExportWorkflow hold it in their own workflow, with the same commands, which is what
 * lets their histories replay.
 */
final class RetentionTimer {

  /**
   * Change id: an expiry's ledger entry is appended before the artifact is deleted (no entry, no
   * action), where runs that reached their expiry before it deleted first and appended after.
   */
  static final String ENTRY_FIRST_CHANGE = "expiry-entry-first";

  private final JobRecorder recorder;
  private final ArtifactActivities cleanup =
      Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.cleanup());
  private boolean retentionChanged;
  private boolean deleteRequested;
  private boolean expiryRecorded;

  RetentionTimer(JobRecorder recorder) {
    this.recorder = recorder;
  }

  void validateSetRetention(String retention) {
    if (recorder.job().status() != ExportStatus.COMPLETED) {
      throw new IllegalStateException("retention can be changed only while the job is completed");
    }
    if (Retention.read(retention).isEmpty()) {
      throw new IllegalArgumentException("retention must be a positive ISO 8601 duration");
    }
  }

  ExportJob setRetention(String retention) {
    ExportJob job = recorder.job();
    recorder.transition(
        job.toBuilder()
            .retention(retention)
            .expiresAt(job.completedAt().plus(duration(retention)))
            .build());
    retentionChanged = true;
    return recorder.job();
  }

  void validateDeleteArtifact() {
    if (recorder.job().status() != ExportStatus.COMPLETED) {
      throw new IllegalStateException("only a completed job has an artifact to delete");
    }
  }

  ExportJob deleteArtifact() {
    deleteRequested = true;
    // answer once the deletion is recorded everywhere, ledger included
    Workflow.await(() -> expiryRecorded);
    return recorder.job();
  }

  /** Waits until the retention ends (or the artifact is to go now), then expires the job. */
  ExportJob awaitThenExpire() {
    String reason = "retention_ended";
    try {
      while (!deleteRequested) {
        Duration left = Duration.between(JobRecorder.now(), recorder.job().expiresAt());
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
      // cancelling the workflow that holds the retention (e.g. from the Web UI) ends it early
      reason = "workflow_cancelled";
    }
    String why = reason;
    Workflow.newDetachedCancellationScope(
            () -> {
              boolean entryFirst =
                  Workflow.getVersion(ENTRY_FIRST_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
              if (entryFirst) {
                // a ledger that cannot be written holds the artifact (the append is retried)
                recorder.audit("export.expired", "success", Map.of("reason", why));
              }
              cleanup.delete(recorder.location());
              recorder.location(null);
              recorder.transition(recorder.job().toBuilder().status(ExportStatus.EXPIRED).build());
              if (!entryFirst) {
                recorder.audit("export.expired", "success", Map.of("reason", why));
              }
              expiryRecorded = true;
              recorder.notifyWebhooks(WebhookEvents.EXPIRED);
            })
        .run();
    return recorder.job();
  }

  static Duration duration(String retention) {
    return Retention.read(retention)
        .orElseThrow(() -> new IllegalArgumentException("invalid retention " + retention));
  }
}
