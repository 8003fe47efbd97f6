package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One export job: policy check → streamed extraction → artifact → retention timer → cleanup. The
 * workflow id is the job id.
 */
@WorkflowInterface
public interface ExportWorkflow {

  @WorkflowMethod(name = TemporalNames.WORKFLOW_TYPE)
  ExportJob run(ExportRequest request);

  /**
   * A slot of the tenant may have freed: a job waiting for one asks again now instead of at the end
   * of its pause. Sent by the job that freed it; harmless at any other time.
   */
  @SignalMethod(name = TemporalNames.SIGNAL_SLOT_FREED)
  void slotFreed();

  /** The job as the workflow knows it right now. */
  @QueryMethod(name = TemporalNames.QUERY_STATE)
  ExportJob state();

  /** Moves {@code expiresAt} to {@code completedAt + retention}, within the policy bounds. */
  @UpdateMethod(name = TemporalNames.UPDATE_SET_RETENTION)
  ExportJob setRetention(String retention);

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_SET_RETENTION)
  void validateSetRetention(String retention);

  /** Deletes the artifact now; the job becomes {@code expired}. */
  @UpdateMethod(name = TemporalNames.UPDATE_DELETE_ARTIFACT)
  ExportJob deleteArtifact();

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_DELETE_ARTIFACT)
  void validateDeleteArtifact();
}
