package io.exportjobs.worker.export;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One pass of the reconciler, started by its Temporal Schedule (every minute by default): jobs
 * whose ExportWorkflow was closed in Temporal without recording its end are recorded failed.
 */
@WorkflowInterface
public interface ReconcilerWorkflow {

  String TYPE = "ReconcileExports";

  /** Returns how many jobs this pass recorded failed. */
  @WorkflowMethod(name = TYPE)
  int run();
}
