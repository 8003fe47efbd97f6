package io.exportjobs.worker.reconcile;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ReconcileActivities {

  /**
   * Finds the jobs whose ExportWorkflow was terminated or timed out in Temporal while the job index
   * still holds them pending or running, and records each failed ({@code workflow_terminated},
   * {@code workflow_timed_out}): ledger entry, job index, freed slot, woken waiters.
   *
   * @return how many jobs it recorded failed
   */
  @ActivityMethod(name = "ReconcileClosedExports")
  int reconcileClosedWorkflows();
}
