package io.exportjobs.worker.export;

import io.exportjobs.worker.reconcile.ReconcileActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** A pass of the reconciler: one activity, retried a few times; the next pass comes anyway. */
public class ReconcilerWorkflowImpl implements ReconcilerWorkflow {

  private final ReconcileActivities activities =
      Workflow.newActivityStub(
          ReconcileActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  @Override
  public int run() {
    return activities.reconcileClosedWorkflows();
  }
}
