package io.exportjobs.api.schedule;

import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_SCHEDULE_ID;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_STATUS;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TENANT;
import static io.exportjobs.shared.workflow.TemporalNames.EXPORT_TYPE;

import io.exportjobs.api.export.CreateExportBody;
import io.exportjobs.api.export.ExportRequestFactory;
import io.exportjobs.api.export.ExportService;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.policy.PolicyEvaluator;
import io.exportjobs.shared.workflow.OperatorSummary;
import io.exportjobs.shared.workflow.ScheduleMemoCodec;
import io.exportjobs.shared.workflow.ScheduledWindow;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a user's definition into the Temporal Schedule that carries it out: checked, its job
 * validated and policy-checked now as if it ran now, and the definition kept on the action as its
 * {@link io.exportjobs.shared.workflow.ScheduleMemo}, since the server keeps cron only in compiled
 * form.
 */
@Component
class ScheduleFactory {

  private final ExportRequestFactory requests;
  private final PolicyEvaluator policies;
  private final Clock clock;
  private final String taskQueue;

  ScheduleFactory(
      ExportRequestFactory requests,
      PolicyEvaluator policies,
      Clock clock,
      @Value("${exportjobs.task-queue:exports}") String taskQueue) {
    this.requests = requests;
    this.policies = policies;
    this.clock = clock;
    this.taskQueue = taskQueue;
  }

  Schedule build(Caller caller, ScheduleDefinition d, boolean paused, String note) {
    ScheduleValidation.Checked checked = ScheduleValidation.check(d, note);
    ExportRequest template = template(caller, d, checked.window());
    SearchAttributes attributes =
        SearchAttributes.newBuilder()
            .set(EXPORT_TENANT, caller.tenant())
            .set(EXPORT_TYPE, template.type().wire())
            .set(EXPORT_STATUS, ExportStatus.PENDING.wire())
            .set(EXPORT_SCHEDULE_ID, d.id())
            .build();
    // each run's range is known only when it runs: the line names the cron and window instead
    String span = d.incremental() ? "incremental" : d.window();
    String summary = OperatorSummary.ofSchedule(template, d.cron(), d.timezone(), span, d.id());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(template.jobId())
            .setTaskQueue(taskQueue)
            .setTypedSearchAttributes(attributes)
            .setMemo(ScheduleMemoCodec.write(summary, d.toMemo()))
            .setStaticSummary(summary)
            // the SDK reads a schedule action's summary and details back together: with only one
            // set, describing the schedule fails, so both are always given
            .setStaticDetails(
                OperatorSummary.scheduleDetails(template, d.cron(), d.timezone(), span, d.id()))
            .build();
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(TemporalNames.WORKFLOW_TYPE)
                .setArguments(template)
                .setOptions(options)
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(checked.cron().temporalCron()))
                .setTimeZoneName(checked.cron().timezone())
                .setJitter(checked.jitter())
                .build())
        // an export's workflow closes with its job, so Temporal's overlap policy sees what runs
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(checked.overlap())
                .setCatchupWindow(checked.catchup())
                .build())
        .setState(ScheduleState.newBuilder().setPaused(paused).setNote(note).build())
        .build();
  }

  /**
   * The request every run starts with, validated and policy-checked now as if it ran now. A window
   * schedule's template carries its {@link ScheduledWindow}, an incremental one's the seq range
   * from {@code startSeq}; each run gets its own range.
   */
  private ExportRequest template(Caller caller, ScheduleDefinition d, Duration window) {
    ScheduleBodies.JobTemplate job = d.job();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ExportRequest checked =
        requests
            .create(
                caller,
                new CreateExportBody(
                    job.type(),
                    job.format(),
                    d.incremental()
                        ? new CreateExportBody.Range(null, null, null, d.startSeq(), null)
                        : new CreateExportBody.Range(now.minus(window), now),
                    job.filters(),
                    job.retention(),
                    job.target(),
                    job.labels()),
                null)
            .request();
    ExportService.checkPolicy(policies, checked);
    return checked.toBuilder()
        .jobId(TemporalNames.scheduledJobPrefix(caller.tenant(), d.id()))
        .range(
            d.incremental()
                ? TimeRange.ofSeq(d.startSeq(), null)
                : new ScheduledWindow(window).templateRange())
        .scheduledWindow(d.incremental() ? null : window)
        .createdAt(now)
        .requestedBy(caller.actor())
        .callerScopes(caller.scopes())
        .attempt(1)
        .scheduleId(d.id())
        .build();
  }
}
