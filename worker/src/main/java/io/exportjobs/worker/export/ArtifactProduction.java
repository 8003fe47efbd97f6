package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PackagingActivities;
import io.exportjobs.shared.workflow.PublishedArtifact;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * One attempt's artifact: extraction on any worker, then build (packs, reports) and publish on the
 * worker that holds the staged file, through its own task queue. Knows where the attempt left
 * files, so that a failed or cancelled attempt can remove them.
 */
final class ArtifactProduction {

  private static final Logger log = Workflow.getLogger(ArtifactProduction.class);

  /** Change id of building and publishing on the extracting worker's own task queue (v2). */
  static final String HOST_QUEUE_CHANGE = "host-queue";

  private final ExtractionActivities extraction =
      Workflow.newActivityStub(ExtractionActivities.class, ExportActivityOptions.extraction());
  private final ArtifactActivities artifacts =
      Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.artifact());
  private String hostQueue;

  record Produced(ExtractionResult extracted, PublishedArtifact published) {}

  Produced produce(ExportRequest request, JobRecorder recorder) {
    if (Workflow.getVersion(HOST_QUEUE_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      ExtractionResult extracted = extraction.extract(request);
      extracted(recorder, extracted);
      return new Produced(extracted, artifacts.publish(request, extracted));
    }
    return onHost(request, recorder);
  }

  /**
   * If the worker that holds the staged file is gone before it picks up the next step, the file is
   * gone with it: extract again, wherever.
   */
  private Produced onHost(ExportRequest request, JobRecorder recorder) {
    for (int round = 1; ; round++) {
      ExtractionResult extracted = extraction.extract(request);
      extracted(recorder, extracted);
      hostQueue = extracted.workerQueue();
      ActivityOptions onHost = ExportActivityOptions.onHost(hostQueue);
      ArtifactActivities hostArtifacts = Workflow.newActivityStub(ArtifactActivities.class, onHost);
      try {
        ExtractionResult staged = extracted;
        if (request.type().needsBuildStep()) {
          staged =
              Workflow.newActivityStub(PackagingActivities.class, onHost).build(request, extracted);
        }
        return new Produced(staged, hostArtifacts.publish(request, staged));
      } catch (ActivityFailure failure) {
        if (round >= ExportActivityOptions.WORK_ATTEMPTS || !workerGone(failure)) {
          throw failure;
        }
        log.warn(
            "the worker holding the staged file of {} is gone ({}); extracting again",
            request.jobId(),
            hostQueue);
      }
    }
  }

  private static void extracted(JobRecorder recorder, ExtractionResult extracted) {
    ExportJob job = recorder.job();
    TimeRange range = job.range();
    if (extracted.fromSeq() != null) {
      range = TimeRange.ofSeq(extracted.fromSeq(), null);
    }
    if (range.isSeq() && range.toSeq() == null && extracted.ledgerHead() != null) {
      // a seq range without toSeq ends at the head the extraction pinned: show what it resolved
      range = range.withToSeq(extracted.ledgerHead().seq() + 1);
    }
    recorder.update(
        job.toBuilder()
            .range(range)
            .progress(
                new ExportProgress(
                    extracted.entryCount(),
                    extracted.bytesWritten(),
                    job.progress().entriesTotal()))
            .build());
    CurrentDetails.show(recorder.job());
  }

  private static boolean workerGone(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
  }

  /** Partial output must go; if the store is what failed, that must not hide the real error. */
  void discardQuietly(ExportRequest request) {
    if (hostQueue != null) {
      // the staged files live on the worker that extracted; if it is gone, so are they
      try {
        Workflow.newActivityStub(ArtifactActivities.class, ExportActivityOptions.onHost(hostQueue))
            .discard(request);
      } catch (ActivityFailure e) {
        log.warn("could not discard staged files of {}: {}", request.jobId(), e.getMessage());
      }
    }
    try {
      artifacts.discard(request);
    } catch (ActivityFailure e) {
      log.warn("could not discard partial output of {}: {}", request.jobId(), e.getMessage());
    }
  }
}
