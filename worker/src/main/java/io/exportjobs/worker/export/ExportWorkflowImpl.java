package io.exportjobs.worker.export;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.webhook.WebhookEvents;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.PolicyCheck;
import io.exportjobs.shared.workflow.TemporalNames;
import io.exportjobs.shared.workflow.WaitingForSlot;
import io.exportjobs.worker.export.ArtifactProduction.Produced;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.Map;

/**
 * The life of one export job, closing with it: Completed, Failed or Canceled in Temporal. A
 * completed job's retention goes on in its own workflow ({@link ExportRetentionImpl}). Every status
 * change goes to the workflow's state (query {@code state}), the search attributes and the job
 * index at once ({@link JobRecorder}).
 *
 * <p>Versions (each a {@code Workflow.getVersion} change id, so that the runs of earlier versions
 * still replay and finish): {@code admission} and {@code host-queue} (v2), {@code slot-wait-signal}
 * and {@code retention-child} (v3), {@code webhook-notices} (v4), {@code local-bookkeeping} (v5,
 * {@link Bookkeeping}; README, "Workflow versions"). A run of v1 or v2 that was already holding its
 * retention when v3 came keeps holding it here, and takes the retention updates itself.
 */
public class ExportWorkflowImpl implements ExportWorkflow {

  private final SlotQueue slots = new SlotQueue();
  private final ArtifactProduction production = new ArtifactProduction();

  private ExportRequest request;
  private JobRecorder recorder;
  private JobEnding ending;

  /** Only in runs of v1 and v2: the retention they hold themselves. */
  private RetentionTimer heldRetention;

  private boolean retentionHandedOff;

  @Override
  public ExportJob run(ExportRequest input, WaitingForSlot waiting) {
    request = ScheduledRuns.resolve(input);
    boolean bySchedule = request != input;
    Bookkeeping bookkeeping = Bookkeeping.ofThisRun();
    slots.use(bookkeeping);
    recorder = new JobRecorder(firstState(request, waiting), bySchedule, bookkeeping);
    ending = new JobEnding(recorder, production, slots);
    recorder.upsertSearchAttributes();
    try {
      // inside the try: a cancel that arrives before the first task must still end `cancelled`
      stopIfCancelled(bookkeeping);
      if (waiting == null) {
        if (bySchedule) {
          // a schedule started this run, so no api call listed it: list it as pending now
          recorder.transition(recorder.job());
        }
        recorder.audit("export.requested", "success", Map.of());
        countEntries(bookkeeping.policy.checkPolicy(request));
        stopIfCancelled(bookkeeping);
      }
      Instant admittedAt = slots.await(request, recorder, waiting);
      stopIfCancelled(bookkeeping);
      start(admittedAt);
      Produced produced = production.produce(request, recorder);
      if (handsRetentionToChild()) {
        completeAndHandOffRetention(produced);
        return recorder.job();
      }
      completeHoldingRetention(produced);
    } catch (ActivityFailure failure) {
      if (CancellationScope.current().isCancelRequested()) {
        ending.cancel(request);
        throw new CanceledFailure("export " + request.jobId() + " was cancelled");
      }
      throw ending.fail(failure, request);
    } catch (CanceledFailure cancelled) {
      ending.cancel(request);
      throw cancelled;
    }
    return heldRetention.awaitThenExpire();
  }

  /**
   * The version gate of the retention child. Overridden only by the replay test, to show what
   * happens to the runs of earlier versions without it.
   */
  boolean handsRetentionToChild() {
    return RetentionHandOff.toChild();
  }

  /**
   * v5: a local activity runs to its end even when the run is cancelled, where an activity is
   * cancelled before it starts; so the run looks for a cancel itself, before each step that would
   * move the job on.
   */
  private void stopIfCancelled(Bookkeeping bookkeeping) {
    if (bookkeeping.local && CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("export " + request.jobId() + " was cancelled");
    }
  }

  /** A new job is pending; a continued run goes on from where its previous run waited. */
  private static ExportJob firstState(ExportRequest request, WaitingForSlot waiting) {
    ExportJob pending = request.pendingJob();
    return pending.toBuilder()
        .runId(Workflow.getInfo().getRunId())
        .progress(
            waiting == null
                ? pending.progress()
                : ExportProgress.none().withTotal(waiting.entriesTotal()))
        .build();
  }

  private void countEntries(PolicyCheck check) {
    ExportJob job = recorder.job();
    recorder.update(
        job.toBuilder().progress(job.progress().withTotal(SlotQueue.total(check))).build());
    CurrentDetails.show(recorder.job());
  }

  /** Running from the moment the job took its slot (v1, without admission: from now). */
  private void start(Instant admittedAt) {
    Instant startedAt = admittedAt == null ? JobRecorder.now() : admittedAt;
    recorder.transition(
        recorder.job().toBuilder().status(ExportStatus.RUNNING).startedAt(startedAt).build());
    CurrentDetails.show(recorder.job());
    recorder.audit("export.started", "success", Map.of());
  }

  /**
   * v3: the retention workflow is started before the job index says completed, so whoever sees the
   * job completed finds its retention workflow running. A cancel that came while the artifact was
   * being published still cancels the job (and removes the artifact); once the hand-off begins it
   * is finished, whatever comes.
   */
  private void completeAndHandOffRetention(Produced produced) {
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("export " + request.jobId() + " was cancelled");
    }
    ExportJob completed = completed(produced);
    Workflow.newDetachedCancellationScope(
            () -> {
              recorder.location(produced.published().location());
              RetentionHandOff.start(completed, recorder.location());
              retentionHandedOff = true;
              recorder.leaveExpiryToTheRetentionWorkflow();
              recorder.transition(completed);
              CurrentDetails.handedOff(completed);
              slots.leave(completed.tenant());
              recorder.audit("export.completed", "success", completedDetails(produced));
              recorder.notifyWebhooks(WebhookEvents.COMPLETED);
            })
        .run();
  }

  /** v1, v2: the job completes and this workflow holds the retention itself. */
  private void completeHoldingRetention(Produced produced) {
    heldRetention = new RetentionTimer(recorder);
    recorder.location(produced.published().location());
    recorder.transition(completed(produced));
    slots.leave(recorder.job().tenant());
    recorder.audit("export.completed", "success", completedDetails(produced));
    recorder.notifyWebhooks(WebhookEvents.COMPLETED);
  }

  /**
   * The completed job. Its {@code entriesTotal} stays the count the policy check made before
   * anything was written (null in a run of a version that did not count): it is what the job said
   * it would export, so that it can be compared with what the artifact holds, not a copy of it.
   */
  private ExportJob completed(Produced produced) {
    Instant completedAt = JobRecorder.now();
    ExportJob job = recorder.job();
    return job.toBuilder()
        .status(ExportStatus.COMPLETED)
        .completedAt(completedAt)
        .expiresAt(completedAt.plus(RetentionTimer.duration(job.retention())))
        .artifact(produced.published().artifact())
        .progress(
            new ExportProgress(
                produced.extracted().entryCount(),
                produced.published().artifact().sizeBytes(),
                job.progress().entriesTotal()))
        .build();
  }

  private static Map<String, Object> completedDetails(Produced produced) {
    return Map.of(
        "sha256", produced.published().artifact().sha256(),
        "entryCount", produced.published().artifact().entryCount());
  }

  @Override
  public void slotFreed() {
    slots.wake();
  }

  @Override
  public void progress(ExportProgress progress) {
    ExportJob job = recorder == null ? null : recorder.job();
    if (job == null || job.status() != ExportStatus.RUNNING || progress == null) {
      return; // a late report of a step that is over
    }
    recorder.update(
        job.toBuilder()
            .progress(
                new ExportProgress(
                    progress.entriesExported(),
                    progress.bytesWritten(),
                    job.progress().entriesTotal()))
            .build());
    CurrentDetails.show(recorder.job());
  }

  @Override
  public ExportJob state() {
    return recorder == null ? null : recorder.job();
  }

  @Override
  public void validateSetRetention(String retention) {
    heldHere("retention can be changed only while the job is completed")
        .validateSetRetention(retention);
  }

  @Override
  public ExportJob setRetention(String retention) {
    return heldRetention.setRetention(retention);
  }

  @Override
  public void validateDeleteArtifact() {
    heldHere("only a completed job has an artifact to delete").validateDeleteArtifact();
  }

  @Override
  public ExportJob deleteArtifact() {
    return heldRetention.deleteArtifact();
  }

  private RetentionTimer heldHere(String notCompleted) {
    if (heldRetention != null) {
      return heldRetention;
    }
    if (retentionHandedOff) {
      throw new IllegalStateException(
          "the retention of this job is held by workflow "
              + TemporalNames.retentionWorkflowId(request.jobId()));
    }
    throw new IllegalStateException(notCompleted);
  }
}
