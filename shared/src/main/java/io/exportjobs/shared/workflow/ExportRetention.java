package io.exportjobs.shared.workflow;

import io.exportjobs.shared.export.ExportJob;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The retention of one completed job: a child of its {@link ExportWorkflow} with workflow id {@code
 * <job id>.retention} (parent close policy abandon), open until the artifact is deleted. It holds
 * one timer until {@code expiresAt}, then deletes the artifact and records the job {@code expired}.
 * Small and boring on purpose: it stays open for months, so nothing of the export path is in it.
 */
@WorkflowInterface
public interface ExportRetention {

  @WorkflowMethod(name = TemporalNames.RETENTION_WORKFLOW_TYPE)
  ExportJob run(RetentionRequest request);

  /** The job as this workflow holds it (completed until it expires). */
  @QueryMethod(name = TemporalNames.QUERY_STATE)
  ExportJob state();

  /** Moves {@code expiresAt} to {@code completedAt + retention}, within the policy bounds. */
  @UpdateMethod(name = TemporalNames.UPDATE_SET_RETENTION)
  ExportJob setRetention(String retention);

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_SET_RETENTION)
  void validateSetRetention(String retention);

  /** Deletes the artifact now; answers once the job is recorded {@code expired}. */
  @UpdateMethod(name = TemporalNames.UPDATE_DELETE_ARTIFACT)
  ExportJob deleteArtifact();

  @UpdateValidatorMethod(updateName = TemporalNames.UPDATE_DELETE_ARTIFACT)
  void validateDeleteArtifact();
}
