package io.exportjobs.worker.reconcile;

import io.exportjobs.worker.export.ReconcilerWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The reconciler's Temporal Schedule, {@code export-reconciler-<task queue>}: a {@code
 * ReconcileExports} workflow every {@code exportjobs.reconciler.interval} (one minute by default)
 * on this deployment's task queue. Created when a worker starts, idempotently: the first worker
 * creates it, the others find it (and bring its interval up to date if the configuration changed).
 */
@Component
public class ReconcilerSchedule {

  private static final Logger log = LoggerFactory.getLogger(ReconcilerSchedule.class);

  private final ScheduleClient schedules;
  private final String taskQueue;
  private final Duration interval;
  private final boolean enabled;

  public ReconcilerSchedule(
      ScheduleClient schedules,
      @Value("${exportjobs.task-queue:exports}") String taskQueue,
      @Value("${exportjobs.reconciler.interval:PT1M}") Duration interval,
      @Value("${exportjobs.reconciler.enabled:true}") boolean enabled) {
    this.schedules = schedules;
    this.taskQueue = taskQueue;
    this.interval = interval;
    this.enabled = enabled;
  }

  public static String scheduleId(String taskQueue) {
    return "export-reconciler-" + taskQueue;
  }

  public String scheduleId() {
    return scheduleId(taskQueue);
  }

  @EventListener(ApplicationReadyEvent.class)
  public void ensureExists() {
    if (!enabled) {
      log.info("the reconciler is off (exportjobs.reconciler.enabled=false)");
      return;
    }
    Schedule schedule = schedule();
    try {
      schedules.createSchedule(scheduleId(), schedule, ScheduleOptions.newBuilder().build());
      log.info("created the reconciler's schedule {} (every {})", scheduleId(), interval);
    } catch (ScheduleAlreadyRunningException exists) {
      schedules
          .getHandle(scheduleId())
          .update(
              input -> {
                List<ScheduleIntervalSpec> now =
                    input.getDescription().getSchedule().getSpec().getIntervals();
                boolean same = now.size() == 1 && now.get(0).getEvery().equals(interval);
                return same ? null : new ScheduleUpdate(schedule);
              });
    } catch (RuntimeException e) {
      // the worker still serves jobs; the next worker start tries again
      log.error("could not create the reconciler's schedule {}", scheduleId(), e);
    }
  }

  private Schedule schedule() {
    WorkflowOptions run =
        WorkflowOptions.newBuilder()
            .setWorkflowId(scheduleId())
            .setTaskQueue(taskQueue)
            // a pass that no worker picks up must not pile up behind the next ones
            .setWorkflowExecutionTimeout(interval.multipliedBy(5).plusMinutes(5))
            .setStaticSummary(
                "Reconciler: records failed the export jobs whose workflow was terminated or"
                    + " timed out")
            .setStaticDetails(
                "Every " + interval + " on task queue `" + taskQueue + "`; see README, reconciler")
            .build();
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ReconcilerWorkflow.TYPE)
                .setOptions(run)
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .build())
        .build();
  }
}
