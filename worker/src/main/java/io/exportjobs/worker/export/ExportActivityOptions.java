package io.exportjobs.worker.export;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries per activity. Activities that write the job's record retry without limit (a
 * job must never be left with a stale status); work activities retry a few times, then the job
 * fails with the error of the last try.
 */
final class ExportActivityOptions {

  static final int WORK_ATTEMPTS = 3;

  private ExportActivityOptions() {}

  static ActivityOptions policy() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries(5))
        .build();
  }

  /** Long and heartbeated; waits for the activity to stop before cleanup runs on cancel. */
  static ActivityOptions extraction() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(6))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(retries(WORK_ATTEMPTS))
        .build();
  }

  /**
   * Waits for a cancelled publish to finish, so that the cleanup after it removes what it published
   * instead of racing with it.
   */
  static ActivityOptions artifact() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(retries(WORK_ATTEMPTS))
        .build();
  }

  /**
   * Deleting an expired artifact must eventually happen, whatever the store's outages: retention is
   * a compliance promise, so this retries without limit.
   */
  static ActivityOptions cleanup() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofMinutes(5))
                .build())
        .build();
  }

  /**
   * Steps that read the staged file, on the task queue of the worker that wrote it. A worker that
   * is gone never picks them up: after a minute the workflow extracts again elsewhere. They
   * heartbeat while they run, so a worker killed in the middle is noticed in 30 s, not at the
   * 30-minute start-to-close. Without a host queue (a worker of the first version) they run on the
   * shared queue.
   */
  static ActivityOptions onHost(String hostQueue) {
    if (hostQueue == null) {
      return artifact();
    }
    return ActivityOptions.newBuilder(artifact())
        .setTaskQueue(hostQueue)
        .setScheduleToStartTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .build();
  }

  static ActivityOptions bookkeeping() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofMinutes(1))
                .build())
        .build();
  }

  /** The same timeout and retries as a local activity (v5 bookkeeping). */
  static LocalActivityOptions local(ActivityOptions remote) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(remote.getStartToCloseTimeout())
        .setRetryOptions(remote.getRetryOptions())
        .build();
  }

  private static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setMaximumAttempts(attempts)
        .build();
  }
}
