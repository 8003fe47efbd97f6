package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One export job: policy check → admission → streamed extraction → artifact, closing with the job
 * (Completed, Failed or Canceled in Temporal). A completed job's retention is then held by the
 * child workflow {@link ExportRetention}. The workflow id is the job id.
 */
@WorkflowInterface
public interface ExportWorkflow {

  /**
   * @param request the job's request (a schedule's template, for a run a schedule started)
   * @param waiting null when a job starts; set when a job that waits for a slot continues as a new
   *     run (older clients start it with the request alone, which reads as null here)
   */
  @WorkflowMethod(name = TemporalNames.WORKFLOW_TYPE)
  ExportJob run(ExportRequest request, WaitingForSlot waiting);

  /**
   * A slot of the tenant may have freed: a job waiting for one asks again now instead of at the end
   * of its fallback wait. Sent by the job that freed it and by the reconciler; harmless at any
   * other time.
   */
  @SignalMethod(name = TemporalNames.SIGNAL_SLOT_FREED)
  void slotFreed();

  /**
   * The extraction's progress, sent by the extraction activity at most every 5 % of the entries and
   * every 10 s; shown as the workflow's current details in the Web UI.
   */
  @SignalMethod(name = TemporalNames.SIGNAL_PROGRESS)
  void progress(ExportProgress progress);

  /** The job as the workflow knows it right now. */
  @QueryMethod(name = TemporalNames.QUERY_STATE)
  ExportJob state();

  /**
   * Moves {@code expiresAt} of a job whose retention this workflow still holds: jobs completed by
   * the first two versions of the workflow. Newer jobs take it on {@link ExportRetention}.
   */
  @UpdateMethod(name = TemporalNames.UPDATE_SET_RETENTION)
  ExportJob setRetention(String retention);

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_SET_RETENTION)
  void validateSetRetention(String retention);

  /** Deletes the artifact of a job whose retention this workflow still holds (as above). */
  @UpdateMethod(name = TemporalNames.UPDATE_DELETE_ARTIFACT)
  ExportJob deleteArtifact();

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_DELETE_ARTIFACT)
  void validateDeleteArtifact();
}
