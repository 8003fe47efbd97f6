package io.exportjobs.worker;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Heartbeats an activity from a side thread while its work runs, for steps that cannot report
 * progress themselves (digesting, uploading, packing). With a short heartbeat timeout, a worker
 * killed in the middle of such a step is noticed in seconds instead of at the step's start-to-close
 * timeout.
 */
public final class Heartbeats {

  private static final long EVERY_SECONDS = 5;

  private Heartbeats() {}

  public static <T> T whileRunning(Supplier<T> work) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat-" + ctx.getInfo().getActivityId());
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> {
          try {
            ctx.heartbeat(null);
          } catch (RuntimeException cancelledOrGone) {
            // a cancelled or timed-out activity ends with its work; nothing to do here
          }
        },
        0,
        EVERY_SECONDS,
        TimeUnit.SECONDS);
    try {
      return work.get();
    } finally {
      ticker.shutdownNow();
    }
  }
}
