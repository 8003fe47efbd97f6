package io.exportjobs.api.export;

import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;

import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.OperatorSummary;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The api's only contact with Temporal for jobs: start a run, cancel it, update the workflow that
 * holds its retention.
 */
@Component
public class WorkflowGateway {

  private final WorkflowClient client;
  private final String taskQueue;

  WorkflowGateway(
      WorkflowClient client, @Value("${exportjobs.task-queue:exports}") String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the job's workflow; a retry reuses the id, which Temporal allows only after a failed,
   * cancelled or terminated run. Returns the run id.
   */
  public String start(ExportRequest request) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(EXPORT_TENANT, request.tenant())
            .set(EXPORT_TYPE, request.type().wire())
            .set(EXPORT_STATUS, ExportStatus.PENDING.wire());
    if (request.scheduleId() != null) {
      attributes.set(TemporalNames.EXPORT_SCHEDULE_ID, request.scheduleId());
    }
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(request.jobId())
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setTypedSearchAttributes(attributes.build())
            .setMemo(Map.of(TemporalNames.MEMO_SUMMARY, OperatorSummary.of(request)))
            .setStaticSummary(OperatorSummary.of(request))
            .setStaticDetails(OperatorSummary.details(request))
            .build();
    ExportWorkflow workflow = client.newWorkflowStub(ExportWorkflow.class, options);
    return WorkflowClient.start(workflow::run, request, null).getRunId();
  }

  /**
   * Waits at most {@code limit} for the job's latest run to close, however it ends; true if it
   * closed. A run records its job's end first and then finishes its tail (leaving its slot, telling
   * the webhooks), so a retry that comes at once may find it still open for a moment.
   */
  public boolean awaitClosed(String workflowId, Duration limit) {
    try {
      client
          .newUntypedWorkflowStub(workflowId)
          .getResult(limit.toMillis(), TimeUnit.MILLISECONDS, Object.class);
      return true;
    } catch (TimeoutException stillOpen) {
      return false;
    } catch (WorkflowException closedOtherwise) {
      return true; // failed, cancelled, terminated or timed out: closed all the same
    }
  }

  public void cancel(ExportJob job) {
    client.newUntypedWorkflowStub(job.workflowId()).cancel();
  }

  /**
   * Update {@code setRetention}, sent to whichever workflow holds the job's retention now: the
   * workflow moves its timer and answers the job with the new {@code expiresAt}. Throws a {@code
   * WorkflowException} when the workflow refuses (the job is no longer completed) or is gone.
   */
  public ExportJob setRetention(ExportJob job, String retention) {
    return toRetentionHolder(
        job, held -> held.setRetention(retention), own -> own.setRetention(retention));
  }

  /** Update {@code deleteArtifact}: answers once the artifact is deleted and the job expired. */
  public ExportJob deleteArtifact(ExportJob job) {
    return toRetentionHolder(job, ExportRetention::deleteArtifact, ExportWorkflow::deleteArtifact);
  }

  /**
   * A job completed since workflow v3 has its retention in {@code <job id>.retention}. A job
   * completed by an earlier version has no such workflow: its ExportWorkflow, still open, holds the
   * retention itself.
   */
  private ExportJob toRetentionHolder(
      ExportJob job,
      Function<ExportRetention, ExportJob> retentionWorkflow,
      Function<ExportWorkflow, ExportJob> jobWorkflow) {
    try {
      return retentionWorkflow.apply(
          client.newWorkflowStub(
              ExportRetention.class, TemporalNames.retentionWorkflowId(job.id())));
    } catch (WorkflowNotFoundException noRetentionWorkflow) {
      return jobWorkflow.apply(client.newWorkflowStub(ExportWorkflow.class, job.workflowId()));
    }
  }
}
