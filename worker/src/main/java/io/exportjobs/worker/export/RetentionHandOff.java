package io.exportjobs.worker.export;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.workflow.ExportRetention;
import io.exportjobs.shared.workflow.OperatorSummary;
import io.exportjobs.shared.workflow.RetentionRequest;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.ZoneOffset;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Hands a completed job's retention to its own workflow, {@link ExportRetention} {@code <job
 * id>.retention}, so that the job's ExportWorkflow can close with the job. The child is abandoned
 * by its parent on purpose: it outlives it by the whole retention.
 */
final class RetentionHandOff {

  private static final Logger log = Workflow.getLogger(RetentionHandOff.class);

  /**
   * Change id of the retention child (v3). Runs without it (v1, v2) keep the retention timer in
   * their own workflow; they were already holding it when the new workers came.
   */
  static final String RETENTION_CHILD_CHANGE = "retention-child";

  private RetentionHandOff() {}

  /** Whether this run hands its retention to a child: every run that gets this far from v3 on. */
  static boolean toChild() {
    return Workflow.getVersion(RETENTION_CHILD_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * Starts the retention workflow of {@code completed} and returns once it runs: from then on it
   * holds the artifact, whatever happens to this workflow.
   */
  static void start(ExportJob completed, ArtifactLocation location) {
    ExportRetention child =
        Workflow.newChildWorkflowStub(ExportRetention.class, options(completed));
    Async.function(child::run, new RetentionRequest(completed, location));
    try {
      Workflow.getWorkflowExecution(child).get();
    } catch (ChildWorkflowFailure notStarted) {
      // only when one runs already: this attempt completed before, and the job's workflow was
      // reset to an earlier point; the retention workflow of that run still holds the artifact
      log.warn(
          "the retention workflow of {} was not started: {}",
          completed.id(),
          notStarted.getCause());
    }
  }

  /**
   * The child carries the job's search attributes with {@code ExportExpiresAt} (it keeps it
   * current: {@code ExportExpiresAt < '…'} finds what expires when), and {@code ExportStatus}
   * {@code completed} until it records the job {@code expired}.
   */
  static ChildWorkflowOptions options(ExportJob job) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(TemporalNames.EXPORT_TENANT, job.tenant())
            .set(TemporalNames.EXPORT_TYPE, job.type().wire())
            .set(TemporalNames.EXPORT_STATUS, job.status().wire())
            .set(TemporalNames.EXPORT_EXPIRES_AT, job.expiresAt().atOffset(ZoneOffset.UTC));
    if (job.scheduleId() != null) {
      attributes.set(TemporalNames.EXPORT_SCHEDULE_ID, job.scheduleId());
    }
    String summary = OperatorSummary.ofRetention(job);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(TemporalNames.retentionWorkflowId(job.id()))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setTypedSearchAttributes(attributes.build())
        .setMemo(Map.of(TemporalNames.MEMO_SUMMARY, summary))
        .setStaticSummary(summary)
        .setStaticDetails(OperatorSummary.retentionDetails(job))
        .build();
  }
}
